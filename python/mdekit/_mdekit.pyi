"""Type stubs of the compiled core, ``mdekit._mdekit``.

Return values are plain dicts with the service's own camelCase field names, so Microsoft's
documentation applies unchanged; the TypedDicts below name the documented fields.
"""

import datetime
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypeAlias, TypedDict, final

from typing_extensions import Self

_HuntingScalar: TypeAlias = (
    str | int | float | bool | None | datetime.datetime | datetime.date | datetime.timedelta
)
#: A value of ``hunting.run(..., params=...)``.
HuntingParam: TypeAlias = (
    _HuntingScalar
    | list[_HuntingScalar]
    | tuple[_HuntingScalar, ...]
    | set[_HuntingScalar]
    | frozenset[_HuntingScalar]
)

__version__: str

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

    @staticmethod
    def from_bytes(data: bytes) -> HuntingResult:
        """A result from a saved response body of either endpoint (``Schema``/``Results`` or
        ``schema``/``results``).

        Raises:
            ServiceResponseError: The body is not a hunting response.
        """
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
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule interface: ``pyarrow.table(result)``, ``polars.DataFrame(result)``.

        The columns are typed from the schema as listed in :mod:`mdekit.frames`."""
    def to_arrow(self) -> Any:
        """The rows as a typed ``pyarrow.Table`` (types: see :mod:`mdekit.frames`).

        Raises:
            ImportError: pyarrow is missing (``pip install 'mdekit[arrow]'``).
        """
    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``: ``datetime64[ns, UTC]``, nullable ``Int32``/
        ``Int64``/``boolean``, ``float64``, Dynamic columns parsed to Python objects.

        Raises:
            ImportError: pandas or pyarrow is missing (``pip install 'mdekit[pandas]'``).
        """
    def to_polars(self) -> Any:
        """The rows as a typed ``polars.DataFrame`` (Dynamic columns as JSON text).

        Raises:
            ImportError: polars is missing (``pip install 'mdekit[polars]'``).
        """
    def __len__(self) -> int: ...

@final
class ArrowData:
    """Typed columns (one Arrow record batch) readable through ``__arrow_c_stream__``."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
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
    def to_arrow(self) -> Any:
        """Every remaining item as a typed ``pyarrow.Table``. Columns are the keys in order of
        first appearance; types are inferred from the values (booleans, int64, float64,
        ISO-8601 strings as UTC timestamps, objects and lists as Dynamic JSON text, else str).

        Raises:
            ImportError: pyarrow is missing (``pip install 'mdekit[arrow]'``).
        """
    def to_pandas(self) -> Any:
        """Every remaining item as a typed ``pandas.DataFrame`` (see :meth:`to_arrow`).

        Raises:
            ImportError: pandas or pyarrow is missing (``pip install 'mdekit[pandas]'``).
        """
    def to_polars(self) -> Any:
        """Every remaining item as a typed ``polars.DataFrame`` (see :meth:`to_arrow`).

        Raises:
            ImportError: polars is missing (``pip install 'mdekit[polars]'``).
        """
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
    def to_arrow(self) -> Awaitable[Any]:
        """Every remaining item as a typed ``pyarrow.Table`` (see :meth:`Pager.to_arrow`)."""
    def to_pandas(self) -> Awaitable[Any]:
        """Every remaining item as a typed ``pandas.DataFrame`` (see :meth:`Pager.to_arrow`)."""
    def to_polars(self) -> Awaitable[Any]:
        """Every remaining item as a typed ``polars.DataFrame`` (see :meth:`Pager.to_arrow`)."""

@final
class Ready:
    """An awaitable whose value is already known (an item of a page already received)."""

    def __await__(self) -> Self: ...
    def __iter__(self) -> Self: ...
    def __next__(self) -> Any: ...

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
        params: Mapping[str, HuntingParam] | None = None,
        split: bool | str | None = None,
        max_rows: int = 100000,
        progress: bool | Callable[[int, int, int], object] | None = None,
    ) -> HuntingResult:
        """Runs a KQL query.

        Args:
            query: The KQL query.
            timespan: Graph only: ISO-8601 duration or interval (``"P7D"``,
                ``"2024-05-01T00:00:00Z/2024-05-02T00:00:00Z"``); default the last 30 days.
            endpoint: ``"graph"`` (default) or ``"mde"``.
            params: Values bound as KQL ``let`` statements ahead of the query, so the query
                refers to them by name: ``params={"host": "pc-01"}`` with
                ``where DeviceName == host``. str, int, float, bool, None, timezone-aware
                ``datetime`` (sent as UTC), ``date``, ``timedelta`` and lists of those (use
                ``in (name)``). Values are escaped and always stay data.
            split: Graph only. ``True`` runs the query over the whole window and, when the
                service refuses it for result size or CPU, or returns ``max_rows`` rows (its
                silent truncation), halves the window (on ``Timestamp``) and runs each half,
                recursively down to 1-second windows; ``"1h"`` (``"30m"``, ``"1d"``...) starts
                from windows of that length. Parts are joined in time order. Meant for queries
                that return rows; an aggregation is computed per window.
            max_rows: The service's row cap (100,000); with ``split``, a window returning this
                many rows is split.
            progress: For split runs: ``None`` shows progress when stderr is a terminal (tqdm
                if installed, else a plain line), ``True``/``False`` force it on/off, a callable
                gets ``(windows_done, windows_queued, rows)``.

        Returns:
            A :class:`HuntingResult` with ``schema`` and ``rows`` (all windows for a split run).

        Raises:
            ValueError: An empty query, an unknown endpoint, ``timespan`` with ``"mde"``,
                ``split`` with ``"mde"``, a bad parameter name or value, a naive datetime.
            TypeError: A parameter or ``split`` of an unsupported type.
            HuntingSplitError: Some windows still failed at the smallest size; ``.failed`` lists
                them and ``.partial`` holds the rows of the others.
            BadRequestError: The service rejected the query (syntax, limits).
            ThrottledError: The hunting quota (45 calls a minute, 1,500 an hour, or the CPU
                quota) was hit and retries ran out.

        Permission: ``ThreatHunting.Read.All`` (Graph) or ``AdvancedQuery.Read.All`` (MDE).

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
        params: Mapping[str, HuntingParam] | None = None,
        split: bool | str | None = None,
        max_rows: int = 100000,
        progress: bool | Callable[[int, int, int], object] | None = None,
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
    ) -> DefenderClient:
        """Builds a client from ``AZURE_TENANT_ID``, ``AZURE_CLIENT_ID``, ``AZURE_CLIENT_SECRET``,
        ``AZURE_AUTHORITY_HOST`` (azure-identity's names) and ``MDEKIT_CLOUD``,
        ``MDEKIT_REGION``, ``MDEKIT_API_BASE_URL``, ``MDEKIT_GRAPH_BASE_URL``; keywords win.

        Raises:
            ValueError: A required variable is missing (its name is in the message).
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
    ) -> AsyncDefenderClient:
        """See :meth:`DefenderClient.from_env`."""
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
        hunting_limits: dict[str, float] | None = None,
    ) -> SandboxServer:
        """Starts a sandbox on loopback and returns once it listens.

        Raises:
            ValueError: A non-loopback host or invalid option.
            RuntimeError: The port is taken or loaded data could not be read.
        """
    @property
    def base_url(self) -> str: ...
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

