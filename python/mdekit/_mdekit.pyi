"""Type stubs of the compiled core, ``mdekit._mdekit``.

Return values are plain dicts with the service's own camelCase field names, so Microsoft's
documentation applies unchanged; the TypedDicts below name the documented fields.
"""


import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, Literal, Protocol, TypedDict, final

from typing_extensions import Self

__version__: str

class _AccessTokenLike(Protocol):
    @property
    def token(self) -> str: ...
    @property
    def expires_on(self) -> int: ...

class SupportsTokenInfo(Protocol):
    """What ``credential=`` accepts: azure-identity's ``TokenCredential`` shape (sync, or async
    for the async client)."""

    def get_token(
        self, *scopes: str, **kwargs: Any
    ) -> _AccessTokenLike | Awaitable[_AccessTokenLike]: ...

class Alert(TypedDict, total=False):
    """An MDE Alert (https://learn.microsoft.com/defender-endpoint/api/alerts)."""

    id: str
    incidentId: int | None
    investigationId: int | None
    assignedTo: str | None
    severity: str
    status: str
    classification: str | None
    determination: str | None
    investigationState: str | None
    detectionSource: str
    detectorId: str
    category: str
    threatFamilyName: str | None
    title: str
    description: str
    alertCreationTime: str
    firstEventTime: str | None
    lastEventTime: str | None
    lastUpdateTime: str | None
    resolvedTime: str | None
    machineId: str
    computerDnsName: str
    rbacGroupName: str
    aadTenantId: str
    threatName: str | None
    mitreTechniques: list[str]
    relatedUser: dict[str, Any] | None
    comments: list[dict[str, Any]]
    evidence: list[dict[str, Any]]

class Machine(TypedDict, total=False):
    """An MDE Machine (https://learn.microsoft.com/defender-endpoint/api/machine)."""

    id: str
    computerDnsName: str
    firstSeen: str
    lastSeen: str
    osPlatform: str
    osVersion: str | None
    osProcessor: str
    version: str
    osBuild: int | None
    lastIpAddress: str
    lastExternalIpAddress: str
    agentVersion: str
    healthStatus: str
    deviceValue: str | None
    rbacGroupId: int
    rbacGroupName: str
    riskScore: str | None
    exposureLevel: str | None
    isAadJoined: bool
    aadDeviceId: str | None
    machineTags: list[str]
    onboardingStatus: str
    osArchitecture: str
    ipAddresses: list[dict[str, Any]]

class HuntingColumn(TypedDict):
    name: str
    type: str

@final
class HuntingResult:
    """The result of an advanced-hunting query, whichever endpoint ran it."""

    @property
    def schema(self) -> list[HuntingColumn]:
        """Columns as ``{"name", "type"}`` dicts; Kusto type names (``DateTime``, ``String``...)."""
    @property
    def rows(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name, values as the service sent them (times are
        ISO-8601 UTC strings). The same list object is returned on every access."""
    @property
    def stats(self) -> dict[str, Any] | None:
        """The MDE endpoint's ``Stats`` object, or None (Graph sends none)."""
    def __len__(self) -> int: ...

@final
class Pager(Iterator[dict[str, Any]]):
    """A lazy, blocking pager of entity dicts.

    Follows ``@odata.nextLink`` exactly as the service sends it, and steps ``$skip`` itself
    where the service omits the link (it does whenever ``$top`` is given). Each page is one
    request; iteration blocks with the GIL released and ``Ctrl-C`` interrupts it.
    """

    def __iter__(self) -> Self: ...
    def __next__(self) -> dict[str, Any]: ...
    def pages(self) -> PageIterator:
        """Iterates pages (lists of dicts) from the current position."""
    def to_list(self) -> list[dict[str, Any]]:
        """Every remaining item."""
    @property
    def fetched(self) -> int:
        """Items received from the service so far."""

@final
class PageIterator(Iterator[list[dict[str, Any]]]):
    def __iter__(self) -> Self: ...
    def __next__(self) -> list[dict[str, Any]]: ...

@final
class AsyncPager(AsyncIterator[dict[str, Any]]):
    """The ``async for`` twin of :class:`Pager`."""

    def __aiter__(self) -> Self: ...
    def __anext__(self) -> Awaitable[dict[str, Any]]: ...
    def pages(self) -> AsyncPageIterator:
        """Async-iterates pages (lists of dicts) from the current position."""
    def to_list(self) -> Awaitable[list[dict[str, Any]]]:
        """Every remaining item."""

@final
class AsyncPageIterator(AsyncIterator[list[dict[str, Any]]]):
    def __aiter__(self) -> Self: ...
    def __anext__(self) -> Awaitable[list[dict[str, Any]]]: ...

@final
class AlertsOperations:
    """Alerts (``/api/alerts``).

    Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application), ``Alert.Read`` or
    ``Alert.ReadWrite`` (delegated). Rate limit: 100 calls/minute, 1,500/hour.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        expand: str | None = None,
        page_size: int | None = None,
    ) -> Pager:
        """Lists alerts lazily (``GET /api/alerts``).

        Args:
            filter: OData ``$filter`` on alertCreationTime, lastUpdateTime, incidentId,
                investigationId, id, assignedTo, detectionSource, lastEventTime, status,
                severity or category, e.g. ``"severity eq 'High' and status ne 'Resolved'"``.
            top: Total number of alerts wanted (OData ``$top``).
            skip: Alerts to skip first (``$skip``).
            expand: ``"evidence"`` to include each alert's evidence.
            page_size: Alerts per request (1-10,000); by default the service decides.

        Returns:
            A :class:`Pager` of Alert dicts.

        Raises:
            ValueError: A property that is not filterable, unbalanced quotes or parentheses,
                ``top`` 0, ``page_size`` out of range, or an unsupported ``expand``.
            MdeError: When iterating (see :mod:`mdekit.exceptions`).

        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alerts
        """
    def get(self, alert_id: str) -> Alert:
        """Gets one alert, with its evidence (``GET /api/alerts/{id}``).

        Raises:
            ValueError: An empty or malformed id.
            ResourceNotFoundError: No such alert (404).

        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-info-by-id
        """

@final
class AsyncAlertsOperations:
    """Alerts (``/api/alerts``), async; see :class:`AlertsOperations`."""

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        expand: str | None = None,
        page_size: int | None = None,
    ) -> AsyncPager:
        """Lists alerts lazily; see :meth:`AlertsOperations.list`."""
    def get(self, alert_id: str) -> Awaitable[Alert]:
        """Gets one alert; see :meth:`AlertsOperations.get`."""

@final
class MachinesOperations:
    """Machines (``/api/machines``).

    Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application),
    ``Machine.Read`` or ``Machine.ReadWrite`` (delegated). Rate limit: 100 calls/minute,
    1,500/hour.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager:
        """Lists machines lazily (``GET /api/machines``).

        Args:
            filter: OData ``$filter`` on computerDnsName, id, version, deviceValue, aadDeviceId,
                machineTags, lastSeen, exposureLevel, onboardingStatus, lastIpAddress,
                healthStatus, osPlatform, riskScore or rbacGroupId.
            top: Total number of machines wanted (``$top``).
            skip: Machines to skip first (``$skip``).
            page_size: Machines per request (1-10,000).

        Returns:
            A :class:`Pager` of Machine dicts.

        Raises:
            ValueError: Invalid OData options (see :meth:`AlertsOperations.list`).

        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines
        """
    def get(self, machine_id: str) -> Machine:
        """Gets one machine by its 40-hex device id or its computer name.

        Raises:
            ValueError: An empty id or one with characters a device id or host name can't have.
            ResourceNotFoundError: No such machine (404).

        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-by-id
        """

@final
class AsyncMachinesOperations:
    """Machines (``/api/machines``), async; see :class:`MachinesOperations`."""

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager:
        """Lists machines lazily; see :meth:`MachinesOperations.list`."""
    def get(self, machine_id: str) -> Awaitable[Machine]:
        """Gets one machine; see :meth:`MachinesOperations.get`."""

@final
class HuntingOperations:
    """Advanced hunting (KQL).

    By default Microsoft Graph ``POST /v1.0/security/runHuntingQuery`` (permission
    ``ThreatHunting.Read.All``); ``endpoint="mde"`` uses ``POST /api/advancedqueries/run``
    (permission ``AdvancedQuery.Read.All``), which Microsoft is retiring. Limits: 45 calls per
    minute, 100,000 rows, 30 days of data.
    """

    def run(
        self,
        query: str,
        *,
        timespan: str | None = None,
        endpoint: Literal["graph", "mde"] = ...,
    ) -> HuntingResult:
        """Runs a KQL query.

        Args:
            query: The KQL query.
            timespan: Graph only: ISO-8601 duration or interval (``"P7D"``); default 30 days.
            endpoint: ``"graph"`` (default) or ``"mde"``.

        Returns:
            A :class:`HuntingResult` with ``schema`` and ``rows``.

        Raises:
            ValueError: An empty query, an unknown endpoint, or ``timespan`` with ``"mde"``.
            BadRequestError: The service rejected the query (syntax, limits).
            ThrottledError: The hunting quota was hit and retries ran out.

        Docs: https://learn.microsoft.com/graph/api/security-security-runhuntingquery and
        https://learn.microsoft.com/defender-endpoint/api/run-advanced-query-api
        """

@final
class AsyncHuntingOperations:
    """Advanced hunting, async; see :class:`HuntingOperations`."""

    def run(
        self,
        query: str,
        *,
        timespan: str | None = None,
        endpoint: Literal["graph", "mde"] = ...,
    ) -> Awaitable[HuntingResult]:
        """Runs a KQL query; see :meth:`HuntingOperations.run`."""

@final
class ManualClock:
    """A test clock: retry, Retry-After and rate-limit waits return at once and are recorded."""

    def __new__(cls) -> Self: ...
    @property
    def sleeps(self) -> list[float]:
        """Every wait requested so far, in seconds."""
    @property
    def total_slept(self) -> float:
        """Sum of all waits, in seconds."""
    def advance(self, seconds: float) -> None:
        """Moves the clock forward."""

@final
class DefenderClient:
    """The Microsoft Defender for Endpoint client (blocking calls).

    Application context with a client secret against the Entra ID v2 token endpoint. Tokens are
    requested per audience (MDE: ``https://api.securitycenter.microsoft.com/.default``; Graph:
    ``https://graph.microsoft.com/.default``), cached, refreshed before expiry by one request,
    and dropped and retried once on a 401.

    Args:
        tenant_id: Entra ID tenant (directory) id.
        client_id: Application (client) id of the app registration.
        client_secret: Client secret; never shown in reprs, logs or errors.
        cloud: ``"commercial"`` (default), ``"gcc"``, ``"gcc-high"`` or ``"dod"``: sets the
            sign-in, MDE and Graph hosts together.
        region: Commercial regional MDE host: us, eu, uk, au, swa, ina or aea.
        authority_host: Override of the sign-in host (e.g. ``https://login.microsoftonline.com``).
        api_base_url: Override of the MDE API host (e.g. ``https://api.security.microsoft.com``).
        graph_base_url: Override of the Graph host.
        mde_audience: Override of the MDE token audience.
        max_retries: Retries after 408/429/5xx or connection errors (default 4).
        retry_backoff: First backoff in seconds (default 0.8; doubles, with jitter).
        retry_total_timeout: No retry starts after this many seconds (default 600).
        timeout: Seconds allowed for one attempt (default 300).
        rate_limit: Enforce the documented per-API quotas on the client side (default True).
        clock: A :class:`ManualClock` for tests.
        credential: Any object with ``get_token(*scopes)`` returning an object with ``.token``
            (str) and ``.expires_on`` (int, Unix seconds, UTC), such as every azure-identity
            credential (``azure.identity.DefaultAzureCredential()``). The async client also
            accepts ``azure.identity.aio`` credentials (``async def get_token``). Replaces
            ``client_secret``; ``tenant_id`` and ``client_id`` are then unused.
        certificate_path: Application context with a certificate instead of a secret: a PEM
            file (RSA private key and certificate, optionally the chain) or a PKCS#12 / PFX file.
            mdekit signs a client assertion naming the certificate by its SHA-1 (``x5t``) and
            SHA-256 (``x5t#S256``) thumbprints. The private key never appears in reprs or errors.
        certificate_password: Password of a PKCS#12 file.
        send_certificate_chain: Send the chain (``x5c``) for subject name / issuer
            authentication.
        client_assertion: A callable returning a client assertion (str JWT) for each token
            request, e.g. a federated token (workload identity federation: GitHub Actions,
            Kubernetes); ``async def`` callables need the async client.
        ca_bundle: Path of a PEM file of CA certificates to trust *instead of* the system's
            (a TLS-inspecting proxy's CA, or :attr:`mdekit.testing.Sandbox.ca_cert_path`).
            Certificate verification is never turned off.

    Raises:
        ValueError: Missing credentials, an unknown cloud or region, a non-HTTPS URL to a host
            that is not loopback.
    """

    def __new__(
        cls,
        *,
        tenant_id: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        cloud: str | None = None,
        region: str | None = None,
        authority_host: str | None = None,
        api_base_url: str | None = None,
        graph_base_url: str | None = None,
        mde_audience: str | None = None,
        max_retries: int | None = None,
        retry_backoff: float | None = None,
        retry_total_timeout: float | None = None,
        timeout: float | None = None,
        rate_limit: bool = True,
        clock: ManualClock | None = None,
        credential: SupportsTokenInfo | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        certificate_path: str | os.PathLike[str] | None = None,
        certificate_password: str | None = None,
        send_certificate_chain: bool = False,
        client_assertion: Callable[[], str] | Callable[[], Awaitable[str]] | None = None,
    ) -> Self: ...
    @classmethod
    def from_env(
        cls,
        *,
        tenant_id: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        cloud: str | None = None,
        region: str | None = None,
        authority_host: str | None = None,
        api_base_url: str | None = None,
        graph_base_url: str | None = None,
        mde_audience: str | None = None,
        max_retries: int | None = None,
        retry_backoff: float | None = None,
        retry_total_timeout: float | None = None,
        timeout: float | None = None,
        rate_limit: bool = True,
        clock: ManualClock | None = None,
        credential: SupportsTokenInfo | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        certificate_path: str | os.PathLike[str] | None = None,
        certificate_password: str | None = None,
        send_certificate_chain: bool = False,
        client_assertion: Callable[[], str] | Callable[[], Awaitable[str]] | None = None,
    ) -> DefenderClient:
        """Builds a client from ``AZURE_TENANT_ID``, ``AZURE_CLIENT_ID``, ``AZURE_CLIENT_SECRET``,
        ``AZURE_AUTHORITY_HOST`` (azure-identity's names) and ``MDEKIT_CLOUD``,
        ``MDEKIT_REGION``, ``MDEKIT_API_BASE_URL``, ``MDEKIT_GRAPH_BASE_URL``; keywords win.

        Without ``AZURE_CLIENT_SECRET``, ``AZURE_CLIENT_CERTIFICATE_PATH`` (with
        ``AZURE_CLIENT_CERTIFICATE_PASSWORD`` and ``AZURE_CLIENT_SEND_CERTIFICATE_CHAIN``) is used,
        as azure-identity's ``EnvironmentCredential`` does; ``MDEKIT_CA_BUNDLE`` sets ``ca_bundle``.

        Raises:
            ValueError: A required variable is missing (its name is in the message).
        """
    def granted_permissions(self, *, api: Literal["mde", "graph"] = "mde") -> list[str]:
        """The permissions the client's token for ``api`` grants, sorted: the ``roles`` claim
        of an application token (e.g. ``["Alert.Read.All", "Machine.Read.All"]``) or the
        ``scp`` claim of a user token (e.g. ``["Alert.Read", "Machine.Read"]``). Fetches a
        token when none is cached; the claims are read, not verified.

        Raises:
            ClientAuthenticationError: No token could be obtained.
            ServiceResponseError: The token is not a JWT (some credentials issue opaque ones).
            ValueError: ``api`` is not ``"mde"`` or ``"graph"``.
        """
    def with_options(
        self,
        *,
        max_retries: int | None = None,
        retry_backoff: float | None = None,
        retry_total_timeout: float | None = None,
        timeout: float | None = None,
    ) -> DefenderClient:
        """A client sharing connections, tokens and rate limits, with other retry/timeout settings."""
    @property
    def alerts(self) -> AlertsOperations: ...
    @property
    def machines(self) -> MachinesOperations: ...
    @property
    def hunting(self) -> HuntingOperations: ...
    @property
    def tenant_id(self) -> str | None: ...
    @property
    def client_id(self) -> str | None: ...
    @property
    def cloud(self) -> str: ...
    @property
    def authority_host(self) -> str: ...
    @property
    def api_base_url(self) -> str: ...
    @property
    def graph_base_url(self) -> str: ...
    @property
    def stats(self) -> dict[str, int]:
        """``attempts``, ``retries`` and ``token_refreshes_after_401`` so far."""
    @property
    def closed(self) -> bool: ...
    def close(self) -> None:
        """Marks the client closed; later calls raise RuntimeError."""
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        *_args: object,
    ) -> None: ...

@final
class AsyncDefenderClient:
    """The async twin of :class:`DefenderClient`: same arguments, awaitable methods."""

    def __new__(
        cls,
        *,
        tenant_id: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        cloud: str | None = None,
        region: str | None = None,
        authority_host: str | None = None,
        api_base_url: str | None = None,
        graph_base_url: str | None = None,
        mde_audience: str | None = None,
        max_retries: int | None = None,
        retry_backoff: float | None = None,
        retry_total_timeout: float | None = None,
        timeout: float | None = None,
        rate_limit: bool = True,
        clock: ManualClock | None = None,
        credential: SupportsTokenInfo | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        certificate_path: str | os.PathLike[str] | None = None,
        certificate_password: str | None = None,
        send_certificate_chain: bool = False,
        client_assertion: Callable[[], str] | Callable[[], Awaitable[str]] | None = None,
    ) -> Self: ...
    @classmethod
    def from_env(
        cls,
        *,
        tenant_id: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        cloud: str | None = None,
        region: str | None = None,
        authority_host: str | None = None,
        api_base_url: str | None = None,
        graph_base_url: str | None = None,
        mde_audience: str | None = None,
        max_retries: int | None = None,
        retry_backoff: float | None = None,
        retry_total_timeout: float | None = None,
        timeout: float | None = None,
        rate_limit: bool = True,
        clock: ManualClock | None = None,
        credential: SupportsTokenInfo | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        certificate_path: str | os.PathLike[str] | None = None,
        certificate_password: str | None = None,
        send_certificate_chain: bool = False,
        client_assertion: Callable[[], str] | Callable[[], Awaitable[str]] | None = None,
    ) -> AsyncDefenderClient:
        """See :meth:`DefenderClient.from_env`."""
    def granted_permissions(
        self, *, api: Literal["mde", "graph"] = "mde"
    ) -> Awaitable[list[str]]:
        """See :meth:`DefenderClient.granted_permissions`."""
    def with_options(
        self,
        *,
        max_retries: int | None = None,
        retry_backoff: float | None = None,
        retry_total_timeout: float | None = None,
        timeout: float | None = None,
    ) -> AsyncDefenderClient: ...
    @property
    def alerts(self) -> AsyncAlertsOperations: ...
    @property
    def machines(self) -> AsyncMachinesOperations: ...
    @property
    def hunting(self) -> AsyncHuntingOperations: ...
    @property
    def tenant_id(self) -> str | None: ...
    @property
    def client_id(self) -> str | None: ...
    @property
    def cloud(self) -> str: ...
    @property
    def authority_host(self) -> str: ...
    @property
    def api_base_url(self) -> str: ...
    @property
    def graph_base_url(self) -> str: ...
    @property
    def stats(self) -> dict[str, int]: ...
    @property
    def closed(self) -> bool: ...
    def close(self) -> Awaitable[None]: ...
    def __aenter__(self) -> Awaitable[Self]: ...
    def __aexit__(
        self,
        *_args: type[BaseException] | BaseException | TracebackType | None,
    ) -> Awaitable[None]: ...

@final
class SandboxServer:
    """A running sandbox (see :class:`mdekit.testing.Sandbox` for the friendly wrapper)."""

    @staticmethod
    def start(
        *,
        host: str = ...,
        port: int = 0,
        seed: int = 42,
        machines: int = 500,
        alerts: int = 2000,
        synthetic: bool = True,
        load: Sequence[str | os.PathLike[str]] = ...,
        page_size: int = 10000,
        rate_limits: bool = True,
        rate_limit_scale: float = 1.0,
        rate_window_scale: float = 1.0,
        token_lifetime: int = 3599,
        tls: bool = False,
        device_code_interval: int = 5,
        device_code_lifetime: int = 900,
    ) -> SandboxServer:
        """Starts a sandbox on loopback and returns once it listens.

        Raises:
            ValueError: A non-loopback host or invalid option.
            RuntimeError: The port is taken or loaded data could not be read.
        """
    @property
    def base_url(self) -> str: ...
    @property
    def public_client_id(self) -> str:
        """The seeded public client app (user context)."""
    @property
    def username(self) -> str:
        """The seeded user, granted every delegated permission."""
    @property
    def password(self) -> str: ...
    @property
    def mfa_username(self) -> str:
        """A seeded user whose sign-ins require MFA (same password)."""
    @property
    def managed_identity_client_id(self) -> str:
        """Client id of the emulated host's managed identity."""
    @property
    def identity_header(self) -> str:
        """``IDENTITY_HEADER`` of the App Service-style endpoint."""
    def register_public_app(self, client_id: str, delegated: list[str]) -> None:
        """Registers a public client app consented for exactly ``delegated`` permissions."""
    def add_user(
        self, upn: str, password: str, permissions: list[str], *, mfa_required: bool = False
    ) -> None:
        """Adds a user holding ``permissions`` (delegated permission names)."""
    def revoke_refresh_tokens(self, upn: str) -> None:
        """Revokes every refresh token of a user."""
    def add_app_certificate(self, client_id: str, certificate: str | bytes) -> None:
        """Registers a certificate (PEM text or DER bytes, RSA key) on an existing app.

        Raises:
            ValueError: Unknown app, or not an X.509 certificate with an RSA key.
        """
    def add_federated_credential(self, client_id: str, issuer: str, subject: str) -> None:
        """Adds a federated identity credential (issuer, subject) to an existing app."""
    def issue_federated_assertion(
        self,
        issuer: str,
        subject: str,
        *,
        audience: str = "api://AzureADTokenExchange",
        lifetime: int = 600,
    ) -> str:
        """A federated token signed by the sandbox acting as the external identity provider."""
    @property
    def ca_cert_pem(self) -> str | None:
        """With ``tls=True``: PEM of the CA certificate that signed the server certificate."""
    @property
    def port(self) -> int: ...
    @property
    def tenant_id(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def client_secret(self) -> str: ...
    def register_app(self, client_id: str, client_secret: str, roles: list[str]) -> None:
        """Registers another confidential app granted exactly ``roles``."""
    def issue_token(
        self, client_id: str, audience: str, roles: list[str], lifetime: int = 3599
    ) -> str:
        """Mints a signed token; a negative ``lifetime`` gives an expired one."""
    def inject(
        self,
        path_prefix: str,
        *,
        status: int | None = None,
        retry_after: str | None = None,
        code: str | None = None,
        delay: float | None = None,
        drop: bool = False,
        truncate: bool = False,
        count: int = 1,
        method: str | None = None,
    ) -> None:
        """Makes the next ``count`` matching requests fail in one chosen way.

        Raises:
            ValueError: Not exactly one of status, delay, drop, truncate.
        """
    def clear_faults(self) -> None: ...
    def requests(self) -> list[dict[str, Any]]:
        """Every request received: ``method``, ``path``, ``query``, ``status``, ``faulted``."""
    def clear_requests(self) -> None: ...
    def count(self, entity: str, filter: str | None = None) -> int:
        """The sandbox's own count of ``"alerts"``/``"machines"`` matching an OData filter."""
    def hunting_tables(self) -> list[tuple[str, int]]: ...
    def shutdown(self) -> None: ...
    def serve_forever(self) -> None:
        """Blocks until Ctrl-C, then shuts down."""

@final
class AccessToken:
    """An access token, azure-core's shape; the repr never shows the token."""

    @property
    def token(self) -> str: ...
    @property
    def expires_on(self) -> int:
        """Unix seconds (UTC)."""

@final
class DeviceCodeCredential:
    """User context with the device code flow (Microsoft identity platform "OAuth 2.0 device
    authorization grant"): the natural sign-in in Jupyter and over SSH.

    The user opens the verification page on any device and types the code; mdekit polls the
    token endpoint at the interval the service asks for (5 s more after each ``slow_down``)
    until the user signs in, declines (``authorization_declined``) or the code expires
    (``expired_token``, 15 minutes). The refresh token is kept in memory, so the second API
    (Graph for hunting) and later renewals need no new sign-in. Tokens carry ``scp``
    (delegated permissions, e.g. ``Alert.Read``), limited by the user's MDE role.

    Args:
        tenant_id: Entra ID tenant id.
        client_id: The public client (native) app registration, "Allow public client flows" on.
        prompt_callback: Called with ``{"user_code", "verification_uri", "message",
            "expires_in", "interval"}``; default: prints ``message`` (in a notebook, shows a
            link and the code).
        cloud: ``"commercial"`` (default), ``"gcc"``, ``"gcc-high"`` or ``"dod"``.
        authority_host: Sign-in host override.
        ca_bundle: PEM file of CA certificates to trust instead of the system's.
        clock: A :class:`ManualClock` (tests: polling waits are recorded, not slept).
        refresh_token: Start from a refresh token obtained earlier.
        cache_path: Opt-in persistent cache: the refresh token is kept in this JSON file, created
            readable only by its owner (mode 0600), so a kernel restart needs no new sign-in. A
            file others can read is ignored. Treat the file like a password.

    Use it as ``DefenderClient(credential=DeviceCodeCredential(...))`` (either client).
    """

    def __new__(
        cls,
        *,
        tenant_id: str,
        client_id: str,
        prompt_callback: Callable[[dict[str, Any]], object] | None = None,
        cloud: str | None = None,
        authority_host: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        clock: ManualClock | None = None,
        refresh_token: str | None = None,
        cache_path: str | os.PathLike[str] | None = None,
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes`` (e.g. ``"https://api.securitycenter.microsoft.com/.default"``).

        Raises:
            ClientAuthenticationError: The user declined, the code expired, or the service
                refused (``code`` and ``aadsts`` say why).
        """

@final
class InteractiveBrowserCredential:
    """User context with the authorization code flow and PKCE (Microsoft identity platform
    "OAuth 2.0 authorization code flow"): the "interactive" sign-in of the MDE native-app page.

    mdekit listens on ``http://localhost:{port}`` (register that redirect URI on the app,
    "Mobile and desktop applications"), opens the sign-in page, receives the redirect, checks
    ``state`` and redeems the code with the PKCE (S256) verifier. MFA and Conditional Access work
    because the user signs in in a real browser. The refresh token is kept in memory.

    Args:
        tenant_id: Entra ID tenant id.
        client_id: The public client (native) app registration.
        opener: Called with the sign-in URL; default ``webbrowser.open`` (an error suggests
            :class:`DeviceCodeCredential` when no browser can be opened). It runs on a worker
            thread while mdekit waits for the redirect, so it may drive the page itself.
        timeout: Seconds to wait for the browser to come back (default 300).
        port: Loopback port (default 0: a free one).
        login_hint: Pre-fills the user name on the sign-in page.
        cloud: ``"commercial"`` (default), ``"gcc"``, ``"gcc-high"`` or ``"dod"``.
        authority_host: Sign-in host override.
        ca_bundle: PEM file of CA certificates to trust instead of the system's.
        cache_path: Opt-in owner-only refresh-token cache file (see
            :class:`DeviceCodeCredential`).
    """

    def __new__(
        cls,
        *,
        tenant_id: str,
        client_id: str,
        opener: Callable[[str], object] | None = None,
        timeout: float = 300.0,
        port: int = 0,
        login_hint: str | None = None,
        cloud: str | None = None,
        authority_host: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
        cache_path: str | os.PathLike[str] | None = None,
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes``.

        Raises:
            ClientAuthenticationError: The user cancelled (``access_denied``), the browser did
                not come back in time (``timeout``), the ``state`` did not match, or the token
                endpoint refused the code (``invalid_grant``, e.g. AADSTS501481 PKCE mismatch).
        """

@final
class UsernamePasswordCredential:
    """User context with a username and password (the resource owner password grant the older
    MDE native-app page showed). **Discouraged**: the app handles the password and the grant
    cannot satisfy MFA or Conditional Access (such users get AADSTS50076); prefer
    :class:`DeviceCodeCredential` or :class:`InteractiveBrowserCredential`.

    Args:
        tenant_id: Entra ID tenant id.
        client_id: The public client app registration.
        username: The user principal name.
        password: Never shown in reprs, logs or errors.
        cloud: ``"commercial"`` (default), ``"gcc"``, ``"gcc-high"`` or ``"dod"``.
        authority_host: Sign-in host override.
        ca_bundle: PEM file of CA certificates to trust instead of the system's.
    """

    def __new__(
        cls,
        *,
        tenant_id: str,
        client_id: str,
        username: str,
        password: str,
        cloud: str | None = None,
        authority_host: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes``.

        Raises:
            ClientAuthenticationError: ``invalid_grant`` with AADSTS50126 (wrong user name or
                password) or AADSTS50076 (MFA required).
        """

@final
class ManagedIdentityCredential:
    """The managed identity of the Azure host (no secret at all), found as azure-identity does:
    ``IDENTITY_ENDPOINT`` + ``IDENTITY_HEADER`` (App Service, Functions, Container Apps), else the
    Instance Metadata Service (``AZURE_POD_IDENTITY_AUTHORITY_HOST`` overrides its host). The
    identity needs the MDE application permissions assigned to its service principal.

    Args:
        client_id: A user-assigned identity's client id (default: the system-assigned one).
        ca_bundle: PEM file of CA certificates to trust instead of the system's.
    """

    def __new__(
        cls, *, client_id: str | None = None, ca_bundle: str | os.PathLike[str] | None = None
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for one scope (its ``/.default`` resource).

        Raises:
            ServiceRequestError: No managed identity endpoint answered (not on Azure).
            ClientAuthenticationError: The endpoint refused (unknown identity, resource).
        """
