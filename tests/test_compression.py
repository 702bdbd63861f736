"""Compression on the wire: the sandbox compresses per API when asked (as Graph does), and the
client asks for it and reads compressed and plain answers alike."""

from __future__ import annotations

import gzip
import json
import urllib.request
from typing import Any

import pytest
from conftest import client, new_sandbox
from mdekit.testing import Sandbox

MDE = "https://api.securitycenter.microsoft.com"
GRAPH = "https://graph.microsoft.com"


def raw(sb: Sandbox, path: str, audience: str, role: str, body: Any = None) -> tuple[str, Any]:
    """One request with ``Accept-Encoding: gzip``: the Content-Encoding and the decoded JSON."""
    token = sb.server.issue_token(sb.client_id, audience, [role])
    req = urllib.request.Request(
        f"{sb.base_url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip",
                 "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as resp:
        encoding = resp.headers.get("Content-Encoding") or ""
        data = resp.read()
    return encoding, json.loads(gzip.decompress(data) if encoding == "gzip" else data)


@pytest.mark.parametrize("compress", [("mde", "graph"), ("graph",), ()])
def test_sandbox_compresses_per_api(compress: tuple[str, ...]) -> None:
    sb = new_sandbox(machines=5, alerts=30, compress=compress)
    try:
        enc, alerts = raw(sb, "/api/alerts", MDE, "Alert.Read.All")
        assert enc == ("gzip" if "mde" in compress else "")
        assert len(alerts["value"]) == 30
        enc, result = raw(sb, "/v1.0/security/runHuntingQuery", GRAPH, "ThreatHunting.Read.All",
                          {"Query": "DeviceInfo | take 3"})
        assert enc == ("gzip" if "graph" in compress else "")
        assert len(result["results"]) == 3
        # The client reads either answer the same way.
        c = client(sb)
        assert len(c.alerts.list().to_list()) == 30
        assert len(c.hunting.run("DeviceInfo | take 3").rows) == 3
    finally:
        sb.stop()


def test_compress_takes_api_names() -> None:
    with pytest.raises(ValueError, match="compress"):
        Sandbox(compress=["smtp"]).start()
