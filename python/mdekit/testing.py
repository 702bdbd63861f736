"""Offline testing support: an in-process sandbox of the MDE API and pytest fixtures.

    >>> from mdekit.testing import Sandbox
    >>> with Sandbox() as sb:
    ...     client = sb.client()
    ...     high = client.alerts.list(filter="severity eq 'High'").to_list()

The sandbox emulates the Entra ID token endpoint (v1 and v2), the MDE API (``/api/...``) and
Microsoft Graph's ``runHuntingQuery`` on one loopback port, over a synthetic tenant generated from
a seed, optionally with exported real data loaded on top (``load=[...]``).

Fixtures (``pytest -p mdekit.testing`` or ``pytest_plugins = ["mdekit.testing"]``):
``mde_sandbox`` (a module-scoped :class:`Sandbox`), ``mde_client`` and ``mde_async_client``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Self

from mdekit._mdekit import (
    AsyncDefenderClient,
    DefenderClient,
    ManualClock,
    SandboxServer,
    ScaledClock,
)

__all__ = ["ManualClock", "Sandbox", "SandboxServer", "ScaledClock"]


class Sandbox:
    """A running sandbox; use it as a context manager (it stops on exit).

    Args:
        seed: Seed of the synthetic tenant (same seed, same tenant).
        machines: Number of synthetic machines (default 500).
        alerts: Number of synthetic alerts, each with evidence (default 2,000).
        synthetic: False to serve only loaded data (the same as ``only_loaded=True``).
        only_loaded: Serve only the ``load=`` data: no synthetic machines, alerts or hunting
            rows (the app registrations and the token endpoint stay).
        load: Files or folders of exported data: advanced-hunting CSV exports, JSON Lines,
            hunting API responses, and API responses (``value`` lists or single entities) of
            alerts, machines and vulnerabilities. Prefix ``TABLE=`` to name the hunting table.
        page_size: Items per page the sandbox returns when called without ``$top``.
        rate_limits: Enforce the documented API quotas (429 with ``Retry-After``).
        rate_limit_scale: Multiplier of every quota (small values hit limits quickly).
        rate_window_scale: Multiplier of every window length (0.01: a minute lasts 0.6 s);
            ``Retry-After`` stays in real seconds, at least 1.
        quota_time_scale: An accelerated time for the quotas, to run a quota-bound job in
            seconds: the per-minute and per-hour windows (and the hunting CPU hour) last
            ``1 / quota_time_scale`` of their length, and ``Retry-After`` counts seconds of that
            scaled time (rounded up, at least 1). Give clients a :class:`ScaledClock` of the same
            factor (``clock=ScaledClock(600)``), so both sides count the documented quotas on one
            time scale. 1 (the default): the documented windows.
        action_pending: Sandbox-clock seconds a machine action stays ``Pending``.
        action_run: Sandbox-clock seconds it then stays ``InProgress`` before its final status
            (``Succeeded`` unless :meth:`set_action_outcome` chose another).
        max_indicators: Active indicators the tenant may hold (documented: 15,000).
        port: Port to listen on (0: a free port).
        https: Serve HTTPS with a certificate signed by a CA generated at start-up (what real
            Microsoft clients such as azure-identity and MSAL need); clients trust it through
            :attr:`ca_cert_path` (mdekit's ``ca_bundle=``, azure-identity's
            ``connection_verify=``, MSAL's ``verify=``).
        device_code_interval: Seconds between polls the device code endpoint asks for; faster
            polls get ``slow_down``.
        device_code_lifetime: Seconds a device code stays valid (0: expired at once).
        hunting_limits: Advanced-hunting limits over the documented defaults, for tests:
            ``max_rows`` (100,000; longer results are truncated), ``max_result_bytes``
            (50,000,000; larger results get a 400), ``cpu_ms_per_row`` (0.001 simulated CPU ms
            per row a query reads), ``max_query_cpu_ms`` (200,000; one query above it gets a
            400) and ``cpu_quota_ms_per_hour`` (600,000; beyond it queries get a 429 with
            ``Retry-After``; the hour follows ``rate_window_scale`` and ``quota_time_scale``).
        compress: The APIs whose responses are compressed (gzip, deflate or br, as the request's
            ``Accept-Encoding`` allows): ``"mde"``, ``"graph"``, both (the default) or neither.
        export_records: Records of the software-vulnerabilities export (both flavours); None
            gives 8 per machine. Rows are generated on demand and files written to a temporary
            spool on first download, so ``1_000_000`` costs the sandbox no memory.
        export_file_records: Records per file of the via-files exports (50,000).

    Attributes:
        base_url: ``http://127.0.0.1:PORT`` (``https://`` with ``https=True``); authority host,
            MDE API and Graph base at once.
        tenant_id, client_id, client_secret: The default app registration, granted every MDE
            application permission and Graph ``ThreatHunting.Read.All``,
            ``SecurityIncident.ReadWrite.All`` and ``SecurityAlert.ReadWrite.All``.
    """

    def __init__(
        self,
        *,
        seed: int = 42,
        machines: int = 500,
        alerts: int = 2000,
        synthetic: bool = True,
        only_loaded: bool = False,
        load: Sequence[str | os.PathLike[str]] = (),
        page_size: int = 10_000,
        rate_limits: bool = True,
        rate_limit_scale: float = 1.0,
        rate_window_scale: float = 1.0,
        quota_time_scale: float = 1.0,
        token_lifetime: int = 3599,
        action_pending: float = 1.0,
        action_run: float = 3.0,
        max_indicators: int = 15_000,
        port: int = 0,
        https: bool = False,
        device_code_interval: int = 5,
        device_code_lifetime: int = 900,
        hunting_limits: dict[str, float] | None = None,
        compress: Sequence[str] = ("mde", "graph"),
        export_records: int | None = None,
        export_file_records: int = 50_000,
    ) -> None:
        self._options: dict[str, Any] = {
            "seed": seed,
            "machines": machines,
            "alerts": alerts,
            "synthetic": synthetic and not only_loaded,
            "load": [os.fspath(p) for p in load],
            "page_size": page_size,
            "rate_limits": rate_limits,
            "rate_limit_scale": rate_limit_scale,
            "rate_window_scale": rate_window_scale,
            "quota_time_scale": quota_time_scale,
            "token_lifetime": token_lifetime,
            "action_pending": action_pending,
            "action_run": action_run,
            "max_indicators": max_indicators,
            "port": port,
            "tls": https,
            "device_code_interval": device_code_interval,
            "device_code_lifetime": device_code_lifetime,
            "hunting_limits": hunting_limits,
            "compress": list(compress),
            "export_records": export_records,
            "export_file_records": export_file_records,
        }
        self._server: SandboxServer | None = None
        self._ca_dir: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> Self:
        """Starts the server (``with`` does this for you) and returns self."""
        if self._server is None:
            self._server = SandboxServer.start(**self._options)
        return self

    def stop(self) -> None:
        """Stops the server; idempotent."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._ca_dir is not None:
            self._ca_dir.cleanup()
            self._ca_dir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def server(self) -> SandboxServer:
        """The running :class:`SandboxServer` (faults, request log, counts)."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running; use 'with Sandbox() as sb:' "
                               "or 'sb = Sandbox().start()'")
        return self._server

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def ca_cert_pem(self) -> str | None:
        """With ``https=True``: PEM of the CA certificate clients must trust; else None."""
        return self.server.ca_cert_pem

    @property
    def ca_cert_path(self) -> str | None:
        """With ``https=True``: a file holding :attr:`ca_cert_pem` (removed on stop)."""
        pem = self.ca_cert_pem
        if pem is None:
            return None
        if self._ca_dir is None:
            self._ca_dir = tempfile.TemporaryDirectory(prefix="mdekit-sandbox-ca-")
            with open(os.path.join(self._ca_dir.name, "ca.pem"), "w", encoding="ascii") as f:
                f.write(pem)
        return os.path.join(self._ca_dir.name, "ca.pem")

    @property
    def tenant_id(self) -> str:
        return self.server.tenant_id

    @property
    def client_id(self) -> str:
        return self.server.client_id

    @property
    def client_secret(self) -> str:
        return self.server.client_secret

    @property
    def public_client_id(self) -> str:
        """The seeded public client app (user context), consented for every delegated
        permission."""
        return self.server.public_client_id

    @property
    def username(self) -> str:
        """The seeded user ``analyst@contoso-sandbox.onmicrosoft.com``."""
        return self.server.username

    @property
    def password(self) -> str:
        return self.server.password

    def managed_identity_env(self, *, app_service: bool = False) -> dict[str, str]:
        """Environment variables under which ``ManagedIdentityCredential()`` reaches this
        sandbox's IMDS-style endpoint (or, with ``app_service=True``, its App Service one)."""
        if app_service:
            return {
                "IDENTITY_ENDPOINT": f"{self.base_url}/msi/token",
                "IDENTITY_HEADER": self.server.identity_header,
            }
        return {"AZURE_POD_IDENTITY_AUTHORITY_HOST": self.base_url}

    def sign_in_page(
        self,
        path: str,
        form: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """GETs (or, with ``form``, POSTs) a sign-in page of the sandbox as a browser would:
        ``(status, html)``. Trusts the sandbox's CA when it serves HTTPS."""
        import ssl
        import urllib.error
        import urllib.parse
        import urllib.request

        url = path if path.startswith("http") else self.base_url + path
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        ctx = ssl.create_default_context(cafile=self.ca_cert_path) if self.ca_cert_path else None
        try:
            with urllib.request.urlopen(url, data=data, context=ctx) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def device_login(
        self,
        user_code: str,
        *,
        username: str | None = None,
        password: str | None = None,
        decline: bool = False,
    ) -> tuple[int, str]:
        """Completes (or declines) a device code sign-in on the verification page, as the user
        would in a browser: ``(status, html)``."""
        return self.sign_in_page(
            "/devicelogin",
            {
                "code": user_code,
                "username": username or self.username,
                "password": password if password is not None else self.password,
                "action": "decline" if decline else "approve",
            },
        )

    def client_kwargs(self, **overrides: Any) -> dict[str, Any]:
        """Constructor keywords that wire a client to this sandbox."""
        kwargs: dict[str, Any] = {
            "tenant_id": self.tenant_id,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "authority_host": self.base_url,
            "api_base_url": self.base_url,
            "graph_base_url": self.base_url,
        }
        if self.ca_cert_path is not None:
            kwargs["ca_bundle"] = self.ca_cert_path
        kwargs.update(overrides)
        return kwargs

    def client(self, **overrides: Any) -> DefenderClient:
        """A sync :class:`mdekit.DefenderClient` wired to this sandbox."""
        return DefenderClient(**self.client_kwargs(**overrides))

    def async_client(self, **overrides: Any) -> AsyncDefenderClient:
        """An async :class:`mdekit.aio.DefenderClient` wired to this sandbox."""
        return AsyncDefenderClient(**self.client_kwargs(**overrides))

    def env(self) -> dict[str, str]:
        """Environment variables under which ``DefenderClient.from_env()`` reaches this sandbox."""
        return {
            "AZURE_TENANT_ID": self.tenant_id,
            "AZURE_CLIENT_ID": self.client_id,
            "AZURE_CLIENT_SECRET": self.client_secret,
            "AZURE_AUTHORITY_HOST": self.base_url,
            "MDEKIT_API_BASE_URL": self.base_url,
            "MDEKIT_GRAPH_BASE_URL": self.base_url,
            **({"MDEKIT_CA_BUNDLE": self.ca_cert_path} if self.ca_cert_path else {}),
        }

    def inject(self, path_prefix: str, **fault: Any) -> None:
        """Makes the next requests to ``path_prefix`` fail; see :meth:`SandboxServer.inject`."""
        self.server.inject(path_prefix, **fault)

    def requests(self) -> list[dict[str, Any]]:
        """Every request the sandbox received (method, path, query, status, faulted)."""
        return self.server.requests()

    def clear_requests(self) -> None:
        self.server.clear_requests()

    def count(self, entity: str, filter: str | None = None) -> int:
        """The sandbox's own count of ``"alerts"`` or ``"machines"`` matching ``filter``."""
        return self.server.count(entity, filter)

    def advance(self, seconds: float) -> None:
        """Moves the sandbox clock forward: machine actions progress as if ``seconds`` passed."""
        self.server.advance(seconds)

    def set_action_outcome(self, machine_id: str, status: str) -> None:
        """Makes the machine's next actions end in ``"Succeeded"``, ``"Failed"`` or
        ``"TimeOut"``."""
        self.server.set_action_outcome(machine_id, status)

    def __repr__(self) -> str:
        state = self._server.base_url if self._server else "stopped"
        return f"Sandbox({state})"


try:
    import pytest
except ImportError:  # pragma: no cover - pytest is optional
    pass
else:

    @pytest.fixture(scope="module")
    def mde_sandbox() -> Iterator[Sandbox]:
        """A sandbox shared by the tests of one module."""
        with Sandbox() as sb:
            yield sb

    @pytest.fixture
    def mde_client(mde_sandbox: Sandbox) -> DefenderClient:
        """A sync client wired to :func:`mde_sandbox`."""
        return mde_sandbox.client()

    @pytest.fixture
    def mde_async_client(mde_sandbox: Sandbox) -> AsyncDefenderClient:
        """An async client wired to :func:`mde_sandbox`."""
        return mde_sandbox.async_client()
