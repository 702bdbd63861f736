"""msticpy against the sandbox: its cloud configuration reads Resource Manager's
``/metadata/endpoints`` (which the sandbox serves), so ``QueryProvider("MDE")`` and
``QueryProvider("M365DGraph")`` sign in at the sandbox's token endpoint and run msticpy's own
built-in hunting queries on its tables.

msticpy is heavy (about 150 packages): it comes with the ``interop`` extra, which ``.ci/run``
installs (``MDEKIT_EXTRAS=dev,interop``); without it this module skips."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import new_sandbox
from mdekit.testing import Sandbox

pytest.importorskip("msticpy", reason="msticpy is in the interop extra (pip install -e '.[interop]')")

#: Built-in queries that must run, among them the ones that use what the sandbox's KQL subset
#: learnt for msticpy: has_any (process_cmd_line), dcountif, makeset and iff (brute_force),
#: extract (user_enumeration), project-away *1 after a join (list_alerts_with_evidence).
MUST_RUN = {
    "MDE": [
        "MDE.list_host_processes",
        "MDE.host_connections",
        "MDE.process_cmd_line",
        "MDEHunting.brute_force",
        "MDEHunting.user_enumeration",
        "M365D.list_alerts_with_evidence",
    ],
    "M365DGraph": [
        "M365D.list_alerts",
        "M365D.list_host_processes",
        "M365D.process_cmd_line",
        "M365D.list_alerts_with_evidence",
        "M365DHunting.brute_force",
        "M365DHunting.user_enumeration",
    ],
}

#: msticpy 3.0's built-in queries that the real service refuses too, and why. Every other
#: built-in query must run; each of these must fail as the service fails.
_SWALLOWED = ("accessibility_persistence", "network_scans", "doc_with_link", "email_link",
              "email_smartscreen", "smartscreen_ignored", "uncommon_powershell", "av_sites")
#: msticpy's YAML folds these queries onto one line, so their first `//` comment runs to the end
#: of the query: the service sees a `let` with no body, or a query cut short (a syntax error).
COMMENT_SWALLOWS_REST = {f"{family}.{q}" for family in ("MDEHunting", "M365DHunting")
                         for q in _SWALLOWED}
#: DeviceAlertEvents was retired for AlertInfo and AlertEvidence.
RETIRED_TABLE = {f"{family}.{q}" for family in ("MDATP", "MDE")
                 for q in ("host_alerts", "ip_alerts", "list_alerts", "sha1_alerts", "url_alerts")}
WRONG_COLUMN = {
    # KQL names are case-sensitive: the column is DeviceId.
    "M365D.list_file_events_for_host", "MDATP.list_file_events_for_host",
    "MDE.list_file_events_for_host",
    # TenantId1, TimeGenerated1...: Sentinel's columns; advanced hunting's AlertInfo has none.
    "M365D.host_alerts",
    # `project-away *1` also removes SHA1, which the next line filters on.
    "M365D.sha1_alerts",
}
#: The MDE API's advanced hunting "can query fewer tables" than Graph's: no Identity* tables.
MDE_API_HAS_NO_IDENTITY = {"IdentityOnPrem.logons_for_account", "IdentityOnPrem.logons_for_host",
                           "IdentityOnPrem.logons_for_ip"}
REFUSED = {
    "MDE": COMMENT_SWALLOWS_REST | RETIRED_TABLE | WRONG_COLUMN | MDE_API_HAS_NO_IDENTITY,
    "M365DGraph": COMMENT_SWALLOWS_REST | (WRONG_COLUMN - {"MDATP.list_file_events_for_host",
                                                           "MDE.list_file_events_for_host"}),
}


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    sandbox = new_sandbox(machines=20, alerts=40)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="module")
def configured(sb: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """msticpy's configuration file, naming the sandbox as the cloud's Resource Manager."""
    from msticpy.common import pkg_config

    path = Path(tmp_path_factory.mktemp("msticpy")) / "msticpyconfig.yaml"
    path.write_text(f"Azure:\n  cloud: global\n  resource_manager_url: {sb.base_url}/\n",
                    encoding="utf-8")
    before = os.environ.get("MSTICPYCONFIG")
    os.environ["MSTICPYCONFIG"] = str(path)
    pkg_config.refresh_config()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MSTICPYCONFIG", None)
        else:
            os.environ["MSTICPYCONFIG"] = before
        pkg_config.refresh_config()


def not_msticpy_unit_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """msticpy reads PYTEST_CURRENT_TEST as "msticpy's own unit tests" and then answers from its
    built-in cloud table instead of fetching /metadata/endpoints. pytest sets it again at the
    start of each phase, so the test body itself removes it."""
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)


def provider(sb: Sandbox, environment: str) -> Any:
    from msticpy.data import QueryProvider

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        qp = QueryProvider(environment)
    # msticpy asks for tokens for the real audiences and takes the API host from apiRoot.
    qp.connect(tenant_id=sb.tenant_id, client_id=sb.client_id, client_secret=sb.client_secret,
               apiRoot=sb.base_url + "/")
    return qp


def arguments(qp: Any, name: str) -> dict[str, Any]:
    """Values for the query's parameters that have no default: a 7-day window, and dummies that
    fit where the parameter sits in the query text (msticpy types some literals only as str)."""
    family, query = name.split(".", 1)
    source = qp.query_store.get_query(query_name=query, query_path=family)
    end = dt.datetime.now(dt.timezone.utc)
    values: dict[str, Any] = {"start": end - dt.timedelta(days=7), "end": end}
    for param, spec in source.params.items():
        if "default" in spec or param in values:
            continue
        kind = spec.get("type", "str")
        slot = "{" + param + "}"
        if kind == "datetime" or f"datetime({slot})" in source.query:
            values[param] = values["start"]
        elif kind == "list":
            values[param] = ["x"]
        elif kind == "int":
            values[param] = 1
        elif f'"{slot}"' in source.query or f"'{slot}'" in source.query:
            values[param] = "x"
        else:  # spliced bare into the KQL: a literal of its own
            values[param] = '"x"'
    return values


def run_all(qp: Any) -> tuple[list[str], dict[str, str]]:
    """Runs every built-in query: the names that returned a DataFrame, and why the others did not."""
    ran: list[str] = []
    failed: dict[str, str] = {}
    for name in qp.list_queries():
        family, query = name.split(".", 1)
        func = getattr(getattr(qp, family), query)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = func(**arguments(qp, name))
        except Exception as e:  # noqa: BLE001 - a census: every failure is recorded, not raised
            body = getattr(getattr(e, "response", None), "text", "")
            failed[name] = (body or f"{type(e).__name__}: {e}")[:300]
            continue
        if hasattr(result, "shape"):
            ran.append(name)
        else:
            failed[name] = str(result)[:300]
    return ran, failed


@pytest.mark.parametrize("environment", ["MDE", "M365DGraph"])
def test_msticpy_builtin_queries(sb: Sandbox, configured: None, environment: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Every built-in query the real service runs, runs; the ones it refuses fail here too."""
    not_msticpy_unit_tests(monkeypatch)
    qp = provider(sb, environment)
    ran, failed = run_all(qp)
    total = len(ran) + len(failed)
    valid = total - len(REFUSED[environment])
    print(f"\n{environment}: {len(ran)}/{total} built-in queries ran "
          f"({len(ran)}/{valid} of those the service runs)")
    for name, why in sorted(failed.items()):
        print(f"  {name}: {why}")
    missing = [q for q in MUST_RUN[environment] if q not in ran]
    assert not missing, {q: failed.get(q, "not listed") for q in missing}
    unexpected = {q: why for q, why in failed.items() if q not in REFUSED[environment]}
    assert not unexpected, unexpected
    assert not REFUSED[environment] & set(ran), REFUSED[environment] & set(ran)
    for name in COMMENT_SWALLOWS_REST & set(failed):
        assert "Syntax error" in failed[name], (name, failed[name])
    assert len(ran) >= 0.9 * total or len(ran) == valid


def test_msticpy_reads_the_sandbox_cloud(sb: Sandbox, configured: None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from msticpy.auth.cloud_mappings import AzureCloudConfig

    not_msticpy_unit_tests(monkeypatch)
    cloud = AzureCloudConfig()
    assert cloud.authority_uri == f"{sb.base_url}/"
    qp = provider(sb, "MDE")
    df = qp.exec_query("DeviceInfo | take 3")
    assert len(df) == 3 and "DeviceName" in df.columns
    paths = [r["path"] for r in sb.requests()]
    assert "/metadata/endpoints" in paths
    assert f"/{sb.tenant_id}/oauth2/v2.0/token" in paths
