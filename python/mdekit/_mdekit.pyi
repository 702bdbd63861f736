"""Type stubs of the compiled core, ``mdekit._mdekit``.

Return values are plain dicts with the service's own camelCase field names, so Microsoft's
documentation applies unchanged; the TypedDicts below name the documented fields.
"""

import datetime
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import IO, Any, Literal, Protocol, TypeAlias, TypedDict, TypeVar, final

# Only type checkers read these: pandas, pyarrow and polars stay optional at run time.
import pandas
import polars
import pyarrow
from typing_extensions import NotRequired, Self

from mdekit.exports import Export

#: The item type of a pager (an entity TypedDict such as :class:`Alert`).
_T = TypeVar("_T")

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

def refresh_logging() -> None:
    """Makes mdekit pick up ``logging`` levels changed after its first log record.

    The core's records go to Python's ``logging`` (loggers ``mdekit_core.*``); each logger's
    level is cached on first use so disabled records cost nothing. Call this after lowering a
    level (e.g. to DEBUG) in a process that has already used mdekit.
    """

class RateLimit(TypedDict):
    family: str
    per_minute: int | None
    per_hour: int | None

class FilterableProperty(TypedDict):
    name: str
    type: Literal["string", "datetime", "number", "string[]"]

class CatalogueEntry(TypedDict):
    """One documented operation of the endpoint catalogue."""

    id: str
    api: Literal["mde", "graph"]
    method: Literal["GET", "POST", "PATCH", "DELETE"]
    path: str
    doc: str
    app_permissions: list[str]
    delegated_permissions: list[str]
    rate_limit: RateLimit
    state_changing: bool
    python: str | None
    also: list[str]
    odata: list[str]
    filterable: list[FilterableProperty]
    expandable: list[str]
    max_top: int | None
    enums: dict[str, list[str]]
    note: str | None
    entity: str | None

def _surface() -> list[dict[str, Any]]:
    """The operation classes as the ops tables declare them, read by ``scripts/gen_stubs.py``."""

def catalogue(*, include_planned: bool = False) -> list[CatalogueEntry]:
    """Every operation mdekit implements, one dict each, from the endpoint catalogue.

    Keys: ``id``, ``api`` (``"mde"`` or ``"graph"``), ``method``, ``path`` (template),
    ``doc`` (the Microsoft Learn page the entry follows), ``app_permissions`` and
    ``delegated_permissions`` (any one allows the call), ``rate_limit`` (``family``,
    ``per_minute``, ``per_hour``; None where undocumented), ``state_changing``, ``python`` (the
    method on both clients, e.g. ``"alerts.list"``), ``also``, ``odata``, ``filterable``,
    ``expandable``, ``max_top``, ``enums`` (parameter -> documented values) and ``note``.

    Args:
        include_planned: also list operations the sandbox serves that the client does not wrap
            yet (their ``python`` is None).
    """

class _AccessTokenLike(Protocol):
    @property
    def token(self) -> str: ...
    @property
    def expires_on(self) -> int: ...

class SupportsTokenInfo(Protocol):
    """What ``credential=`` accepts: azure-identity's ``TokenCredential`` shape (sync, or async
    for the async client)."""

    # Only scopes are passed, so mdekit's own credentials (no keyword options) fit too.
    def get_token(self, *scopes: str) -> _AccessTokenLike | Awaitable[_AccessTokenLike]:
        """Returns an access token (``.token``, ``.expires_on`` in Unix seconds) for ``scopes``."""

class Alert(TypedDict):
    """An MDE Alert (https://learn.microsoft.com/defender-endpoint/api/alerts).

    The service sends every documented key, with None for an unset value; ``evidence`` is
    ``[]`` unless asked for (``expand="evidence"``, or :meth:`AlertsOperations.get`).
    """

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

class Machine(TypedDict):
    """An MDE Machine (https://learn.microsoft.com/defender-endpoint/api/machine).

    The documented properties are always sent (None when unset); the others are ones the
    service returns without documenting them, so they may be missing.
    """

    id: str
    computerDnsName: str
    firstSeen: str
    lastSeen: str
    osPlatform: str
    osVersion: NotRequired[str | None]
    osProcessor: str
    version: str
    osBuild: int | None
    lastIpAddress: str
    lastExternalIpAddress: str
    agentVersion: NotRequired[str]
    healthStatus: str
    deviceValue: str | None
    rbacGroupId: int
    rbacGroupName: str
    riskScore: str | None
    exposureLevel: str | None
    isAadJoined: NotRequired[bool]
    aadDeviceId: str | None
    machineTags: list[str]
    onboardingStatus: str
    osArchitecture: str
    ipAddresses: list[dict[str, Any]]
    mergedIntoMachineId: NotRequired[str | None]
    isPotentialDuplication: NotRequired[bool]
    isExcluded: NotRequired[bool]
    exclusionReason: NotRequired[str | None]
    defenderAvStatus: NotRequired[str]
    managedBy: NotRequired[str]
    managedByStatus: NotRequired[str]
    vmMetadata: NotRequired[dict[str, Any] | None]

class MachineAction(TypedDict):
    """An MDE MachineAction (https://learn.microsoft.com/defender-endpoint/api/machineaction).

    ``status`` moves ``Pending`` -> ``InProgress`` -> ``Succeeded`` | ``Failed`` | ``TimeOut``, or
    to ``Cancelled``. Timestamps are UTC ISO-8601 strings with up to 7 fractional digits. The
    documented properties are always sent; ``errorHResult`` and ``troubleshootInfo`` are
    undocumented.
    """

    id: str
    type: str
    title: str | None
    requestor: str
    requestorComment: str
    status: str
    machineId: str | None
    computerDnsName: str | None
    creationDateTimeUtc: str
    lastUpdateDateTimeUtc: str
    cancellationRequestor: str | None
    cancellationComment: str | None
    cancellationDateTimeUtc: str | None
    errorHResult: NotRequired[int]
    scope: str | None
    externalId: str | None
    requestSource: str
    relatedFileInfo: dict[str, str] | None
    commands: list[dict[str, Any]]
    troubleshootInfo: NotRequired[Any]

class BulkError(TypedDict):
    """Why one machine's action failed in a bulk call."""

    status: int | None
    code: str | None
    message: str
    requestId: str | None

class BulkOutcome(TypedDict):
    """What a bulk call did for one machine.

    ``outcome`` is ``"created"``, ``"already_pending"`` (the service answered
    ``ActiveRequestAlreadyExists``; ``action`` is the pending action when the service lists it),
    ``"failed"`` (see ``error``) or ``"dry_run"`` (nothing sent). After ``wait=True``, ``action``
    is the final state, or the last state seen with ``timedOut`` set.
    """

    machineId: str
    outcome: Literal["created", "already_pending", "failed", "dry_run"]
    action: MachineAction | None
    error: BulkError | None
    timedOut: NotRequired[bool]

#: One outcome per machine (a module-level name: ``list`` is also a method of the classes).
BulkOutcomes: TypeAlias = list[BulkOutcome]
#: A list of entity dicts (related files, IPs, domains...).
Entities: TypeAlias = list[dict[str, Any]]

class SoftwareVulnerabilityRecord(TypedDict):
    """A row of the software vulnerabilities export
    (https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities).

    Keys are camelCase in both flavours (mdekit renames the files' PascalCase). Timestamps are
    strings as the service writes them (``2021-01-11 11:01:00`` in JSON pages); the Arrow and
    Parquet outputs of :class:`~mdekit.exports.Export` type them as UTC timestamps. Unknown
    columns pass through.
    """

    id: str
    deviceId: str
    deviceName: str
    rbacGroupName: str
    rbacGroupId: NotRequired[int]
    osPlatform: str
    osVersion: NotRequired[str]
    osArchitecture: NotRequired[str]
    softwareVendor: str
    softwareName: str
    softwareVersion: str
    cveId: str | None
    cvssScore: NotRequired[float | None]
    vulnerabilitySeverityLevel: str
    recommendedSecurityUpdate: NotRequired[str | None]
    recommendedSecurityUpdateId: NotRequired[str | None]
    recommendedSecurityUpdateUrl: NotRequired[str | None]
    diskPaths: list[str]
    registryPaths: list[str]
    lastSeenTimestamp: str
    firstSeenTimestamp: str
    exploitabilityLevel: str
    recommendationReference: str
    securityUpdateAvailable: NotRequired[bool]

class SoftwareVulnerabilityChange(SoftwareVulnerabilityRecord):
    """A row of the software vulnerabilities delta export: the full row plus its event."""

    status: Literal["New", "Fixed", "Updated"]
    eventTimestamp: str
    isOnboarded: NotRequired[bool]

#: Rows of the other export assessments (camelCase keys; see each method's doc page).
SecureConfiguration: TypeAlias = dict[str, Any]
SoftwareInventoryRecord: TypeAlias = dict[str, Any]
NonCpeSoftwareRecord: TypeAlias = dict[str, Any]
BrowserExtensionRecord: TypeAlias = dict[str, Any]
CertificateRecord: TypeAlias = dict[str, Any]
BaselineAssessmentRecord: TypeAlias = dict[str, Any]
HardwareFirmwareRecord: TypeAlias = dict[str, Any]
BrowserExtensionPermission: TypeAlias = dict[str, Any]
BaselineProfile: TypeAlias = dict[str, Any]
BaselineConfiguration: TypeAlias = dict[str, Any]

class Indicator(TypedDict):
    """An MDE Indicator (https://learn.microsoft.com/defender-endpoint/api/ti-indicator).

    Unknown fields the service adds pass through unchanged. ``source`` and ``sourceType`` are
    documented but have been seen missing from real responses.
    """

    id: str
    indicatorValue: str
    indicatorType: str
    action: str
    application: str | None
    source: NotRequired[str]
    sourceType: NotRequired[str]
    title: str
    description: str
    recommendedActions: str | None
    severity: str
    creationTimeDateTimeUtc: str
    createdBy: str
    createdBySource: str
    expirationTime: str | None
    lastUpdateTime: str
    lastUpdatedBy: str | None
    rbacGroupNames: list[str]
    rbacGroupIds: list[str]
    generateAlert: bool

class ImportResult(TypedDict):
    """One indicator's outcome in an import: failures are reported here, not raised."""

    id: str | None
    indicator: str
    isFailed: bool
    failureReason: str | None

#: Per-item import results, in input order.
ImportResults: TypeAlias = list[ImportResult]

class Incident(TypedDict):
    """A Microsoft Graph security incident (``microsoft.graph.security.incident``,
    https://learn.microsoft.com/graph/api/resources/security-incident); ``alerts`` only with
    ``expand="alerts"``."""

    id: str
    incidentWebUrl: str
    tenantId: str
    redirectIncidentId: str | None
    displayName: str
    createdDateTime: str
    lastUpdateDateTime: str
    assignedTo: str | None
    classification: str
    determination: str
    status: str
    severity: str
    customTags: list[str]
    comments: list[dict[str, Any]]
    systemTags: list[str]
    description: str
    alerts: NotRequired[list[SecurityAlert]]

class SecurityAlert(TypedDict):
    """A Microsoft Graph security alert v2 (``microsoft.graph.security.alert``); ``evidence``
    holds typed objects (``@odata.type`` e.g. ``#microsoft.graph.security.deviceEvidence`` with
    ``mdeDeviceId``)."""

    id: str
    providerAlertId: str
    incidentId: str
    status: str
    severity: str
    classification: str
    determination: str
    serviceSource: str
    detectionSource: str
    title: str
    description: str
    category: str
    assignedTo: str | None
    alertWebUrl: str
    incidentWebUrl: str
    mitreTechniques: list[str]
    createdDateTime: str
    lastUpdateDateTime: str
    resolvedDateTime: str | None
    firstActivityDateTime: str
    lastActivityDateTime: str
    comments: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    systemTags: list[str]

class AlertComment(TypedDict):
    """``microsoft.graph.security.alertComment``."""

    comment: str
    createdByDisplayName: str
    createdDateTime: str

#: Every comment of an incident or alert, as a comment call answers.
AlertComments: TypeAlias = list[AlertComment]

# ---- Vulnerability management (issue 10)
class Software(TypedDict):
    """A product of the organization's software inventory
    (https://learn.microsoft.com/defender-endpoint/api/software). ``id`` is
    ``<vendor>-_-<product>``; ``weaknesses`` counts its vulnerabilities."""

    id: str
    name: str
    vendor: str
    weaknesses: int
    publicExploit: bool
    activeAlert: bool
    exposedMachines: int
    impactScore: float

class Vulnerability(TypedDict):
    """A vulnerability (https://learn.microsoft.com/defender-endpoint/api/vulnerability); ``id``
    is the CVE id, ``severity`` Low, Medium, High or Critical. The keys the page documents for
    newer revisions only may be missing."""

    id: str
    name: str
    description: str
    severity: str
    cvssV3: float | None
    cvssVector: NotRequired[str | None]
    exposedMachines: int
    publishedOn: str
    updatedOn: str
    firstDetected: NotRequired[str | None]
    publicExploit: bool
    exploitVerified: bool
    exploitInKit: bool
    exploitTypes: list[str]
    exploitUris: list[str]
    cveSupportability: NotRequired[str | None]
    epss: NotRequired[float | None]
    tags: NotRequired[list[str]]

class MachineVulnerability(TypedDict):
    """One row of ``vulnerabilities.by_machine``: a CVE of a product version on a machine
    (https://learn.microsoft.com/defender-endpoint/api/get-all-vulnerabilities-by-machines)."""

    id: str
    cveId: str
    machineId: str
    fixingKbId: str | None
    productName: str
    productVendor: str
    productVersion: str
    severity: str

class Recommendation(TypedDict):
    """A security recommendation
    (https://learn.microsoft.com/defender-endpoint/api/recommendation)."""

    id: str
    productName: str | None
    recommendationName: str
    weaknesses: int
    vendor: str | None
    recommendedVersion: str | None
    recommendedProgram: str | None
    recommendedVendor: str | None
    recommendationCategory: str
    subCategory: str | None
    severityScore: float
    publicExploit: bool
    activeAlert: bool
    associatedThreats: list[str]
    remediationType: str
    status: str
    configScoreImpact: float
    exposureImpact: float
    totalMachineCount: int
    exposedMachinesCount: int
    nonProductivityImpactedAssets: int
    relatedComponent: str | None
    exposedCriticalDevices: NotRequired[int]
    tags: NotRequired[list[str]]

class RemediationActivity(TypedDict):
    """A remediation activity
    (https://learn.microsoft.com/defender-endpoint/api/get-remediation-methods-properties)."""

    id: str
    title: str
    createdOn: str
    requesterId: str
    requesterEmail: str
    status: str
    statusLastModifiedOn: str
    description: str
    relatedComponent: str
    targetDevices: int
    rbacGroupNames: list[str]
    fixedDevices: int
    requesterNotes: str | None
    dueOn: str
    category: str
    productivityImpactRemediationType: str | None
    priority: str
    completionMethod: str | None
    completerId: str | None
    completerEmail: str | None
    scid: str | None
    type: str
    productId: str | None
    vendorId: str | None
    nameId: str | None
    recommendedVersion: str | None
    recommendedVendor: str | None
    recommendedProgram: str | None

class Score(TypedDict):
    """An exposure or configuration score (https://learn.microsoft.com/defender-endpoint/api/score):
    ``time`` it was computed and ``score``."""

    time: str
    score: float

class HuntingColumn(TypedDict):
    """One column of a hunting result: ``name`` and Kusto ``type`` (``DateTime``, ``String``...)."""
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
    @property
    def truncated(self) -> bool:
        """Whether the row count reached the row cap (``max_rows``): later rows were probably
        cut off by the service (``split=True`` avoids that)."""
    def _repr_html_(self) -> str:
        """An HTML table of the first rows, for Jupyter."""
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule interface: ``pyarrow.table(result)``, ``polars.DataFrame(result)``.

        The columns are typed from the schema as listed in :mod:`mdekit.frames`."""
    def to_arrow(self) -> pyarrow.Table:
        """The rows as a typed ``pyarrow.Table`` (types: see :mod:`mdekit.frames`).

        Raises:
            ImportError: pyarrow is missing (``pip install 'mdekit[arrow]'``).
        """
    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a ``pandas.DataFrame``: ``datetime64[ns, UTC]``, nullable ``Int32``/
        ``Int64``/``boolean``, ``float64``, Dynamic columns parsed to Python objects.

        Raises:
            ImportError: pandas or pyarrow is missing (``pip install 'mdekit[pandas]'``).
        """
    def to_polars(self) -> polars.DataFrame:
        """The rows as a typed ``polars.DataFrame`` (Dynamic columns as JSON text).

        Raises:
            ImportError: polars is missing (``pip install 'mdekit[polars]'``).
        """
    def to_ipc(self, sink: str | os.PathLike[str] | IO[bytes] | pyarrow.NativeFile, *,
               compression: Literal["zstd", "lz4"] | None = "zstd") -> int:
        """Writes the rows to ``sink`` (a path, replaced, or a writable binary file) as an Arrow IPC
        stream (:meth:`to_arrow`'s table, buffers compressed with ``compression``), readable by
        ``pyarrow.ipc.open_stream``, ``polars.read_ipc_stream`` and DuckDB. Returns the rows.

        Raises:
            ImportError: pyarrow is missing (``pip install 'mdekit[arrow]'``).
            ValueError: ``compression`` is not ``"zstd"``, ``"lz4"`` or ``None``.
        """
    def __len__(self) -> int: ...

@final
class ArrowData:
    """Typed columns (one Arrow record batch) readable through ``__arrow_c_stream__``."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __len__(self) -> int: ...
    def _json_column(self, name: str) -> list[Any]:
        """The string column ``name``'s values parsed as JSON (a text that is not JSON stays
        text, null stays None), for :mod:`mdekit.frames`."""

@final
class Pager(Iterator[_T]):
    """A lazy, blocking pager of entity dicts.

    Follows ``@odata.nextLink`` exactly as the service sends it, and steps ``$skip`` itself
    where the service omits the link (it does whenever ``$top`` is given). Each page is one
    request; iteration blocks with the GIL released and ``Ctrl-C`` interrupts it.
    """

    def __iter__(self) -> Self: ...
    def __next__(self) -> _T: ...
    def pages(self) -> PageIterator[_T]:
        """Iterates pages (lists of dicts) from the current position."""
    def to_list(self) -> list[_T]:
        """Every remaining item."""
    def to_arrow(self) -> pyarrow.Table:
        """Every remaining item as a typed ``pyarrow.Table``, built from the page bytes as each
        page arrives (while the next one downloads).

        For an entity the catalogue declares (Alert, Machine, MachineAction, Indicator, ...:
        ``mdekit.catalogue()``), the columns are the entity's declared properties in declared
        order with their declared types, whether present, null or absent in the pages, even for
        an empty result: complex types as Arrow structs, collections as Arrow lists, date-times
        as ``timestamp[ns, UTC]`` (the service's 100 ns precision kept), ``Long`` as int64.
        Keys the entity does not declare are left out; a value not fitting its type is null.
        The schema metadata names the entity under ``mdekit.entity``. For other collections the
        columns are the keys in order of first appearance, types inferred from the values
        (booleans, int64, float64, ISO-8601 strings as UTC timestamps, objects and lists as
        Dynamic JSON text, else str).

        Raises:
            ImportError: pyarrow is missing (``pip install 'mdekit[arrow]'``).
            MdeError: a page request failed (the pages read so far stay on the pager).
        """
    def to_pandas(self) -> pandas.DataFrame:
        """Every remaining item as a typed ``pandas.DataFrame`` (see :meth:`to_arrow`).

        Raises:
            ImportError: pandas or pyarrow is missing (``pip install 'mdekit[pandas]'``).
        """
    def to_polars(self) -> polars.DataFrame:
        """Every remaining item as a typed ``polars.DataFrame`` (see :meth:`to_arrow`).

        Raises:
            ImportError: polars is missing (``pip install 'mdekit[polars]'``).
        """
    def to_ipc(self, sink: str | os.PathLike[str] | IO[bytes] | pyarrow.NativeFile, *,
               compression: Literal["zstd", "lz4"] | None = "zstd") -> int:
        """Writes every remaining item to ``sink`` (a path, replaced, or a writable binary file) as an Arrow IPC
        stream (:meth:`to_arrow`'s table, buffers compressed with ``compression``), readable by
        ``pyarrow.ipc.open_stream``, ``polars.read_ipc_stream`` and DuckDB. Returns the rows.

        Raises:
            ImportError: pyarrow is missing (``pip install 'mdekit[arrow]'``).
            ValueError: ``compression`` is not ``"zstd"``, ``"lz4"`` or ``None``.
        """
    @property
    def fetched(self) -> int:
        """Items received from the service so far."""

@final
class PageIterator(Iterator[list[_T]]):
    """Blocking iterator over pages (lists of dicts) of a :class:`Pager`, sharing its position."""
    def __iter__(self) -> Self: ...
    def __next__(self) -> list[_T]: ...

@final
class AsyncPager(AsyncIterator[_T]):
    """The ``async for`` twin of :class:`Pager`."""

    def __aiter__(self) -> AsyncIterator[_T]:  # noqa: PYI034 - not self: a generator
        """An async generator over the items from this pager's position, sharing it."""
    def __anext__(self) -> Awaitable[_T]: ...
    @property
    def fetched(self) -> int:
        """Items the service has sent so far (as on ``Pager``)."""
    def pages(self) -> AsyncPageIterator[_T]:
        """Async-iterates pages (lists of dicts) from the current position."""
    def to_list(self) -> Awaitable[list[_T]]:
        """Every remaining item."""
    def to_arrow(self) -> Awaitable[pyarrow.Table]:
        """Every remaining item as a typed ``pyarrow.Table`` (see :meth:`Pager.to_arrow`)."""
    def to_pandas(self) -> Awaitable[pandas.DataFrame]:
        """Every remaining item as a typed ``pandas.DataFrame`` (see :meth:`Pager.to_arrow`)."""
    def to_polars(self) -> Awaitable[polars.DataFrame]:
        """Every remaining item as a typed ``polars.DataFrame`` (see :meth:`Pager.to_arrow`)."""
    def to_ipc(self, sink: str | os.PathLike[str] | IO[bytes] | pyarrow.NativeFile, *,
               compression: Literal["zstd", "lz4"] | None = "zstd") -> Awaitable[int]:
        """As :meth:`Pager.to_ipc`; the file is written in a worker thread."""

@final
class AsyncPageIterator(AsyncIterator[list[_T]]):
    """Async iterator over pages (lists of dicts) of an :class:`AsyncPager`, sharing its position."""
    def __aiter__(self) -> Self: ...
    def __anext__(self) -> Awaitable[list[_T]]: ...

# BEGIN GENERATED OPERATIONS: scripts/gen_stubs.py writes this block; do not edit it.

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
    ) -> Pager[Alert]:
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

        Endpoint: ``GET /api/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alerts
        """
    def get(self, alert_id: str) -> Alert:
        """Gets one alert, with its evidence (``GET /api/alerts/{id}``).

        Raises:
            ValueError: An empty or malformed id.
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``GET /api/alerts/{id}`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-info-by-id
        """
    def update(
        self,
        alert_id: str,
        *,
        status: Literal["New", "InProgress", "Resolved"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "TruePositive", "InformationalExpectedActivity", "FalsePositive"
        ]
        | str
        | None = None,
        determination: Literal[
            "MultiStagedAttack",
            "MaliciousUserActivity",
            "CompromisedUser",
            "Malware",
            "Phishing",
            "UnwantedSoftware",
            "SecurityTesting",
            "LineOfBusinessApplication",
            "ConfirmedUserActivity",
            "ConfirmedActivity",
            "Clean",
            "NotMalicious",
            "InsufficientData",
            "Other",
        ]
        | str
        | None = None,
        comment: str | None = None,
    ) -> Alert:
        """Updates an alert (``PATCH /api/alerts/{id}``); omitted fields keep their values.

        Args:
            status: ``New``, ``InProgress`` or ``Resolved`` (any case). Resolving sets
                ``resolvedTime``.
            assigned_to: Owner (a UPN).
            classification: ``TruePositive``, ``InformationalExpectedActivity`` or
                ``FalsePositive``.
            determination: One of ``MultiStagedAttack``, ``MaliciousUserActivity``,
                ``CompromisedUser``, ``Malware``, ``Phishing``, ``UnwantedSoftware``,
                ``SecurityTesting``, ``LineOfBusinessApplication``, ``ConfirmedUserActivity``
                (or ``ConfirmedActivity``), ``Clean`` (or ``NotMalicious``),
                ``InsufficientData``, ``Other``.
            comment: Added to the alert's ``comments``.

        Returns:
            The updated Alert.

        Raises:
            ValueError: Nothing to update, a blank comment or an unknown enum value.
            PermissionDeniedError: The app lacks ``Alert.ReadWrite.All`` (403).
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``PATCH /api/alerts/{id}`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/update-alert
        """
    def batch_update(
        self,
        alert_ids: Sequence[str],
        *,
        status: Literal["New", "InProgress", "Resolved"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "TruePositive", "InformationalExpectedActivity", "FalsePositive"
        ]
        | str
        | None = None,
        determination: Literal[
            "MultiStagedAttack",
            "MaliciousUserActivity",
            "CompromisedUser",
            "Malware",
            "Phishing",
            "UnwantedSoftware",
            "SecurityTesting",
            "LineOfBusinessApplication",
            "ConfirmedUserActivity",
            "ConfirmedActivity",
            "Clean",
            "NotMalicious",
            "InsufficientData",
            "Other",
        ]
        | str
        | None = None,
        comment: str | None = None,
    ) -> None:
        """Updates many alerts at once (``POST /api/alerts/batchUpdate``); the arguments are
        those of :meth:`update`. The service answers 200 with no body.

        Raises:
            ValueError: No ids, an invalid id, or invalid fields (see :meth:`update`).
            ThrottledError: More than 10 calls a minute or 500 an hour (429).

        Endpoint: ``POST /api/alerts/batchUpdate`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 10 calls a minute and 500 an hour (quota family ``alerts_batch_update``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/batch-update-alerts
        """
    def create_by_reference(
        self,
        *,
        machine_id: str,
        report_id: str,
        event_time: str,
        severity: Literal["Low", "Medium", "High"] | str,
        title: str,
        description: str,
        recommended_action: str,
        category: Literal[
            "General",
            "CommandAndControl",
            "Collection",
            "CredentialAccess",
            "DefenseEvasion",
            "Discovery",
            "Exfiltration",
            "Exploit",
            "Execution",
            "InitialAccess",
            "LateralMovement",
            "Malware",
            "Persistence",
            "PrivilegeEscalation",
            "Ransomware",
            "SuspiciousActivity",
        ]
        | str,
    ) -> Alert:
        """Creates an alert on top of an advanced-hunting event
        (``POST /api/alerts/CreateAlertByReference``). An open alert with the same title on the
        same machine is returned instead of a new one (the service merges them).

        Args:
            machine_id: The event's ``DeviceId``.
            report_id: The event's ``ReportId`` (an integer, as a string).
            event_time: The event's exact ``Timestamp`` (UTC ISO-8601).
            severity: ``Low``, ``Medium`` or ``High``.
            category: ``General``, ``CommandAndControl``, ``Collection``, ``CredentialAccess``,
                ``DefenseEvasion``, ``Discovery``, ``Exfiltration``, ``Exploit``, ``Execution``,
                ``InitialAccess``, ``LateralMovement``, ``Malware``, ``Persistence``,
                ``PrivilegeEscalation``, ``Ransomware`` or ``SuspiciousActivity``.

        Raises:
            ValueError: A blank or invalid field (nothing sent).
            ResourceNotFoundError: No such event (404).
            ThrottledError: More than 15 calls a minute (429).

        Endpoint: ``POST /api/alerts/CreateAlertByReference`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 15 calls a minute (quota family ``alerts_create``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/create-alert-by-reference
        """
    def related_domains(self, alert_id: str) -> Entities:
        """Domains of an alert: ``[{"host": str}]`` (``GET /api/alerts/{id}/domains``).

        Raises ResourceNotFoundError (404) for an unknown alert.

        Endpoint: ``GET /api/alerts/{id}/domains`` (MDE API).
        Permission: ``URL.Read.All`` (application); ``URL.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-domain-info
        """
    def related_files(self, alert_id: str) -> Entities:
        """Files of an alert: File dicts (``sha1``, ``sha256``, ``globalPrevalence``...).

        Raises ResourceNotFoundError (404) for an unknown alert.

        Endpoint: ``GET /api/alerts/{id}/files`` (MDE API).
        Permission: ``File.Read.All`` (application); ``File.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-files-info
        """
    def related_ips(self, alert_id: str) -> Entities:
        """IP addresses of an alert: ``[{"id": str}]`` (``GET /api/alerts/{id}/ips``).

        Raises ResourceNotFoundError (404) for an unknown alert.

        Endpoint: ``GET /api/alerts/{id}/ips`` (MDE API).
        Permission: ``Ip.Read.All`` (application); ``Ip.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-ip-info
        """
    def related_machine(self, alert_id: str) -> Machine:
        """The machine of an alert (``GET /api/alerts/{id}/machine``).

        Raises ResourceNotFoundError (404) for an unknown alert or machine.

        Endpoint: ``GET /api/alerts/{id}/machine`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-machine-info
        """
    def related_user(self, alert_id: str) -> dict[str, Any]:
        """The user of an alert: a User dict (``id``, ``accountName``, ``accountDomain``,
        ``accountSid``, ``firstSeen``, ``lastSeen``, ``logonTypes``...).

        Raises ResourceNotFoundError (404) for an unknown alert or an alert without a user.

        Endpoint: ``GET /api/alerts/{id}/user`` (MDE API).
        Permission: ``User.Read.All`` (application); ``User.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-user-info
        """

@final
class AsyncAlertsOperations:
    """Alerts (``/api/alerts``).

    Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application), ``Alert.Read`` or
    ``Alert.ReadWrite`` (delegated). Rate limit: 100 calls/minute, 1,500/hour.

    The asyncio twin of :class:`AlertsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        expand: str | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Alert]:
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

        Endpoint: ``GET /api/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alerts
        """
    def get(self, alert_id: str) -> Awaitable[Alert]:
        """Gets one alert, with its evidence (``GET /api/alerts/{id}``).

        Raises:
            ValueError: An empty or malformed id.
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``GET /api/alerts/{id}`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-info-by-id
        """
    def update(
        self,
        alert_id: str,
        *,
        status: Literal["New", "InProgress", "Resolved"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "TruePositive", "InformationalExpectedActivity", "FalsePositive"
        ]
        | str
        | None = None,
        determination: Literal[
            "MultiStagedAttack",
            "MaliciousUserActivity",
            "CompromisedUser",
            "Malware",
            "Phishing",
            "UnwantedSoftware",
            "SecurityTesting",
            "LineOfBusinessApplication",
            "ConfirmedUserActivity",
            "ConfirmedActivity",
            "Clean",
            "NotMalicious",
            "InsufficientData",
            "Other",
        ]
        | str
        | None = None,
        comment: str | None = None,
    ) -> Awaitable[Alert]:
        """Updates an alert (``PATCH /api/alerts/{id}``); omitted fields keep their values.

        Args:
            status: ``New``, ``InProgress`` or ``Resolved`` (any case). Resolving sets
                ``resolvedTime``.
            assigned_to: Owner (a UPN).
            classification: ``TruePositive``, ``InformationalExpectedActivity`` or
                ``FalsePositive``.
            determination: One of ``MultiStagedAttack``, ``MaliciousUserActivity``,
                ``CompromisedUser``, ``Malware``, ``Phishing``, ``UnwantedSoftware``,
                ``SecurityTesting``, ``LineOfBusinessApplication``, ``ConfirmedUserActivity``
                (or ``ConfirmedActivity``), ``Clean`` (or ``NotMalicious``),
                ``InsufficientData``, ``Other``.
            comment: Added to the alert's ``comments``.

        Returns:
            The updated Alert.

        Raises:
            ValueError: Nothing to update, a blank comment or an unknown enum value.
            PermissionDeniedError: The app lacks ``Alert.ReadWrite.All`` (403).
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``PATCH /api/alerts/{id}`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/update-alert
        """
    def batch_update(
        self,
        alert_ids: Sequence[str],
        *,
        status: Literal["New", "InProgress", "Resolved"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "TruePositive", "InformationalExpectedActivity", "FalsePositive"
        ]
        | str
        | None = None,
        determination: Literal[
            "MultiStagedAttack",
            "MaliciousUserActivity",
            "CompromisedUser",
            "Malware",
            "Phishing",
            "UnwantedSoftware",
            "SecurityTesting",
            "LineOfBusinessApplication",
            "ConfirmedUserActivity",
            "ConfirmedActivity",
            "Clean",
            "NotMalicious",
            "InsufficientData",
            "Other",
        ]
        | str
        | None = None,
        comment: str | None = None,
    ) -> Awaitable[None]:
        """Updates many alerts at once (``POST /api/alerts/batchUpdate``); the arguments are
        those of :meth:`update`. The service answers 200 with no body.

        Raises:
            ValueError: No ids, an invalid id, or invalid fields (see :meth:`update`).
            ThrottledError: More than 10 calls a minute or 500 an hour (429).

        Endpoint: ``POST /api/alerts/batchUpdate`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 10 calls a minute and 500 an hour (quota family ``alerts_batch_update``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/batch-update-alerts
        """
    def create_by_reference(
        self,
        *,
        machine_id: str,
        report_id: str,
        event_time: str,
        severity: Literal["Low", "Medium", "High"] | str,
        title: str,
        description: str,
        recommended_action: str,
        category: Literal[
            "General",
            "CommandAndControl",
            "Collection",
            "CredentialAccess",
            "DefenseEvasion",
            "Discovery",
            "Exfiltration",
            "Exploit",
            "Execution",
            "InitialAccess",
            "LateralMovement",
            "Malware",
            "Persistence",
            "PrivilegeEscalation",
            "Ransomware",
            "SuspiciousActivity",
        ]
        | str,
    ) -> Awaitable[Alert]:
        """Creates an alert on top of an advanced-hunting event
        (``POST /api/alerts/CreateAlertByReference``). An open alert with the same title on the
        same machine is returned instead of a new one (the service merges them).

        Args:
            machine_id: The event's ``DeviceId``.
            report_id: The event's ``ReportId`` (an integer, as a string).
            event_time: The event's exact ``Timestamp`` (UTC ISO-8601).
            severity: ``Low``, ``Medium`` or ``High``.
            category: ``General``, ``CommandAndControl``, ``Collection``, ``CredentialAccess``,
                ``DefenseEvasion``, ``Discovery``, ``Exfiltration``, ``Exploit``, ``Execution``,
                ``InitialAccess``, ``LateralMovement``, ``Malware``, ``Persistence``,
                ``PrivilegeEscalation``, ``Ransomware`` or ``SuspiciousActivity``.

        Raises:
            ValueError: A blank or invalid field (nothing sent).
            ResourceNotFoundError: No such event (404).
            ThrottledError: More than 15 calls a minute (429).

        Endpoint: ``POST /api/alerts/CreateAlertByReference`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 15 calls a minute (quota family ``alerts_create``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/create-alert-by-reference
        """
    def related_domains(self, alert_id: str) -> Awaitable[Entities]:
        """Domains of an alert: ``[{"host": str}]`` (``GET /api/alerts/{id}/domains``).

        Raises ResourceNotFoundError (404) for an unknown alert.

        Endpoint: ``GET /api/alerts/{id}/domains`` (MDE API).
        Permission: ``URL.Read.All`` (application); ``URL.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-domain-info
        """
    def related_files(self, alert_id: str) -> Awaitable[Entities]:
        """Files of an alert: File dicts (``sha1``, ``sha256``, ``globalPrevalence``...).

        Raises ResourceNotFoundError (404) for an unknown alert.

        Endpoint: ``GET /api/alerts/{id}/files`` (MDE API).
        Permission: ``File.Read.All`` (application); ``File.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-files-info
        """
    def related_ips(self, alert_id: str) -> Awaitable[Entities]:
        """IP addresses of an alert: ``[{"id": str}]`` (``GET /api/alerts/{id}/ips``).

        Raises ResourceNotFoundError (404) for an unknown alert.

        Endpoint: ``GET /api/alerts/{id}/ips`` (MDE API).
        Permission: ``Ip.Read.All`` (application); ``Ip.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-ip-info
        """
    def related_machine(self, alert_id: str) -> Awaitable[Machine]:
        """The machine of an alert (``GET /api/alerts/{id}/machine``).

        Raises ResourceNotFoundError (404) for an unknown alert or machine.

        Endpoint: ``GET /api/alerts/{id}/machine`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-machine-info
        """
    def related_user(self, alert_id: str) -> Awaitable[dict[str, Any]]:
        """The user of an alert: a User dict (``id``, ``accountName``, ``accountDomain``,
        ``accountSid``, ``firstSeen``, ``lastSeen``, ``logonTypes``...).

        Raises ResourceNotFoundError (404) for an unknown alert or an alert without a user.

        Endpoint: ``GET /api/alerts/{id}/user`` (MDE API).
        Permission: ``User.Read.All`` (application); ``User.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``alerts``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-alert-related-user-info
        """

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
    ) -> Pager[Machine]:
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

        Endpoint: ``GET /api/machines`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines
        """
    def get(self, machine_id: str) -> Machine:
        """Gets one machine by its 40-hex device id or its computer name.

        Raises:
            ValueError: An empty id or one with characters a device id or host name can't have.
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``GET /api/machines/{id}`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-by-id
        """
    def find_by_ip(self, ip: str, *, timestamp: str) -> Entities:
        """Machines seen with an internal IP within 15 minutes of ``timestamp``
        (``GET /api/machines/findbyip(ip=...,timestamp=...)``).

        Args:
            ip: IPv4 or IPv6 address.
            timestamp: UTC ISO-8601 such as ``2024-01-31T08:44:05Z``, at most 30 days ago.

        Returns:
            A list of Machine dicts (possibly empty).

        Raises:
            ValueError: A malformed IP or timestamp (nothing sent).
            BadRequestError: The timestamp is more than 30 days old (400).

        Endpoint: ``GET /api/machines/findbyip(ip='{ip}',timestamp={timestamp})`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/find-machines-by-ip
        """
    def find_by_tag(self, tag: str, *, starts_with: bool = False) -> Entities:
        """Machines carrying a tag (``GET /api/machines/findbytag``); ``starts_with`` matches
        tags beginning with ``tag``. Returns a list of Machine dicts.

        Endpoint: ``GET /api/machines/findbytag`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/find-machines-by-tag
        """
    def add_tag(self, machine_id: str, tag: str) -> Machine:
        """Adds a tag (``POST /api/machines/{id}/tags``, ``Action: Add``); the updated machine.

        Raises:
            ValueError: A blank tag or invalid id.
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/tags`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-machine-tags
        """
    def remove_tag(self, machine_id: str, tag: str) -> Machine:
        """Removes a tag (``Action: Remove``); the updated machine. See :meth:`add_tag`.

        Endpoint: ``POST /api/machines/{id}/tags`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-machine-tags
        """
    def add_tag_many(self, machine_ids: Sequence[str], tag: str) -> Entities:
        """Adds a tag to 1-500 machines
        (``POST /api/machines/AddOrRemoveTagForMultipleMachines``); the updated machines.

        Raises:
            ValueError: No ids, more than 500, an invalid id or a blank tag.

        Endpoint: ``POST /api/machines/AddOrRemoveTagForMultipleMachines`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-multiple-machine-tags
        """
    def remove_tag_many(self, machine_ids: Sequence[str], tag: str) -> Entities:
        """Removes a tag from 1-500 machines; see :meth:`add_tag_many`.

        Endpoint: ``POST /api/machines/AddOrRemoveTagForMultipleMachines`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-multiple-machine-tags
        """
    def set_device_value(
        self,
        machine_id: str,
        value: Literal["Normal", "Low", "High"] | str,
    ) -> Machine:
        """Sets a machine's value (``POST /api/machines/{id}/setDeviceValue``); the updated
        machine.

        Raises:
            ValueError: A value other than Normal, Low or High (any case).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/setDeviceValue`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/set-device-value
        """
    def update(
        self,
        machine_id: str,
        *,
        machine_tags: Sequence[str] | None = None,
        device_value: Literal["Normal", "Low", "High"] | str | None = None,
    ) -> Machine:
        """Updates a machine's tags and/or device value (``PATCH /api/machines/{id}``).

        Args:
            machine_id: The 40-hex device id or the computer name.
            machine_tags: The machine's whole tag set: tags left out are removed (the page
                documents both "appends" and "replaces"; sending the full set is right under
                either reading). Read the current tags with :meth:`get` first to add one.
            device_value: ``Normal``, ``Low`` or ``High`` (any case).

        Returns:
            The updated Machine.

        Raises:
            ValueError: Neither argument, a blank tag or an unknown value (nothing sent).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``PATCH /api/machines/{id}`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/update-machine-method
        """
    def find(self, ip: str, *, timestamp: str) -> Entities:
        """The legacy find by internal IP
        (``GET /api/machines/find(timestamp=...,key='...')``): machines that reported the
        IP within 16 minutes of ``timestamp``. Prefer :meth:`find_by_ip`.

        Args:
            ip: IPv4 or IPv6 address.
            timestamp: UTC ISO-8601 such as ``2024-01-31T08:44:05Z``, at most 30 days ago.

        Returns:
            A list of Machine dicts.

        Raises:
            ValueError: A malformed IP or timestamp (nothing sent).
            ResourceNotFoundError: No machine reported the IP then (404, as documented).
            BadRequestError: The timestamp is more than 30 days old (400).

        Endpoint: ``GET /api/machines/find(timestamp={timestamp},key='{ip}')`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/find-machine-info-by-ip
        """
    def logon_users(self, machine_id: str) -> Entities:
        """Users who logged on (``GET /api/machines/{id}/logonusers``): User dicts (``id``,
        ``accountName``, ``accountDomain``, ``firstSeen``, ``lastSeen``, ``logonTypes``...).
        404 for an unknown machine.

        Endpoint: ``GET /api/machines/{id}/logonusers`` (MDE API).
        Permission: ``User.Read.All`` (application); ``User.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-log-on-users
        """
    def alerts(self, machine_id: str) -> Entities:
        """The machine's alerts (``GET /api/machines/{id}/alerts``): Alert dicts. 404 for an
        unknown machine.

        Endpoint: ``GET /api/machines/{id}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-related-alerts
        """
    def software(self, machine_id: str) -> Entities:
        """Installed software (``GET /api/machines/{id}/software``): dicts with ``id``,
        ``name``, ``vendor``, ``weaknesses``, ``publicExploit``, ``exposedMachines``...

        Endpoint: ``GET /api/machines/{id}/software`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-installed-software
        """
    def vulnerabilities(self, machine_id: str) -> Entities:
        """Discovered vulnerabilities (``GET /api/machines/{id}/vulnerabilities``): dicts with
        ``id`` (CVE), ``severity``, ``cvssV3``, ``publicExploit``...

        Endpoint: ``GET /api/machines/{id}/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 50 calls a minute and 1,500 an hour (quota family ``machine_vulnerabilities``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-discovered-vulnerabilities
        """
    def recommendations(self, machine_id: str) -> Entities:
        """Security recommendations (``GET /api/machines/{id}/recommendations``).

        Endpoint: ``GET /api/machines/{id}/recommendations`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-security-recommendations
        """
    def missing_kbs(self, machine_id: str) -> Entities:
        """Missing security updates (``GET /api/machines/{id}/getmissingkbs``): dicts with
        ``id`` (KB number), ``name``, ``productsNames``, ``url``, ``cveAddressed``...

        Endpoint: ``GET /api/machines/{id}/getmissingkbs`` (MDE API).
        Permission: ``Software.Read.All`` (application).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-missing-kbs-machine
        """
    def isolate(
        self,
        machine_id: str,
        *,
        comment: str,
        isolation_type: Literal["Full", "Selective", "UnManagedDevice"] | str = "Full",
    ) -> MachineAction:
        """Isolates a machine from the network (``POST /api/machines/{id}/isolate``).

        Args:
            machine_id: The 40-hex device id.
            comment: Why, recorded on the action (required).
            isolation_type: ``Full`` (default), ``Selective`` (Outlook, Teams and Skype stay
                connected; Windows only) or ``UnManagedDevice`` (contain an unmanaged device);
                any case.

        Returns:
            The ``Pending`` MachineAction; poll it with :meth:`MachineActionsOperations.wait`.

        Raises:
            ValueError: Blank comment, bad id or unknown isolation type (nothing sent).
            BadRequestError: ``ActiveRequestAlreadyExists`` (an isolation is already pending),
                ``OsPlatformNotSupported``, or another refused request (400).
            PermissionDeniedError: The app lacks ``Machine.Isolate`` (403).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/isolate`` (MDE API).
        Permission: ``Machine.Isolate`` (application); ``Machine.Isolate`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/isolate-machine
        """
    def unisolate(self, machine_id: str, *, comment: str) -> MachineAction:
        """Releases a machine from isolation (``POST /api/machines/{id}/unisolate``).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/unisolate`` (MDE API).
        Permission: ``Machine.Isolate`` (application); ``Machine.Isolate`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/unisolate-machine
        """
    def restrict_code_execution(self, machine_id: str, *, comment: str) -> MachineAction:
        """Restricts execution to Microsoft-signed code
        (``POST /api/machines/{id}/restrictCodeExecution``; Windows only).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/restrictCodeExecution`` (MDE API).
        Permission: ``Machine.RestrictExecution`` (application); ``Machine.RestrictExecution``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/restrict-code-execution
        """
    def unrestrict_code_execution(self, machine_id: str, *, comment: str) -> MachineAction:
        """Removes the app execution restriction
        (``POST /api/machines/{id}/unrestrictCodeExecution``).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/unrestrictCodeExecution`` (MDE API).
        Permission: ``Machine.RestrictExecution`` (application); ``Machine.RestrictExecution``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/unrestrict-code-execution
        """
    def run_antivirus_scan(
        self,
        machine_id: str,
        *,
        comment: str,
        scan_type: Literal["Quick", "Full"] | str = "Quick",
    ) -> MachineAction:
        """Starts a Microsoft Defender Antivirus scan
        (``POST /api/machines/{id}/runAntiVirusScan``).

        Args:
            scan_type: ``Quick`` (default) or ``Full`` (any case).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/runAntiVirusScan`` (MDE API).
        Permission: ``Machine.Scan`` (application); ``Machine.Scan`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/run-av-scan
        """
    def collect_investigation_package(self, machine_id: str, *, comment: str) -> MachineAction:
        """Collects an investigation package
        (``POST /api/machines/{id}/collectInvestigationPackage``); download it with
        :meth:`MachineActionsOperations.get_package_uri` once the action has succeeded.

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/collectInvestigationPackage`` (MDE API).
        Permission: ``Machine.CollectForensics`` (application); ``Machine.CollectForensics``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/collect-investigation-package
        """
    def offboard(self, machine_id: str, *, comment: str) -> MachineAction:
        """Offboards a machine (``POST /api/machines/{id}/offboard``; the service answers 200).

        Not supported on macOS and Linux (``OsPlatformNotSupported``).
        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/offboard`` (MDE API).
        Permission: ``Machine.Offboard`` (application); ``Machine.Offboard`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/offboard-machine-api
        """
    def stop_and_quarantine_file(
        self,
        machine_id: str,
        *,
        comment: str,
        sha1: str,
    ) -> MachineAction:
        """Stops a file's processes and quarantines it
        (``POST /api/machines/{id}/StopAndQuarantineFile``).

        Args:
            sha1: The file's SHA-1 (40 hexadecimal characters; checked before sending).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/StopAndQuarantineFile`` (MDE API).
        Permission: ``Machine.StopAndQuarantine``, ``Machine.Read.All`` or ``Machine.ReadWrite.All``
            (application); ``Machine.StopAndQuarantine`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/stop-and-quarantine-file
        """
    def isolate_many(
        self,
        machine_ids: Sequence[str],
        *,
        comment: str,
        isolation_type: Literal["Full", "Selective", "UnManagedDevice"] | str = "Full",
        dry_run: bool = False,
        wait: bool = False,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
        concurrency: int = 10,
    ) -> BulkOutcomes:
        """Isolates many machines; ``machine_actions.bulk("isolate", ...)``.

        See :meth:`MachineActionsOperations.bulk` for the arguments and outcomes.
        """

@final
class AsyncMachinesOperations:
    """Machines (``/api/machines``).

    Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application),
    ``Machine.Read`` or ``Machine.ReadWrite`` (delegated). Rate limit: 100 calls/minute,
    1,500/hour.

    The asyncio twin of :class:`MachinesOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Machine]:
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

        Endpoint: ``GET /api/machines`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines
        """
    def get(self, machine_id: str) -> Awaitable[Machine]:
        """Gets one machine by its 40-hex device id or its computer name.

        Raises:
            ValueError: An empty id or one with characters a device id or host name can't have.
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``GET /api/machines/{id}`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-by-id
        """
    def find_by_ip(self, ip: str, *, timestamp: str) -> Awaitable[Entities]:
        """Machines seen with an internal IP within 15 minutes of ``timestamp``
        (``GET /api/machines/findbyip(ip=...,timestamp=...)``).

        Args:
            ip: IPv4 or IPv6 address.
            timestamp: UTC ISO-8601 such as ``2024-01-31T08:44:05Z``, at most 30 days ago.

        Returns:
            A list of Machine dicts (possibly empty).

        Raises:
            ValueError: A malformed IP or timestamp (nothing sent).
            BadRequestError: The timestamp is more than 30 days old (400).

        Endpoint: ``GET /api/machines/findbyip(ip='{ip}',timestamp={timestamp})`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/find-machines-by-ip
        """
    def find_by_tag(self, tag: str, *, starts_with: bool = False) -> Awaitable[Entities]:
        """Machines carrying a tag (``GET /api/machines/findbytag``); ``starts_with`` matches
        tags beginning with ``tag``. Returns a list of Machine dicts.

        Endpoint: ``GET /api/machines/findbytag`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/find-machines-by-tag
        """
    def add_tag(self, machine_id: str, tag: str) -> Awaitable[Machine]:
        """Adds a tag (``POST /api/machines/{id}/tags``, ``Action: Add``); the updated machine.

        Raises:
            ValueError: A blank tag or invalid id.
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/tags`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-machine-tags
        """
    def remove_tag(self, machine_id: str, tag: str) -> Awaitable[Machine]:
        """Removes a tag (``Action: Remove``); the updated machine. See :meth:`add_tag`.

        Endpoint: ``POST /api/machines/{id}/tags`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-machine-tags
        """
    def add_tag_many(self, machine_ids: Sequence[str], tag: str) -> Awaitable[Entities]:
        """Adds a tag to 1-500 machines
        (``POST /api/machines/AddOrRemoveTagForMultipleMachines``); the updated machines.

        Raises:
            ValueError: No ids, more than 500, an invalid id or a blank tag.

        Endpoint: ``POST /api/machines/AddOrRemoveTagForMultipleMachines`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-multiple-machine-tags
        """
    def remove_tag_many(self, machine_ids: Sequence[str], tag: str) -> Awaitable[Entities]:
        """Removes a tag from 1-500 machines; see :meth:`add_tag_many`.

        Endpoint: ``POST /api/machines/AddOrRemoveTagForMultipleMachines`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-or-remove-multiple-machine-tags
        """
    def set_device_value(
        self,
        machine_id: str,
        value: Literal["Normal", "Low", "High"] | str,
    ) -> Awaitable[Machine]:
        """Sets a machine's value (``POST /api/machines/{id}/setDeviceValue``); the updated
        machine.

        Raises:
            ValueError: A value other than Normal, Low or High (any case).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/setDeviceValue`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/set-device-value
        """
    def update(
        self,
        machine_id: str,
        *,
        machine_tags: Sequence[str] | None = None,
        device_value: Literal["Normal", "Low", "High"] | str | None = None,
    ) -> Awaitable[Machine]:
        """Updates a machine's tags and/or device value (``PATCH /api/machines/{id}``).

        Args:
            machine_id: The 40-hex device id or the computer name.
            machine_tags: The machine's whole tag set: tags left out are removed (the page
                documents both "appends" and "replaces"; sending the full set is right under
                either reading). Read the current tags with :meth:`get` first to add one.
            device_value: ``Normal``, ``Low`` or ``High`` (any case).

        Returns:
            The updated Machine.

        Raises:
            ValueError: Neither argument, a blank tag or an unknown value (nothing sent).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``PATCH /api/machines/{id}`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/update-machine-method
        """
    def find(self, ip: str, *, timestamp: str) -> Awaitable[Entities]:
        """The legacy find by internal IP
        (``GET /api/machines/find(timestamp=...,key='...')``): machines that reported the
        IP within 16 minutes of ``timestamp``. Prefer :meth:`find_by_ip`.

        Args:
            ip: IPv4 or IPv6 address.
            timestamp: UTC ISO-8601 such as ``2024-01-31T08:44:05Z``, at most 30 days ago.

        Returns:
            A list of Machine dicts.

        Raises:
            ValueError: A malformed IP or timestamp (nothing sent).
            ResourceNotFoundError: No machine reported the IP then (404, as documented).
            BadRequestError: The timestamp is more than 30 days old (400).

        Endpoint: ``GET /api/machines/find(timestamp={timestamp},key='{ip}')`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/find-machine-info-by-ip
        """
    def logon_users(self, machine_id: str) -> Awaitable[Entities]:
        """Users who logged on (``GET /api/machines/{id}/logonusers``): User dicts (``id``,
        ``accountName``, ``accountDomain``, ``firstSeen``, ``lastSeen``, ``logonTypes``...).
        404 for an unknown machine.

        Endpoint: ``GET /api/machines/{id}/logonusers`` (MDE API).
        Permission: ``User.Read.All`` (application); ``User.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-log-on-users
        """
    def alerts(self, machine_id: str) -> Awaitable[Entities]:
        """The machine's alerts (``GET /api/machines/{id}/alerts``): Alert dicts. 404 for an
        unknown machine.

        Endpoint: ``GET /api/machines/{id}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machines``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-related-alerts
        """
    def software(self, machine_id: str) -> Awaitable[Entities]:
        """Installed software (``GET /api/machines/{id}/software``): dicts with ``id``,
        ``name``, ``vendor``, ``weaknesses``, ``publicExploit``, ``exposedMachines``...

        Endpoint: ``GET /api/machines/{id}/software`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-installed-software
        """
    def vulnerabilities(self, machine_id: str) -> Awaitable[Entities]:
        """Discovered vulnerabilities (``GET /api/machines/{id}/vulnerabilities``): dicts with
        ``id`` (CVE), ``severity``, ``cvssV3``, ``publicExploit``...

        Endpoint: ``GET /api/machines/{id}/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 50 calls a minute and 1,500 an hour (quota family ``machine_vulnerabilities``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-discovered-vulnerabilities
        """
    def recommendations(self, machine_id: str) -> Awaitable[Entities]:
        """Security recommendations (``GET /api/machines/{id}/recommendations``).

        Endpoint: ``GET /api/machines/{id}/recommendations`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-security-recommendations
        """
    def missing_kbs(self, machine_id: str) -> Awaitable[Entities]:
        """Missing security updates (``GET /api/machines/{id}/getmissingkbs``): dicts with
        ``id`` (KB number), ``name``, ``productsNames``, ``url``, ``cveAddressed``...

        Endpoint: ``GET /api/machines/{id}/getmissingkbs`` (MDE API).
        Permission: ``Software.Read.All`` (application).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-missing-kbs-machine
        """
    def isolate(
        self,
        machine_id: str,
        *,
        comment: str,
        isolation_type: Literal["Full", "Selective", "UnManagedDevice"] | str = "Full",
    ) -> Awaitable[MachineAction]:
        """Isolates a machine from the network (``POST /api/machines/{id}/isolate``).

        Args:
            machine_id: The 40-hex device id.
            comment: Why, recorded on the action (required).
            isolation_type: ``Full`` (default), ``Selective`` (Outlook, Teams and Skype stay
                connected; Windows only) or ``UnManagedDevice`` (contain an unmanaged device);
                any case.

        Returns:
            The ``Pending`` MachineAction; poll it with :meth:`MachineActionsOperations.wait`.

        Raises:
            ValueError: Blank comment, bad id or unknown isolation type (nothing sent).
            BadRequestError: ``ActiveRequestAlreadyExists`` (an isolation is already pending),
                ``OsPlatformNotSupported``, or another refused request (400).
            PermissionDeniedError: The app lacks ``Machine.Isolate`` (403).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/isolate`` (MDE API).
        Permission: ``Machine.Isolate`` (application); ``Machine.Isolate`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/isolate-machine
        """
    def unisolate(self, machine_id: str, *, comment: str) -> Awaitable[MachineAction]:
        """Releases a machine from isolation (``POST /api/machines/{id}/unisolate``).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/unisolate`` (MDE API).
        Permission: ``Machine.Isolate`` (application); ``Machine.Isolate`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/unisolate-machine
        """
    def restrict_code_execution(self, machine_id: str, *, comment: str) -> Awaitable[MachineAction]:
        """Restricts execution to Microsoft-signed code
        (``POST /api/machines/{id}/restrictCodeExecution``; Windows only).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/restrictCodeExecution`` (MDE API).
        Permission: ``Machine.RestrictExecution`` (application); ``Machine.RestrictExecution``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/restrict-code-execution
        """
    def unrestrict_code_execution(
        self,
        machine_id: str,
        *,
        comment: str,
    ) -> Awaitable[MachineAction]:
        """Removes the app execution restriction
        (``POST /api/machines/{id}/unrestrictCodeExecution``).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/unrestrictCodeExecution`` (MDE API).
        Permission: ``Machine.RestrictExecution`` (application); ``Machine.RestrictExecution``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/unrestrict-code-execution
        """
    def run_antivirus_scan(
        self,
        machine_id: str,
        *,
        comment: str,
        scan_type: Literal["Quick", "Full"] | str = "Quick",
    ) -> Awaitable[MachineAction]:
        """Starts a Microsoft Defender Antivirus scan
        (``POST /api/machines/{id}/runAntiVirusScan``).

        Args:
            scan_type: ``Quick`` (default) or ``Full`` (any case).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/runAntiVirusScan`` (MDE API).
        Permission: ``Machine.Scan`` (application); ``Machine.Scan`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/run-av-scan
        """
    def collect_investigation_package(
        self,
        machine_id: str,
        *,
        comment: str,
    ) -> Awaitable[MachineAction]:
        """Collects an investigation package
        (``POST /api/machines/{id}/collectInvestigationPackage``); download it with
        :meth:`MachineActionsOperations.get_package_uri` once the action has succeeded.

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/collectInvestigationPackage`` (MDE API).
        Permission: ``Machine.CollectForensics`` (application); ``Machine.CollectForensics``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/collect-investigation-package
        """
    def offboard(self, machine_id: str, *, comment: str) -> Awaitable[MachineAction]:
        """Offboards a machine (``POST /api/machines/{id}/offboard``; the service answers 200).

        Not supported on macOS and Linux (``OsPlatformNotSupported``).
        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/offboard`` (MDE API).
        Permission: ``Machine.Offboard`` (application); ``Machine.Offboard`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/offboard-machine-api
        """
    def stop_and_quarantine_file(
        self,
        machine_id: str,
        *,
        comment: str,
        sha1: str,
    ) -> Awaitable[MachineAction]:
        """Stops a file's processes and quarantines it
        (``POST /api/machines/{id}/StopAndQuarantineFile``).

        Args:
            sha1: The file's SHA-1 (40 hexadecimal characters; checked before sending).

        Returns the ``Pending`` MachineAction. Raises as :meth:`isolate`.

        Endpoint: ``POST /api/machines/{id}/StopAndQuarantineFile`` (MDE API).
        Permission: ``Machine.StopAndQuarantine``, ``Machine.Read.All`` or ``Machine.ReadWrite.All``
            (application); ``Machine.StopAndQuarantine`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/stop-and-quarantine-file
        """
    def isolate_many(
        self,
        machine_ids: Sequence[str],
        *,
        comment: str,
        isolation_type: Literal["Full", "Selective", "UnManagedDevice"] | str = "Full",
        dry_run: bool = False,
        wait: bool = False,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
        concurrency: int = 10,
    ) -> Awaitable[BulkOutcomes]:
        """Isolates many machines; ``machine_actions.bulk("isolate", ...)``.

        See :meth:`MachineActionsOperations.bulk` for the arguments and outcomes.
        """

@final
class MachineActionsOperations:
    """Machine actions (``/api/machineactions``).

    Permission to read: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application),
    ``Machine.Read`` or ``Machine.ReadWrite`` (delegated). Rate limit: 100 calls/minute,
    1,500/hour. The actions themselves start on :class:`MachinesOperations`.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[MachineAction]:
        """Lists machine actions lazily (``GET /api/machineactions``).

        Args:
            filter: OData ``$filter`` on id, status, machineId, type, requestor or
                creationDateTimeUtc.
            top: Total number of actions wanted (``$top``).
            skip: Actions to skip first (``$skip``).
            page_size: Actions per request (1-10,000).

        Returns:
            A :class:`Pager` of MachineAction dicts.

        Raises:
            ValueError: Invalid OData options.

        Endpoint: ``GET /api/machineactions`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machineactions-collection
        """
    def get(self, action_id: str) -> MachineAction:
        """Gets one machine action by its GUID.

        Raises:
            ValueError: An id that is not a GUID.
            ResourceNotFoundError: No such action (404).

        Endpoint: ``GET /api/machineactions/{id}`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machineaction-object
        """
    def cancel(self, action_id: str, *, comment: str) -> MachineAction:
        """Cancels a pending or running action (``POST /api/machineactions/{id}/cancel``).

        Returns:
            The action, now ``Cancelled`` with the cancellation fields set.

        Raises:
            ValueError: Bad id or blank comment.
            BadRequestError: The action is already final (400).
            ResourceNotFoundError: No such action (404).

        Endpoint: ``POST /api/machineactions/{id}/cancel`` (MDE API).
        Permission: ``Machine.CollectForensics``, ``Machine.Isolate``,
            ``Machine.RestrictExecution``, ``Machine.Scan``, ``Machine.Offboard``,
            ``Machine.StopAndQuarantine`` or ``Machine.LiveResponse`` (application);
            ``Machine.CollectForensics``, ``Machine.Isolate``, ``Machine.RestrictExecution``,
            ``Machine.Scan``, ``Machine.Offboard``, ``Machine.StopAndQuarantine`` or
            ``Machine.LiveResponse`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/cancel-machine-action
        """
    def get_package_uri(self, action_id: str) -> str:
        """The download URL of a collected investigation package
        (``GET /api/machineactions/{id}/getPackageUri``). The service may wrap the URL in literal
        double quotes; they are removed. The URL is short-lived.

        Raises:
            ResourceNotFoundError: No such action, or the collection has not succeeded (404).
            ThrottledError: More than 2 calls a minute or 120 an hour (429).

        Endpoint: ``GET /api/machineactions/{id}/getPackageUri`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.CollectForensics`` (delegated).
        Rate limit: 2 calls a minute and 120 an hour (quota family ``package_uri``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-package-sas-uri
        """
    def wait(
        self,
        action_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
    ) -> MachineAction:
        """Polls an action every ``poll_interval`` seconds until it is ``Succeeded``,
        ``Failed``, ``Cancelled`` or ``TimeOut``, and returns it.

        Args:
            timeout: Seconds to wait in all.
            poll_interval: Seconds between polls (positive).

        Raises:
            TimeoutError: The action was still running after ``timeout`` seconds.
            ValueError: Bad id or negative durations.
            ResourceNotFoundError: No such action (404).
        """
    def bulk(
        self,
        action: Literal[
            "isolate",
            "unisolate",
            "restrict_code_execution",
            "unrestrict_code_execution",
            "run_antivirus_scan",
            "collect_investigation_package",
            "offboard",
            "stop_and_quarantine_file",
        ]
        | str,
        machine_ids: Sequence[str],
        *,
        comment: str,
        isolation_type: Literal["Full", "Selective", "UnManagedDevice"] | str | None = None,
        scan_type: Literal["Quick", "Full"] | str | None = None,
        sha1: str | None = None,
        dry_run: bool = False,
        wait: bool = False,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
        concurrency: int = 10,
    ) -> BulkOutcomes:
        """Sends one action to many machines, at most ``concurrency`` requests at a time within
        the client-side rate limits, and reports one outcome per machine (duplicates once), in
        input order. A machine refused with ``ActiveRequestAlreadyExists`` counts as
        ``already_pending``, not as a failure; other refusals are ``failed`` outcomes, never
        exceptions.

        Args:
            action: The action's method name on :class:`MachinesOperations`.
            machine_ids: 40-hex device ids.
            comment: Recorded on every action (required).
            isolation_type: For ``isolate`` (default ``Full``).
            scan_type: For ``run_antivirus_scan`` (default ``Quick``).
            sha1: For ``stop_and_quarantine_file`` (required there).
            dry_run: Validate and report ``dry_run`` outcomes without sending anything.
            wait: Poll every action to its final state (one shared ``timeout``, seconds).
            poll_interval: Seconds between polls of one action.
            concurrency: Requests in flight at once (at least 1).

        Returns:
            One :class:`BulkOutcome` per machine.

        Raises:
            ValueError: Unknown action, bad parameters or an invalid id (nothing sent).

        Permission: the action's own (see each method).
        """

@final
class AsyncMachineActionsOperations:
    """Machine actions (``/api/machineactions``).

    Permission to read: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application),
    ``Machine.Read`` or ``Machine.ReadWrite`` (delegated). Rate limit: 100 calls/minute,
    1,500/hour. The actions themselves start on :class:`MachinesOperations`.

    The asyncio twin of :class:`MachineActionsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[MachineAction]:
        """Lists machine actions lazily (``GET /api/machineactions``).

        Args:
            filter: OData ``$filter`` on id, status, machineId, type, requestor or
                creationDateTimeUtc.
            top: Total number of actions wanted (``$top``).
            skip: Actions to skip first (``$skip``).
            page_size: Actions per request (1-10,000).

        Returns:
            A :class:`Pager` of MachineAction dicts.

        Raises:
            ValueError: Invalid OData options.

        Endpoint: ``GET /api/machineactions`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machineactions-collection
        """
    def get(self, action_id: str) -> Awaitable[MachineAction]:
        """Gets one machine action by its GUID.

        Raises:
            ValueError: An id that is not a GUID.
            ResourceNotFoundError: No such action (404).

        Endpoint: ``GET /api/machineactions/{id}`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machineaction-object
        """
    def cancel(self, action_id: str, *, comment: str) -> Awaitable[MachineAction]:
        """Cancels a pending or running action (``POST /api/machineactions/{id}/cancel``).

        Returns:
            The action, now ``Cancelled`` with the cancellation fields set.

        Raises:
            ValueError: Bad id or blank comment.
            BadRequestError: The action is already final (400).
            ResourceNotFoundError: No such action (404).

        Endpoint: ``POST /api/machineactions/{id}/cancel`` (MDE API).
        Permission: ``Machine.CollectForensics``, ``Machine.Isolate``,
            ``Machine.RestrictExecution``, ``Machine.Scan``, ``Machine.Offboard``,
            ``Machine.StopAndQuarantine`` or ``Machine.LiveResponse`` (application);
            ``Machine.CollectForensics``, ``Machine.Isolate``, ``Machine.RestrictExecution``,
            ``Machine.Scan``, ``Machine.Offboard``, ``Machine.StopAndQuarantine`` or
            ``Machine.LiveResponse`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``machine_actions_write``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/cancel-machine-action
        """
    def get_package_uri(self, action_id: str) -> Awaitable[str]:
        """The download URL of a collected investigation package
        (``GET /api/machineactions/{id}/getPackageUri``). The service may wrap the URL in literal
        double quotes; they are removed. The URL is short-lived.

        Raises:
            ResourceNotFoundError: No such action, or the collection has not succeeded (404).
            ThrottledError: More than 2 calls a minute or 120 an hour (429).

        Endpoint: ``GET /api/machineactions/{id}/getPackageUri`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.CollectForensics`` (delegated).
        Rate limit: 2 calls a minute and 120 an hour (quota family ``package_uri``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-package-sas-uri
        """
    def wait(
        self,
        action_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
    ) -> Awaitable[MachineAction]:
        """Polls an action every ``poll_interval`` seconds until it is ``Succeeded``,
        ``Failed``, ``Cancelled`` or ``TimeOut``, and returns it.

        Args:
            timeout: Seconds to wait in all.
            poll_interval: Seconds between polls (positive).

        Raises:
            TimeoutError: The action was still running after ``timeout`` seconds.
            ValueError: Bad id or negative durations.
            ResourceNotFoundError: No such action (404).
        """
    def bulk(
        self,
        action: Literal[
            "isolate",
            "unisolate",
            "restrict_code_execution",
            "unrestrict_code_execution",
            "run_antivirus_scan",
            "collect_investigation_package",
            "offboard",
            "stop_and_quarantine_file",
        ]
        | str,
        machine_ids: Sequence[str],
        *,
        comment: str,
        isolation_type: Literal["Full", "Selective", "UnManagedDevice"] | str | None = None,
        scan_type: Literal["Quick", "Full"] | str | None = None,
        sha1: str | None = None,
        dry_run: bool = False,
        wait: bool = False,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
        concurrency: int = 10,
    ) -> Awaitable[BulkOutcomes]:
        """Sends one action to many machines, at most ``concurrency`` requests at a time within
        the client-side rate limits, and reports one outcome per machine (duplicates once), in
        input order. A machine refused with ``ActiveRequestAlreadyExists`` counts as
        ``already_pending``, not as a failure; other refusals are ``failed`` outcomes, never
        exceptions.

        Args:
            action: The action's method name on :class:`MachinesOperations`.
            machine_ids: 40-hex device ids.
            comment: Recorded on every action (required).
            isolation_type: For ``isolate`` (default ``Full``).
            scan_type: For ``run_antivirus_scan`` (default ``Quick``).
            sha1: For ``stop_and_quarantine_file`` (required there).
            dry_run: Validate and report ``dry_run`` outcomes without sending anything.
            wait: Poll every action to its final state (one shared ``timeout``, seconds).
            poll_interval: Seconds between polls of one action.
            concurrency: Requests in flight at once (at least 1).

        Returns:
            One :class:`BulkOutcome` per machine.

        Raises:
            ValueError: Unknown action, bad parameters or an invalid id (nothing sent).

        Permission: the action's own (see each method).
        """

@final
class IndicatorsOperations:
    """Indicators: custom threat intelligence (``/api/indicators``).

    Permission: ``Ti.ReadWrite`` (sees only its own indicators) or ``Ti.ReadWrite.All``
    (application). Rate limits: 100 calls/minute and 1,500/hour; import and batch delete 30 a
    minute. A tenant holds at most 15,000 active indicators.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[Indicator]:
        """Lists indicators lazily (``GET /api/indicators``).

        Args:
            filter: OData ``$filter`` on application, createdByDisplayName, expirationTime,
                generateAlert, title, rbacGroupNames, rbacGroupIds, indicatorValue,
                indicatorType, creationTimeDateTimeUtc, createdBy, action or severity.

        Returns:
            A :class:`Pager` of Indicator dicts.

        Endpoint: ``GET /api/indicators`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application); ``Ti.ReadWrite``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``indicators``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-ti-indicators-collection
        """
    def submit(
        self,
        *,
        indicator_value: str,
        indicator_type: Literal[
            "FileSha1",
            "FileSha256",
            "FileMd5",
            "CertificateThumbprint",
            "IpAddress",
            "DomainName",
            "Url",
        ]
        | str,
        action: Literal[
            "Warn", "Block", "Audit", "Alert", "AlertAndBlock", "BlockAndRemediate", "Allowed"
        ]
        | str,
        title: str,
        description: str,
        application: str | None = None,
        expiration_time: str | None = None,
        severity: Literal["Informational", "Low", "Medium", "High"] | str | None = None,
        recommended_actions: str | None = None,
        rbac_group_names: Sequence[str] | None = None,
        generate_alert: bool | None = None,
        educate_url: str | None = None,
    ) -> Indicator:
        """Creates an indicator, or updates the one with the same type and value
        (``POST /api/indicators``; the service answers 200 either way).

        Args:
            indicator_value: Checked against ``indicator_type`` before sending: SHA-1 (40 hex),
                SHA-256 (64 hex), MD5 (32 hex), certificate thumbprint (40 hex), an IPv4/IPv6
                address without CIDR, a domain name, or an http(s) URL.
            indicator_type: The documented enum (any case).
            action: The documented enum (any case); ``Audit`` needs ``generate_alert=True``.
            expiration_time: UTC ISO-8601.
            rbac_group_names: Device groups it applies to (empty: all devices).
            educate_url: Only for ``Url`` indicators with action ``Block`` or ``Warn``.

        Returns:
            The Indicator.

        Raises:
            ValueError: A missing field, an unknown enum or a value that does not match its type.
            BadRequestError: The service refused it (``InvalidHashValue``, ``InvalidUrl``..., or
                the tenant's 15,000 active indicators reached).
            PermissionDeniedError: The app lacks ``Ti.ReadWrite``/``Ti.ReadWrite.All`` (403).

        Endpoint: ``POST /api/indicators`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application); ``Ti.ReadWrite``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``indicators``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/post-ti-indicator
        """
    def import_batch(self, indicators: Sequence[dict[str, Any]]) -> ImportResults:
        """Imports indicators (``POST /api/indicators/import``) in chunks of at most 500.

        Args:
            indicators: Dicts with the documented camelCase keys (``indicatorValue``,
                ``indicatorType``, ``action``, ``title``, ``description``, ``severity``...),
                each validated as in :meth:`submit` before anything is sent.

        Returns:
            One :class:`ImportResult` per indicator, in order; a refused item has
            ``isFailed`` True and a ``failureReason``.

        Raises:
            ValueError: An invalid indicator (its index is in the message); nothing is sent.
            TypeError: Not a list of dicts.

        Endpoint: ``POST /api/indicators/import`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application); ``Ti.ReadWrite``
            (delegated).
        Rate limit: 30 calls a minute (quota family ``indicators_import``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/import-ti-indicators
        """
    def delete(self, indicator_id: str) -> None:
        """Deletes an indicator (``DELETE /api/indicators/{id}``).

        Raises:
            ValueError: An id that is not numeric.
            ResourceNotFoundError: No such indicator (404).

        Endpoint: ``DELETE /api/indicators/{id}`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``indicators``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/delete-ti-indicator-by-id
        """
    def batch_delete(self, indicator_ids: Sequence[str]) -> None:
        """Deletes 1-500 indicators at once (``POST /api/indicators/BatchDelete``). The service
        deletes none of them when one id is unknown.

        Raises:
            ValueError: No ids, more than 500, or a non-numeric id.
            ResourceNotFoundError: An id is unknown (404).

        Endpoint: ``POST /api/indicators/BatchDelete`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application).
        Rate limit: 30 calls a minute and 1,500 an hour (quota family ``indicators_batch_delete``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/batch-delete-ti-indicators
        """

@final
class AsyncIndicatorsOperations:
    """Indicators: custom threat intelligence (``/api/indicators``).

    Permission: ``Ti.ReadWrite`` (sees only its own indicators) or ``Ti.ReadWrite.All``
    (application). Rate limits: 100 calls/minute and 1,500/hour; import and batch delete 30 a
    minute. A tenant holds at most 15,000 active indicators.

    The asyncio twin of :class:`IndicatorsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Indicator]:
        """Lists indicators lazily (``GET /api/indicators``).

        Args:
            filter: OData ``$filter`` on application, createdByDisplayName, expirationTime,
                generateAlert, title, rbacGroupNames, rbacGroupIds, indicatorValue,
                indicatorType, creationTimeDateTimeUtc, createdBy, action or severity.

        Returns:
            A :class:`Pager` of Indicator dicts.

        Endpoint: ``GET /api/indicators`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application); ``Ti.ReadWrite``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``indicators``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-ti-indicators-collection
        """
    def submit(
        self,
        *,
        indicator_value: str,
        indicator_type: Literal[
            "FileSha1",
            "FileSha256",
            "FileMd5",
            "CertificateThumbprint",
            "IpAddress",
            "DomainName",
            "Url",
        ]
        | str,
        action: Literal[
            "Warn", "Block", "Audit", "Alert", "AlertAndBlock", "BlockAndRemediate", "Allowed"
        ]
        | str,
        title: str,
        description: str,
        application: str | None = None,
        expiration_time: str | None = None,
        severity: Literal["Informational", "Low", "Medium", "High"] | str | None = None,
        recommended_actions: str | None = None,
        rbac_group_names: Sequence[str] | None = None,
        generate_alert: bool | None = None,
        educate_url: str | None = None,
    ) -> Awaitable[Indicator]:
        """Creates an indicator, or updates the one with the same type and value
        (``POST /api/indicators``; the service answers 200 either way).

        Args:
            indicator_value: Checked against ``indicator_type`` before sending: SHA-1 (40 hex),
                SHA-256 (64 hex), MD5 (32 hex), certificate thumbprint (40 hex), an IPv4/IPv6
                address without CIDR, a domain name, or an http(s) URL.
            indicator_type: The documented enum (any case).
            action: The documented enum (any case); ``Audit`` needs ``generate_alert=True``.
            expiration_time: UTC ISO-8601.
            rbac_group_names: Device groups it applies to (empty: all devices).
            educate_url: Only for ``Url`` indicators with action ``Block`` or ``Warn``.

        Returns:
            The Indicator.

        Raises:
            ValueError: A missing field, an unknown enum or a value that does not match its type.
            BadRequestError: The service refused it (``InvalidHashValue``, ``InvalidUrl``..., or
                the tenant's 15,000 active indicators reached).
            PermissionDeniedError: The app lacks ``Ti.ReadWrite``/``Ti.ReadWrite.All`` (403).

        Endpoint: ``POST /api/indicators`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application); ``Ti.ReadWrite``
            (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``indicators``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/post-ti-indicator
        """
    def import_batch(self, indicators: Sequence[dict[str, Any]]) -> Awaitable[ImportResults]:
        """Imports indicators (``POST /api/indicators/import``) in chunks of at most 500.

        Args:
            indicators: Dicts with the documented camelCase keys (``indicatorValue``,
                ``indicatorType``, ``action``, ``title``, ``description``, ``severity``...),
                each validated as in :meth:`submit` before anything is sent.

        Returns:
            One :class:`ImportResult` per indicator, in order; a refused item has
            ``isFailed`` True and a ``failureReason``.

        Raises:
            ValueError: An invalid indicator (its index is in the message); nothing is sent.
            TypeError: Not a list of dicts.

        Endpoint: ``POST /api/indicators/import`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application); ``Ti.ReadWrite``
            (delegated).
        Rate limit: 30 calls a minute (quota family ``indicators_import``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/import-ti-indicators
        """
    def delete(self, indicator_id: str) -> Awaitable[None]:
        """Deletes an indicator (``DELETE /api/indicators/{id}``).

        Raises:
            ValueError: An id that is not numeric.
            ResourceNotFoundError: No such indicator (404).

        Endpoint: ``DELETE /api/indicators/{id}`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``indicators``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/delete-ti-indicator-by-id
        """
    def batch_delete(self, indicator_ids: Sequence[str]) -> Awaitable[None]:
        """Deletes 1-500 indicators at once (``POST /api/indicators/BatchDelete``). The service
        deletes none of them when one id is unknown.

        Raises:
            ValueError: No ids, more than 500, or a non-numeric id.
            ResourceNotFoundError: An id is unknown (404).

        Endpoint: ``POST /api/indicators/BatchDelete`` (MDE API).
        Permission: ``Ti.ReadWrite`` or ``Ti.ReadWrite.All`` (application).
        Rate limit: 30 calls a minute and 1,500 an hour (quota family ``indicators_batch_delete``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/batch-delete-ti-indicators
        """

@final
class InvestigationsOperations:
    """Automated investigations (``/api/investigations``).

    Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application), ``Alert.Read`` or
    ``Alert.ReadWrite`` (delegated). Rate limit: 100 calls/minute, 1,500/hour; starting one,
    50 an hour.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[dict[str, Any]]:
        """Lists investigations lazily (``GET /api/investigations``).

        Args:
            filter: OData ``$filter`` on startTime, id, state, machineId or triggeringAlertId.

        Returns:
            A :class:`Pager` of Investigation dicts (``id``, ``startTime``, ``endTime``,
            ``cancelledBy``, ``state``, ``statusDetails``, ``machineId``, ``computerDnsName``,
            ``triggeringAlertId``).

        Endpoint: ``GET /api/investigations`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``investigations``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-investigation-collection
        """
    def get(self, investigation_id: str) -> dict[str, Any]:
        """One investigation, by its id or by the id of the alert that triggered it.

        Raises:
            ResourceNotFoundError: No such investigation (404).

        Endpoint: ``GET /api/investigations/{id}`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``investigations``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-investigation-object
        """
    def start(self, machine_id: str, *, comment: str) -> dict[str, Any]:
        """Starts an automated investigation on a machine
        (``POST /api/machines/{id}/startInvestigation``; 201).

        Raises:
            ValueError: A blank comment or invalid id.
            ResourceNotFoundError: No such machine (404).
            ThrottledError: More than 50 starts an hour (429).

        Endpoint: ``POST /api/machines/{id}/startInvestigation`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 50 an hour (quota family ``start_investigation``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/initiate-autoir-investigation
        """

@final
class AsyncInvestigationsOperations:
    """Automated investigations (``/api/investigations``).

    Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application), ``Alert.Read`` or
    ``Alert.ReadWrite`` (delegated). Rate limit: 100 calls/minute, 1,500/hour; starting one,
    50 an hour.

    The asyncio twin of :class:`InvestigationsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[dict[str, Any]]:
        """Lists investigations lazily (``GET /api/investigations``).

        Args:
            filter: OData ``$filter`` on startTime, id, state, machineId or triggeringAlertId.

        Returns:
            A :class:`Pager` of Investigation dicts (``id``, ``startTime``, ``endTime``,
            ``cancelledBy``, ``state``, ``statusDetails``, ``machineId``, ``computerDnsName``,
            ``triggeringAlertId``).

        Endpoint: ``GET /api/investigations`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``investigations``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-investigation-collection
        """
    def get(self, investigation_id: str) -> Awaitable[dict[str, Any]]:
        """One investigation, by its id or by the id of the alert that triggered it.

        Raises:
            ResourceNotFoundError: No such investigation (404).

        Endpoint: ``GET /api/investigations/{id}`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``investigations``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-investigation-object
        """
    def start(self, machine_id: str, *, comment: str) -> Awaitable[dict[str, Any]]:
        """Starts an automated investigation on a machine
        (``POST /api/machines/{id}/startInvestigation``; 201).

        Raises:
            ValueError: A blank comment or invalid id.
            ResourceNotFoundError: No such machine (404).
            ThrottledError: More than 50 starts an hour (429).

        Endpoint: ``POST /api/machines/{id}/startInvestigation`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 50 an hour (quota family ``start_investigation``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/initiate-autoir-investigation
        """

@final
class LiveResponseOperations:
    """Live response sessions and the live response library.

    A session is a MachineAction of type ``LiveResponse``: :meth:`run` it, :meth:`wait` for
    it, then fetch each command's result with :meth:`download`. One session runs per machine
    (another gets ``ActiveRequestAlreadyExists``) and 25 per tenant; 10 runs a minute.
    """

    def run(
        self,
        machine_id: str,
        commands: Sequence[dict[str, Any]],
        *,
        comment: str,
    ) -> MachineAction:
        """Starts a session (``POST /api/machines/{id}/runliveresponse``).

        Args:
            machine_id: The 40-hex device id.
            commands: Dicts such as ``{"type": "PutFile", "FileName": "tool.exe"}``,
                ``{"type": "RunScript", "ScriptName": "triage.ps1", "Args": "-Quick"}`` and
                ``{"type": "GetFile", "Path": "C:\\Windows\\Temp\\out.zip"}`` (the
                documented ``{"type", "params": [{"key", "value"}]}`` form works too). They must
                come as PutFile, then RunScript, then GetFile; each may repeat. Checked before
                sending.
            comment: Recorded on the action (required).

        Returns:
            The ``Pending`` LiveResponse MachineAction; ``commands`` holds one entry per command
            with its ``commandStatus`` (``Created``, ``Completed``, ``Failed``).

        Raises:
            ValueError: Bad order, unknown command type, missing parameter, blank comment.
            BadRequestError: ``ActiveRequestAlreadyExists`` (a session already runs there).
            ThrottledError: More than 10 runs a minute or 25 sessions at once (429).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/runliveresponse`` (MDE API).
        Permission: ``Machine.LiveResponse`` (application); ``Machine.LiveResponse`` (delegated).
        Rate limit: 10 calls a minute (quota family ``live_response``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/run-live-response
        """
    def wait(
        self,
        action_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
    ) -> MachineAction:
        """Polls a session to its final state; see :meth:`MachineActionsOperations.wait`."""
    def result_link(self, action_id: str, index: int) -> str:
        """The download link of command ``index``'s result
        (``GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=n)``); valid
        30 minutes and can be asked for again.

        Raises:
            ResourceNotFoundError: No such action, or the command has no result (yet).

        Endpoint: ``GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={index})``
            (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.LiveResponse`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``live_response_result``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-live-response-result
        """
    def download(
        self,
        action_id: str,
        index: int,
        *,
        path: str | os.PathLike[str] | None = None,
    ) -> bytes | str:
        """Downloads command ``index``'s result: the bytes, or, with ``path``, writes them
        there and returns the path. The link is a pre-signed URL, fetched without the bearer
        token. A RunScript result is JSON: ``{"script_name", "exit_code", "script_output",
        "script_errors"}``.
        """
    def library_list(self) -> Entities:
        """Library files (``GET /api/libraryfiles``): ``fileName``, ``sha256``,
        ``description``, ``creationTime``, ``lastUpdatedTime``, ``createdBy``,
        ``hasParameters``...

        Endpoint: ``GET /api/libraryfiles`` (MDE API).
        Permission: ``Library.Manage`` (application); ``Library.Manage`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``library``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/list-library-files
        """
    def library_upload(
        self,
        file: bytes | str | os.PathLike[str],
        *,
        file_name: str | None = None,
        description: str | None = None,
        parameters_description: str | None = None,
        has_parameters: bool = False,
        override_if_exists: bool = False,
    ) -> dict[str, Any]:
        """Uploads a script or file to the library (``POST /api/libraryfiles``, multipart).

        Args:
            file: The content, or a path to read (its size is checked first).
            file_name: Library name (required with bytes; default: the path's name); letters,
                digits, ``-``, ``_`` and ``.`` only.

        Raises:
            ValueError: Over 20 MB, an empty file, a bad name (nothing sent).
            BadRequestError: The name exists and ``override_if_exists`` is False.

        Endpoint: ``POST /api/libraryfiles`` (MDE API).
        Permission: ``Library.Manage`` (application); ``Library.Manage`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``library``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/upload-library
        """
    def library_delete(self, file_name: str) -> None:
        """Deletes a library file (``DELETE /api/libraryfiles/{name}``).

        Raises:
            ResourceNotFoundError: No such file (404).

        Endpoint: ``DELETE /api/libraryfiles/{fileName}`` (MDE API).
        Permission: ``Library.Manage`` (application); ``Library.Manage`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``library``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/delete-library
        """

@final
class AsyncLiveResponseOperations:
    """Live response sessions and the live response library.

    A session is a MachineAction of type ``LiveResponse``: :meth:`run` it, :meth:`wait` for
    it, then fetch each command's result with :meth:`download`. One session runs per machine
    (another gets ``ActiveRequestAlreadyExists``) and 25 per tenant; 10 runs a minute.

    The asyncio twin of :class:`LiveResponseOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def run(
        self,
        machine_id: str,
        commands: Sequence[dict[str, Any]],
        *,
        comment: str,
    ) -> Awaitable[MachineAction]:
        """Starts a session (``POST /api/machines/{id}/runliveresponse``).

        Args:
            machine_id: The 40-hex device id.
            commands: Dicts such as ``{"type": "PutFile", "FileName": "tool.exe"}``,
                ``{"type": "RunScript", "ScriptName": "triage.ps1", "Args": "-Quick"}`` and
                ``{"type": "GetFile", "Path": "C:\\Windows\\Temp\\out.zip"}`` (the
                documented ``{"type", "params": [{"key", "value"}]}`` form works too). They must
                come as PutFile, then RunScript, then GetFile; each may repeat. Checked before
                sending.
            comment: Recorded on the action (required).

        Returns:
            The ``Pending`` LiveResponse MachineAction; ``commands`` holds one entry per command
            with its ``commandStatus`` (``Created``, ``Completed``, ``Failed``).

        Raises:
            ValueError: Bad order, unknown command type, missing parameter, blank comment.
            BadRequestError: ``ActiveRequestAlreadyExists`` (a session already runs there).
            ThrottledError: More than 10 runs a minute or 25 sessions at once (429).
            ResourceNotFoundError: No such machine (404).

        Endpoint: ``POST /api/machines/{id}/runliveresponse`` (MDE API).
        Permission: ``Machine.LiveResponse`` (application); ``Machine.LiveResponse`` (delegated).
        Rate limit: 10 calls a minute (quota family ``live_response``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/run-live-response
        """
    def wait(
        self,
        action_id: str,
        *,
        timeout: float = 600.0,
        poll_interval: float = 5.0,
    ) -> Awaitable[MachineAction]:
        """Polls a session to its final state; see :meth:`MachineActionsOperations.wait`."""
    def result_link(self, action_id: str, index: int) -> Awaitable[str]:
        """The download link of command ``index``'s result
        (``GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=n)``); valid
        30 minutes and can be asked for again.

        Raises:
            ResourceNotFoundError: No such action, or the command has no result (yet).

        Endpoint: ``GET /api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={index})``
            (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.LiveResponse`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``live_response_result``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-live-response-result
        """
    def download(
        self,
        action_id: str,
        index: int,
        *,
        path: str | os.PathLike[str] | None = None,
    ) -> Awaitable[bytes | str]:
        """Downloads command ``index``'s result: the bytes, or, with ``path``, writes them
        there and returns the path. The link is a pre-signed URL, fetched without the bearer
        token. A RunScript result is JSON: ``{"script_name", "exit_code", "script_output",
        "script_errors"}``.
        """
    def library_list(self) -> Awaitable[Entities]:
        """Library files (``GET /api/libraryfiles``): ``fileName``, ``sha256``,
        ``description``, ``creationTime``, ``lastUpdatedTime``, ``createdBy``,
        ``hasParameters``...

        Endpoint: ``GET /api/libraryfiles`` (MDE API).
        Permission: ``Library.Manage`` (application); ``Library.Manage`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``library``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/list-library-files
        """
    def library_upload(
        self,
        file: bytes | str | os.PathLike[str],
        *,
        file_name: str | None = None,
        description: str | None = None,
        parameters_description: str | None = None,
        has_parameters: bool = False,
        override_if_exists: bool = False,
    ) -> Awaitable[dict[str, Any]]:
        """Uploads a script or file to the library (``POST /api/libraryfiles``, multipart).

        Args:
            file: The content, or a path to read (its size is checked first).
            file_name: Library name (required with bytes; default: the path's name); letters,
                digits, ``-``, ``_`` and ``.`` only.

        Raises:
            ValueError: Over 20 MB, an empty file, a bad name (nothing sent).
            BadRequestError: The name exists and ``override_if_exists`` is False.

        Endpoint: ``POST /api/libraryfiles`` (MDE API).
        Permission: ``Library.Manage`` (application); ``Library.Manage`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``library``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/upload-library
        """
    def library_delete(self, file_name: str) -> Awaitable[None]:
        """Deletes a library file (``DELETE /api/libraryfiles/{name}``).

        Raises:
            ResourceNotFoundError: No such file (404).

        Endpoint: ``DELETE /api/libraryfiles/{fileName}`` (MDE API).
        Permission: ``Library.Manage`` (application); ``Library.Manage`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``library``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/delete-library
        """

@final
class FilesOperations:
    """Files (``/api/files``). Unknown files: :meth:`get` and :meth:`stats` raise
    ResourceNotFoundError (404); :meth:`alerts` and :meth:`machines` return ``[]``.
    Rate limit: 100 calls/minute, 1,500/hour.
    """

    def get(self, file_hash: str) -> dict[str, Any]:
        """A file by SHA-1 or SHA-256 (``GET /api/files/{hash}``): ``sha1``, ``sha256``,
        ``globalPrevalence``, ``globalFirstObserved``, ``size``, ``isPeFile``, ``signer``,
        ``determinationType``...

        Raises:
            ValueError: Not a SHA-1 or SHA-256.
            ResourceNotFoundError: Unknown file (404).

        Endpoint: ``GET /api/files/{id}`` (MDE API).
        Permission: ``File.Read.All`` (application); ``File.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-information
        """
    def stats(self, file_hash: str, *, lookback_hours: int | None = None) -> dict[str, Any]:
        """Prevalence (``GET /api/files/{hash}/stats``): ``organizationPrevalence``,
        ``orgFirstSeen``, ``orgLastSeen``, ``globallyPrevalence`` (the service's spelling),
        ``topFileNames``.

        Args:
            lookback_hours: 1-720 (default: 30 days).

        Raises:
            ValueError: A bad hash or look-back.
            ResourceNotFoundError: Unknown file (404).

        Endpoint: ``GET /api/files/{id}/stats`` (MDE API).
        Permission: ``File.Read.All`` (application); ``File.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-statistics
        """
    def alerts(self, sha1: str) -> Entities:
        """Alerts involving a file (SHA-1 only); ``[]`` for an unseen file.

        Endpoint: ``GET /api/files/{id}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-related-alerts
        """
    def machines(self, sha1: str) -> Entities:
        """Machines that saw a file (SHA-1 only); ``[]`` for an unseen file.

        Endpoint: ``GET /api/files/{id}/machines`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-related-machines
        """

@final
class AsyncFilesOperations:
    """Files (``/api/files``). Unknown files: :meth:`get` and :meth:`stats` raise
    ResourceNotFoundError (404); :meth:`alerts` and :meth:`machines` return ``[]``.
    Rate limit: 100 calls/minute, 1,500/hour.

    The asyncio twin of :class:`FilesOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def get(self, file_hash: str) -> Awaitable[dict[str, Any]]:
        """A file by SHA-1 or SHA-256 (``GET /api/files/{hash}``): ``sha1``, ``sha256``,
        ``globalPrevalence``, ``globalFirstObserved``, ``size``, ``isPeFile``, ``signer``,
        ``determinationType``...

        Raises:
            ValueError: Not a SHA-1 or SHA-256.
            ResourceNotFoundError: Unknown file (404).

        Endpoint: ``GET /api/files/{id}`` (MDE API).
        Permission: ``File.Read.All`` (application); ``File.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-information
        """
    def stats(
        self,
        file_hash: str,
        *,
        lookback_hours: int | None = None,
    ) -> Awaitable[dict[str, Any]]:
        """Prevalence (``GET /api/files/{hash}/stats``): ``organizationPrevalence``,
        ``orgFirstSeen``, ``orgLastSeen``, ``globallyPrevalence`` (the service's spelling),
        ``topFileNames``.

        Args:
            lookback_hours: 1-720 (default: 30 days).

        Raises:
            ValueError: A bad hash or look-back.
            ResourceNotFoundError: Unknown file (404).

        Endpoint: ``GET /api/files/{id}/stats`` (MDE API).
        Permission: ``File.Read.All`` (application); ``File.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-statistics
        """
    def alerts(self, sha1: str) -> Awaitable[Entities]:
        """Alerts involving a file (SHA-1 only); ``[]`` for an unseen file.

        Endpoint: ``GET /api/files/{id}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-related-alerts
        """
    def machines(self, sha1: str) -> Awaitable[Entities]:
        """Machines that saw a file (SHA-1 only); ``[]`` for an unseen file.

        Endpoint: ``GET /api/files/{id}/machines`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-file-related-machines
        """

@final
class IpsOperations:
    """IP addresses (``/api/ips``). A valid but unseen address has zero prevalence and no
    alerts; a malformed one raises ValueError before sending.
    """

    def stats(self, ip: str, *, lookback_hours: int | None = None) -> dict[str, Any]:
        """``{ipAddress, organizationPrevalence, orgFirstSeen, orgLastSeen}``
        (``GET /api/ips/{ip}/stats``; look-back 1-720 hours).

        Endpoint: ``GET /api/ips/{ip}/stats`` (MDE API).
        Permission: ``Ip.Read.All`` (application); ``Ip.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-ip-statistics
        """
    def alerts(self, ip: str) -> Entities:
        """Alerts involving an address; ``[]`` when unseen.

        Endpoint: ``GET /api/ips/{ip}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-ip-related-alerts
        """

@final
class AsyncIpsOperations:
    """IP addresses (``/api/ips``). A valid but unseen address has zero prevalence and no
    alerts; a malformed one raises ValueError before sending.

    The asyncio twin of :class:`IpsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def stats(self, ip: str, *, lookback_hours: int | None = None) -> Awaitable[dict[str, Any]]:
        """``{ipAddress, organizationPrevalence, orgFirstSeen, orgLastSeen}``
        (``GET /api/ips/{ip}/stats``; look-back 1-720 hours).

        Endpoint: ``GET /api/ips/{ip}/stats`` (MDE API).
        Permission: ``Ip.Read.All`` (application); ``Ip.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-ip-statistics
        """
    def alerts(self, ip: str) -> Awaitable[Entities]:
        """Alerts involving an address; ``[]`` when unseen.

        Endpoint: ``GET /api/ips/{ip}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-ip-related-alerts
        """

@final
class DomainsOperations:
    """Domains (``/api/domains``). An unseen domain has zero prevalence, no alerts and no
    machines.
    """

    def stats(self, domain: str, *, lookback_hours: int | None = None) -> dict[str, Any]:
        """``{host, organizationPrevalence, orgFirstSeen, orgLastSeen}``
        (``GET /api/domains/{domain}/stats``).

        Endpoint: ``GET /api/domains/{domain}/stats`` (MDE API).
        Permission: ``URL.Read.All`` (application); ``URL.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-domain-statistics
        """
    def alerts(self, domain: str) -> Entities:
        """Alerts involving a domain; ``[]`` when unseen.

        Endpoint: ``GET /api/domains/{domain}/alerts`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-domain-related-alerts
        """
    def machines(self, domain: str) -> Entities:
        """Machines that contacted a domain (at most 500); ``[]`` when unseen.

        Endpoint: ``GET /api/domains/{domain}/machines`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-domain-related-machines
        """

@final
class AsyncDomainsOperations:
    """Domains (``/api/domains``). An unseen domain has zero prevalence, no alerts and no
    machines.

    The asyncio twin of :class:`DomainsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def stats(self, domain: str, *, lookback_hours: int | None = None) -> Awaitable[dict[str, Any]]:
        """``{host, organizationPrevalence, orgFirstSeen, orgLastSeen}``
        (``GET /api/domains/{domain}/stats``).

        Endpoint: ``GET /api/domains/{domain}/stats`` (MDE API).
        Permission: ``URL.Read.All`` (application); ``URL.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-domain-statistics
        """
    def alerts(self, domain: str) -> Awaitable[Entities]:
        """Alerts involving a domain; ``[]`` when unseen.

        Endpoint: ``GET /api/domains/{domain}/alerts`` (MDE API).
        Permission: ``Alert.ReadWrite.All`` (application); ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-domain-related-alerts
        """
    def machines(self, domain: str) -> Awaitable[Entities]:
        """Machines that contacted a domain (at most 500); ``[]`` when unseen.

        Endpoint: ``GET /api/domains/{domain}/machines`` (MDE API).
        Permission: ``Machine.Read.All`` or ``Machine.ReadWrite.All`` (application);
            ``Machine.Read`` or ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-domain-related-machines
        """

@final
class UsersOperations:
    """Users (``/api/users``), addressed by account name (``user1``, not a UPN; a UPN raises
    ValueError). An unknown user has no alerts and no machines (``[]``).
    """

    def alerts(self, user_name: str) -> Entities:
        """Alerts of a user.

        Endpoint: ``GET /api/users/{id}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-user-related-alerts
        """
    def machines(self, user_name: str) -> Entities:
        """Machines of a user.

        Endpoint: ``GET /api/users/{id}/machines`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-user-related-machines
        """

@final
class AsyncUsersOperations:
    """Users (``/api/users``), addressed by account name (``user1``, not a UPN; a UPN raises
    ValueError). An unknown user has no alerts and no machines (``[]``).

    The asyncio twin of :class:`UsersOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def alerts(self, user_name: str) -> Awaitable[Entities]:
        """Alerts of a user.

        Endpoint: ``GET /api/users/{id}/alerts`` (MDE API).
        Permission: ``Alert.Read.All`` or ``Alert.ReadWrite.All`` (application); ``Alert.Read`` or
            ``Alert.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-user-related-alerts
        """
    def machines(self, user_name: str) -> Awaitable[Entities]:
        """Machines of a user.

        Endpoint: ``GET /api/users/{id}/machines`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``pivots``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-user-related-machines
        """

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
        endpoint: Literal["graph", "mde"] = "graph",
        params: Mapping[str, HuntingParam] | None = None,
        split: bool | str | None = None,
        max_rows: int = 100000,
        progress: bool | Callable[[int, int, int], object] | None = None,
        columns: bool = False,
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
                many rows is split; without it, a result of this many rows warns
                (``UserWarning``) and has ``truncated`` set.
            progress: For split runs: ``None`` shows progress when stderr is a terminal (tqdm
                if installed, else a plain line), ``True``/``False`` force it on/off, a callable
                gets ``(windows_done, windows_queued, rows)``.
            columns: ``True`` builds the result's typed Arrow columns on another thread while
                the response arrives, so the conversion overlaps the download and a later
                ``to_arrow()``, ``to_pandas()`` or ``to_polars()`` parses nothing (worth it
                over a slow link or for a large result meant for a DataFrame; the columns take
                memory beside the body). Ignored by split runs.

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

        MDE API (``advanced_queries.run``):
        Endpoint: ``POST /api/advancedqueries/run`` (MDE API).
        Permission: ``AdvancedQuery.Read.All`` (application); ``AdvancedQuery.Read`` (delegated).
        Rate limit: 45 calls a minute and 1,500 an hour (quota family ``hunting``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/run-advanced-query-api

        Microsoft Graph (``hunting.run``):
        Endpoint: ``POST /v1.0/security/runHuntingQuery`` (Microsoft Graph).
        Permission: ``ThreatHunting.Read.All`` (application); ``ThreatHunting.Read.All``
            (delegated).
        Rate limit: 45 calls a minute and 1,500 an hour (quota family ``hunting``).
        Docs: https://learn.microsoft.com/graph/api/security-security-runhuntingquery
        """

@final
class AsyncHuntingOperations:
    """Advanced hunting (KQL).

    By default Microsoft Graph ``POST /v1.0/security/runHuntingQuery`` (permission
    ``ThreatHunting.Read.All``); ``endpoint="mde"`` uses ``POST /api/advancedqueries/run``
    (permission ``AdvancedQuery.Read.All``), which Microsoft is retiring. Limits: 45 calls per
    minute, 100,000 rows, 30 days of data.

    The asyncio twin of :class:`HuntingOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def run(
        self,
        query: str,
        *,
        timespan: str | None = None,
        endpoint: Literal["graph", "mde"] = "graph",
        params: Mapping[str, HuntingParam] | None = None,
        split: bool | str | None = None,
        max_rows: int = 100000,
        progress: bool | Callable[[int, int, int], object] | None = None,
        columns: bool = False,
    ) -> Awaitable[HuntingResult]:
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
                many rows is split; without it, a result of this many rows warns
                (``UserWarning``) and has ``truncated`` set.
            progress: For split runs: ``None`` shows progress when stderr is a terminal (tqdm
                if installed, else a plain line), ``True``/``False`` force it on/off, a callable
                gets ``(windows_done, windows_queued, rows)``.
            columns: ``True`` builds the result's typed Arrow columns on another thread while
                the response arrives, so the conversion overlaps the download and a later
                ``to_arrow()``, ``to_pandas()`` or ``to_polars()`` parses nothing (worth it
                over a slow link or for a large result meant for a DataFrame; the columns take
                memory beside the body). Ignored by split runs.

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

        MDE API (``advanced_queries.run``):
        Endpoint: ``POST /api/advancedqueries/run`` (MDE API).
        Permission: ``AdvancedQuery.Read.All`` (application); ``AdvancedQuery.Read`` (delegated).
        Rate limit: 45 calls a minute and 1,500 an hour (quota family ``hunting``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/run-advanced-query-api

        Microsoft Graph (``hunting.run``):
        Endpoint: ``POST /v1.0/security/runHuntingQuery`` (Microsoft Graph).
        Permission: ``ThreatHunting.Read.All`` (application); ``ThreatHunting.Read.All``
            (delegated).
        Rate limit: 45 calls a minute and 1,500 an hour (quota family ``hunting``).
        Docs: https://learn.microsoft.com/graph/api/security-security-runhuntingquery
        """

@final
class IncidentsOperations:
    """Microsoft Graph security incidents (``/v1.0/security/incidents``).

    Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All`` to read,
    ``SecurityIncident.ReadWrite.All`` to update or comment (application or delegated). The
    pages document no rate limit; Graph's 429 with ``Retry-After`` is waited out and retried.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        count: bool = False,
        expand: str | None = None,
        page_size: int | None = None,
    ) -> Pager[Incident]:
        """Lists incidents lazily, newest first (``GET /v1.0/security/incidents``), following
        ``@odata.nextLink``.

        Args:
            filter: OData ``$filter`` on assignedTo, classification, createdDateTime,
                determination, lastUpdateDateTime, severity or status, e.g.
                ``"status eq 'active'"``.
            top: Total number of incidents wanted (``$top``).
            skip: Incidents to skip first (``$skip``).
            count: Send ``$count=true`` (the service adds ``@odata.count`` to each page).
            expand: ``"alerts"`` to include each incident's alerts.
            page_size: Incidents per request.

        Returns:
            A :class:`Pager` of Incident dicts.

        Raises:
            ValueError: A property that is not filterable, ``top`` 0 or an unsupported
                ``expand``.
            MdeError: When iterating (see :mod:`mdekit.exceptions`).

        Endpoint: ``GET /v1.0/security/incidents`` (Microsoft Graph).
        Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (application); ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-list-incidents
        """
    def get(self, incident_id: str, *, expand: str | None = None) -> Incident:
        """Gets one incident (``GET /v1.0/security/incidents/{id}``).

        Args:
            incident_id: The incident id, a number as a string (``"2972395"``).
            expand: ``"alerts"`` to include the incident's alerts with their evidence.

        Raises:
            ValueError: An id that is not a number, or an unsupported ``expand``.
            ResourceNotFoundError: No such incident (404).

        Endpoint: ``GET /v1.0/security/incidents/{id}`` (Microsoft Graph).
        Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (application); ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-incident-get
        """
    def update(
        self,
        incident_id: str,
        *,
        status: Literal["active", "resolved", "inProgress", "redirected"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "unknown", "falsePositive", "truePositive", "informationalExpectedActivity"
        ]
        | str
        | None = None,
        determination: Literal[
            "unknown",
            "apt",
            "malware",
            "securityPersonnel",
            "securityTesting",
            "unwantedSoftware",
            "other",
            "multiStagedAttack",
            "compromisedUser",
            "phishing",
            "maliciousUserActivity",
            "clean",
            "insufficientData",
            "notMalicious",
            "notEnoughDataToValidate",
            "confirmedUserActivity",
            "lineOfBusinessApplication",
        ]
        | str
        | None = None,
        custom_tags: Sequence[str] | None = None,
    ) -> Incident:
        """Updates an incident (``PATCH /v1.0/security/incidents/{id}``); omitted fields keep
        their values. Enum values match without case (``TruePositive`` or ``truePositive``)
        and are sent in the documented camelCase.

        Args:
            status: ``active``, ``resolved``, ``inProgress`` or ``redirected``.
            assigned_to: The owner; ``""`` clears it.
            classification: ``unknown``, ``falsePositive``, ``truePositive`` or
                ``informationalExpectedActivity``.
            determination: e.g. ``malware``, ``multiStagedAttack``, ``notMalicious``.
            custom_tags: Replaces the incident's custom tags.

        Returns:
            The updated Incident.

        Raises:
            ValueError: Nothing to update, or a value outside the documented domain.
            PermissionDeniedError: The token lacks ``SecurityIncident.ReadWrite.All`` (403).
            ResourceNotFoundError: No such incident (404).

        Endpoint: ``PATCH /v1.0/security/incidents/{id}`` (Microsoft Graph).
        Permission: ``SecurityIncident.ReadWrite.All`` (application);
            ``SecurityIncident.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-incident-update
        """
    def comment(self, incident_id: str, comment: str) -> AlertComments:
        """Adds a comment to an incident (``POST /v1.0/security/incidents/{id}/comments``).

        Returns:
            Every comment of the incident (``alertComment`` dicts), the new one last.

        Raises:
            ValueError: A blank comment.
            ResourceNotFoundError: No such incident (404).

        Endpoint: ``POST /v1.0/security/incidents/{id}/comments`` (Microsoft Graph).
        Permission: ``SecurityIncident.ReadWrite.All`` (application);
            ``SecurityIncident.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-incident-post-comments
        """

@final
class AsyncIncidentsOperations:
    """Microsoft Graph security incidents (``/v1.0/security/incidents``).

    Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All`` to read,
    ``SecurityIncident.ReadWrite.All`` to update or comment (application or delegated). The
    pages document no rate limit; Graph's 429 with ``Retry-After`` is waited out and retried.

    The asyncio twin of :class:`IncidentsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        count: bool = False,
        expand: str | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Incident]:
        """Lists incidents lazily, newest first (``GET /v1.0/security/incidents``), following
        ``@odata.nextLink``.

        Args:
            filter: OData ``$filter`` on assignedTo, classification, createdDateTime,
                determination, lastUpdateDateTime, severity or status, e.g.
                ``"status eq 'active'"``.
            top: Total number of incidents wanted (``$top``).
            skip: Incidents to skip first (``$skip``).
            count: Send ``$count=true`` (the service adds ``@odata.count`` to each page).
            expand: ``"alerts"`` to include each incident's alerts.
            page_size: Incidents per request.

        Returns:
            A :class:`Pager` of Incident dicts.

        Raises:
            ValueError: A property that is not filterable, ``top`` 0 or an unsupported
                ``expand``.
            MdeError: When iterating (see :mod:`mdekit.exceptions`).

        Endpoint: ``GET /v1.0/security/incidents`` (Microsoft Graph).
        Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (application); ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-list-incidents
        """
    def get(self, incident_id: str, *, expand: str | None = None) -> Awaitable[Incident]:
        """Gets one incident (``GET /v1.0/security/incidents/{id}``).

        Args:
            incident_id: The incident id, a number as a string (``"2972395"``).
            expand: ``"alerts"`` to include the incident's alerts with their evidence.

        Raises:
            ValueError: An id that is not a number, or an unsupported ``expand``.
            ResourceNotFoundError: No such incident (404).

        Endpoint: ``GET /v1.0/security/incidents/{id}`` (Microsoft Graph).
        Permission: ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (application); ``SecurityIncident.Read.All`` or ``SecurityIncident.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-incident-get
        """
    def update(
        self,
        incident_id: str,
        *,
        status: Literal["active", "resolved", "inProgress", "redirected"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "unknown", "falsePositive", "truePositive", "informationalExpectedActivity"
        ]
        | str
        | None = None,
        determination: Literal[
            "unknown",
            "apt",
            "malware",
            "securityPersonnel",
            "securityTesting",
            "unwantedSoftware",
            "other",
            "multiStagedAttack",
            "compromisedUser",
            "phishing",
            "maliciousUserActivity",
            "clean",
            "insufficientData",
            "notMalicious",
            "notEnoughDataToValidate",
            "confirmedUserActivity",
            "lineOfBusinessApplication",
        ]
        | str
        | None = None,
        custom_tags: Sequence[str] | None = None,
    ) -> Awaitable[Incident]:
        """Updates an incident (``PATCH /v1.0/security/incidents/{id}``); omitted fields keep
        their values. Enum values match without case (``TruePositive`` or ``truePositive``)
        and are sent in the documented camelCase.

        Args:
            status: ``active``, ``resolved``, ``inProgress`` or ``redirected``.
            assigned_to: The owner; ``""`` clears it.
            classification: ``unknown``, ``falsePositive``, ``truePositive`` or
                ``informationalExpectedActivity``.
            determination: e.g. ``malware``, ``multiStagedAttack``, ``notMalicious``.
            custom_tags: Replaces the incident's custom tags.

        Returns:
            The updated Incident.

        Raises:
            ValueError: Nothing to update, or a value outside the documented domain.
            PermissionDeniedError: The token lacks ``SecurityIncident.ReadWrite.All`` (403).
            ResourceNotFoundError: No such incident (404).

        Endpoint: ``PATCH /v1.0/security/incidents/{id}`` (Microsoft Graph).
        Permission: ``SecurityIncident.ReadWrite.All`` (application);
            ``SecurityIncident.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-incident-update
        """
    def comment(self, incident_id: str, comment: str) -> Awaitable[AlertComments]:
        """Adds a comment to an incident (``POST /v1.0/security/incidents/{id}/comments``).

        Returns:
            Every comment of the incident (``alertComment`` dicts), the new one last.

        Raises:
            ValueError: A blank comment.
            ResourceNotFoundError: No such incident (404).

        Endpoint: ``POST /v1.0/security/incidents/{id}/comments`` (Microsoft Graph).
        Permission: ``SecurityIncident.ReadWrite.All`` (application);
            ``SecurityIncident.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-incident-post-comments
        """

@final
class SecurityAlertsOperations:
    """Microsoft Graph security alerts v2 (``/v1.0/security/alerts_v2``).

    Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` to read,
    ``SecurityAlert.ReadWrite.All`` to update or comment (application or delegated). No rate
    limit documented. An MDE alert appears here with the same id.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        count: bool = False,
        page_size: int | None = None,
    ) -> Pager[SecurityAlert]:
        """Lists alerts lazily, newest first (``GET /v1.0/security/alerts_v2``), following
        ``@odata.nextLink``.

        Args:
            filter: OData ``$filter`` on assignedTo, classification, determination,
                createdDateTime, lastUpdateDateTime, severity, serviceSource or status.
            top: Total number of alerts wanted (``$top``).
            skip: Alerts to skip first (``$skip``).
            count: Send ``$count=true``.
            page_size: Alerts per request.

        Returns:
            A :class:`Pager` of SecurityAlert dicts.

        Raises:
            ValueError: A property that is not filterable, or ``top`` 0.
            MdeError: When iterating (see :mod:`mdekit.exceptions`).

        Endpoint: ``GET /v1.0/security/alerts_v2`` (Microsoft Graph).
        Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (application);
            ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-list-alerts_v2
        """
    def get(self, alert_id: str) -> SecurityAlert:
        """Gets one alert with its typed evidence (``GET /v1.0/security/alerts_v2/{id}``);
        device evidence (``#microsoft.graph.security.deviceEvidence``) carries the MDE
        machine id in ``mdeDeviceId``.

        Raises:
            ValueError: An empty or malformed id.
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``GET /v1.0/security/alerts_v2/{id}`` (Microsoft Graph).
        Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (application);
            ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-alert-get
        """
    def update(
        self,
        alert_id: str,
        *,
        status: Literal["new", "inProgress", "resolved"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "unknown", "falsePositive", "truePositive", "informationalExpectedActivity"
        ]
        | str
        | None = None,
        determination: Literal[
            "unknown",
            "apt",
            "malware",
            "securityPersonnel",
            "securityTesting",
            "unwantedSoftware",
            "other",
            "multiStagedAttack",
            "compromisedUser",
            "phishing",
            "maliciousUserActivity",
            "clean",
            "insufficientData",
            "notMalicious",
            "notEnoughDataToValidate",
            "confirmedUserActivity",
            "lineOfBusinessApplication",
        ]
        | str
        | None = None,
    ) -> SecurityAlert:
        """Updates an alert (``PATCH /v1.0/security/alerts_v2/{id}``); omitted fields keep
        their values; enums match without case and are sent in camelCase.

        Args:
            status: ``new``, ``inProgress`` or ``resolved``.
            assigned_to: The owner; ``""`` clears it.
            classification: ``unknown``, ``falsePositive``, ``truePositive`` or
                ``informationalExpectedActivity``.
            determination: e.g. ``malware``, ``clean``, ``insufficientData``.

        Returns:
            The updated SecurityAlert.

        Raises:
            ValueError: Nothing to update, or a value outside the documented domain.
            PermissionDeniedError: The token lacks ``SecurityAlert.ReadWrite.All`` (403).
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``PATCH /v1.0/security/alerts_v2/{id}`` (Microsoft Graph).
        Permission: ``SecurityAlert.ReadWrite.All`` (application); ``SecurityAlert.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-alert-update
        """
    def comment(self, alert_id: str, comment: str) -> AlertComments:
        """Adds a comment to an alert (``POST /v1.0/security/alerts_v2/{id}/comments``).

        Returns:
            Every comment of the alert (``alertComment`` dicts), the new one last.

        Raises:
            ValueError: A blank comment.
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``POST /v1.0/security/alerts_v2/{id}/comments`` (Microsoft Graph).
        Permission: ``SecurityAlert.ReadWrite.All`` (application); ``SecurityAlert.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-alert-post-comments
        """

@final
class AsyncSecurityAlertsOperations:
    """Microsoft Graph security alerts v2 (``/v1.0/security/alerts_v2``).

    Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` to read,
    ``SecurityAlert.ReadWrite.All`` to update or comment (application or delegated). No rate
    limit documented. An MDE alert appears here with the same id.

    The asyncio twin of :class:`SecurityAlertsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        count: bool = False,
        page_size: int | None = None,
    ) -> AsyncPager[SecurityAlert]:
        """Lists alerts lazily, newest first (``GET /v1.0/security/alerts_v2``), following
        ``@odata.nextLink``.

        Args:
            filter: OData ``$filter`` on assignedTo, classification, determination,
                createdDateTime, lastUpdateDateTime, severity, serviceSource or status.
            top: Total number of alerts wanted (``$top``).
            skip: Alerts to skip first (``$skip``).
            count: Send ``$count=true``.
            page_size: Alerts per request.

        Returns:
            A :class:`Pager` of SecurityAlert dicts.

        Raises:
            ValueError: A property that is not filterable, or ``top`` 0.
            MdeError: When iterating (see :mod:`mdekit.exceptions`).

        Endpoint: ``GET /v1.0/security/alerts_v2`` (Microsoft Graph).
        Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (application);
            ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-list-alerts_v2
        """
    def get(self, alert_id: str) -> Awaitable[SecurityAlert]:
        """Gets one alert with its typed evidence (``GET /v1.0/security/alerts_v2/{id}``);
        device evidence (``#microsoft.graph.security.deviceEvidence``) carries the MDE
        machine id in ``mdeDeviceId``.

        Raises:
            ValueError: An empty or malformed id.
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``GET /v1.0/security/alerts_v2/{id}`` (Microsoft Graph).
        Permission: ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (application);
            ``SecurityAlert.Read.All`` or ``SecurityAlert.ReadWrite.All`` (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-alert-get
        """
    def update(
        self,
        alert_id: str,
        *,
        status: Literal["new", "inProgress", "resolved"] | str | None = None,
        assigned_to: str | None = None,
        classification: Literal[
            "unknown", "falsePositive", "truePositive", "informationalExpectedActivity"
        ]
        | str
        | None = None,
        determination: Literal[
            "unknown",
            "apt",
            "malware",
            "securityPersonnel",
            "securityTesting",
            "unwantedSoftware",
            "other",
            "multiStagedAttack",
            "compromisedUser",
            "phishing",
            "maliciousUserActivity",
            "clean",
            "insufficientData",
            "notMalicious",
            "notEnoughDataToValidate",
            "confirmedUserActivity",
            "lineOfBusinessApplication",
        ]
        | str
        | None = None,
    ) -> Awaitable[SecurityAlert]:
        """Updates an alert (``PATCH /v1.0/security/alerts_v2/{id}``); omitted fields keep
        their values; enums match without case and are sent in camelCase.

        Args:
            status: ``new``, ``inProgress`` or ``resolved``.
            assigned_to: The owner; ``""`` clears it.
            classification: ``unknown``, ``falsePositive``, ``truePositive`` or
                ``informationalExpectedActivity``.
            determination: e.g. ``malware``, ``clean``, ``insufficientData``.

        Returns:
            The updated SecurityAlert.

        Raises:
            ValueError: Nothing to update, or a value outside the documented domain.
            PermissionDeniedError: The token lacks ``SecurityAlert.ReadWrite.All`` (403).
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``PATCH /v1.0/security/alerts_v2/{id}`` (Microsoft Graph).
        Permission: ``SecurityAlert.ReadWrite.All`` (application); ``SecurityAlert.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-alert-update
        """
    def comment(self, alert_id: str, comment: str) -> Awaitable[AlertComments]:
        """Adds a comment to an alert (``POST /v1.0/security/alerts_v2/{id}/comments``).

        Returns:
            Every comment of the alert (``alertComment`` dicts), the new one last.

        Raises:
            ValueError: A blank comment.
            ResourceNotFoundError: No such alert (404).

        Endpoint: ``POST /v1.0/security/alerts_v2/{id}/comments`` (Microsoft Graph).
        Permission: ``SecurityAlert.ReadWrite.All`` (application); ``SecurityAlert.ReadWrite.All``
            (delegated).
        Rate limit: none documented (quota family ``graph_security``).
        Docs: https://learn.microsoft.com/graph/api/security-alert-post-comments
        """

@final
class SoftwareOperations:
    """Software inventory of the organization (``/api/Software``).

    Permission: ``Software.Read.All`` (application) or ``Software.Read`` (delegated);
    :meth:`vulnerabilities` needs ``Vulnerability.Read.All`` / ``Vulnerability.Read``. The
    pages document no rate limit.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[Software]:
        """Lists the organization's software lazily (``GET /api/Software``).

        Args:
            filter: OData ``$filter`` on id, name or vendor.
            top: Total number of products wanted (``$top``).
            skip: Products to skip first (``$skip``).
            page_size: Products per request (1-10,000).

        Returns:
            A :class:`Pager` of Software dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).
            BadRequestError: The service refused the query (400).

        Endpoint: ``GET /api/software`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-software
        """
    def get(self, software_id: str) -> Software:
        """One software product by id (``<vendor>-_-<product>``, such as ``microsoft-_-edge``).

        Returns:
            A Software dict: ``id``, ``name``, ``vendor``, ``weaknesses`` (number of
            vulnerabilities), ``publicExploit``, ``activeAlert``, ``exposedMachines``,
            ``impactScore``.

        Raises:
            ValueError: An id that is not ``<vendor>-_-<product>`` (nothing sent).
            ResourceNotFoundError: No such software in the organization (404).

        Endpoint: ``GET /api/software/{id}`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-software-by-id
        """
    def distributions(self, software_id: str) -> Entities:
        """The installed versions of a product: dicts with ``version``, ``installations``
        (devices with that version) and ``vulnerabilities`` (its number of CVEs).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/distributions`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-software-ver-distribution
        """
    def machine_references(self, software_id: str) -> Entities:
        """The devices the product is installed on: MachineReference dicts (``id``,
        ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/machineReferences`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines-by-software
        """
    def vulnerabilities(self, software_id: str) -> Entities:
        """The known vulnerabilities of the product: Vulnerability dicts (``id`` CVE,
        ``severity``, ``cvssV3``, ``exposedMachines``, ``publicExploit``...).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-vuln-by-software
        """
    def missing_kbs(self, software_id: str) -> Entities:
        """The security updates (KBs) missing for the product: dicts with ``id`` (KB
        number), ``name``, ``productsNames``, ``url``, ``machineMissedOn``,
        ``cveAddressed``.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/getmissingkbs`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-missing-kbs-software
        """

@final
class AsyncSoftwareOperations:
    """Software inventory of the organization (``/api/Software``).

    Permission: ``Software.Read.All`` (application) or ``Software.Read`` (delegated);
    :meth:`vulnerabilities` needs ``Vulnerability.Read.All`` / ``Vulnerability.Read``. The
    pages document no rate limit.

    The asyncio twin of :class:`SoftwareOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Software]:
        """Lists the organization's software lazily (``GET /api/Software``).

        Args:
            filter: OData ``$filter`` on id, name or vendor.
            top: Total number of products wanted (``$top``).
            skip: Products to skip first (``$skip``).
            page_size: Products per request (1-10,000).

        Returns:
            A :class:`Pager` of Software dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).
            BadRequestError: The service refused the query (400).

        Endpoint: ``GET /api/software`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-software
        """
    def get(self, software_id: str) -> Awaitable[Software]:
        """One software product by id (``<vendor>-_-<product>``, such as ``microsoft-_-edge``).

        Returns:
            A Software dict: ``id``, ``name``, ``vendor``, ``weaknesses`` (number of
            vulnerabilities), ``publicExploit``, ``activeAlert``, ``exposedMachines``,
            ``impactScore``.

        Raises:
            ValueError: An id that is not ``<vendor>-_-<product>`` (nothing sent).
            ResourceNotFoundError: No such software in the organization (404).

        Endpoint: ``GET /api/software/{id}`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-software-by-id
        """
    def distributions(self, software_id: str) -> Awaitable[Entities]:
        """The installed versions of a product: dicts with ``version``, ``installations``
        (devices with that version) and ``vulnerabilities`` (its number of CVEs).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/distributions`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-software-ver-distribution
        """
    def machine_references(self, software_id: str) -> Awaitable[Entities]:
        """The devices the product is installed on: MachineReference dicts (``id``,
        ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/machineReferences`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines-by-software
        """
    def vulnerabilities(self, software_id: str) -> Awaitable[Entities]:
        """The known vulnerabilities of the product: Vulnerability dicts (``id`` CVE,
        ``severity``, ``cvssV3``, ``exposedMachines``, ``publicExploit``...).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-vuln-by-software
        """
    def missing_kbs(self, software_id: str) -> Awaitable[Entities]:
        """The security updates (KBs) missing for the product: dicts with ``id`` (KB
        number), ``name``, ``productsNames``, ``url``, ``machineMissedOn``,
        ``cveAddressed``.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such software (404).

        Endpoint: ``GET /api/software/{id}/getmissingkbs`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-missing-kbs-software
        """

@final
class VulnerabilitiesOperations:
    """Vulnerabilities (CVEs) known to vulnerability management (``/api/vulnerabilities``).

    Permission: ``Vulnerability.Read.All`` (application) or ``Vulnerability.Read``
    (delegated). The pages document no rate limit.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[Vulnerability]:
        """Lists the vulnerabilities lazily (``GET /api/vulnerabilities``).

        Args:
            filter: OData ``$filter`` on id, name, description, cvssV3, publishedOn,
                severity or updatedOn.
            top: Total number wanted (``$top``).
            skip: Vulnerabilities to skip first (``$skip``).
            page_size: Vulnerabilities per request (1-8,000: this list's own cap).

        Returns:
            A :class:`Pager` of Vulnerability dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-vulnerabilities
        """
    def by_machine(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[MachineVulnerability]:
        """Lists every vulnerability of every device lazily
        (``GET /api/vulnerabilities/machinesVulnerabilities``): one row per device, CVE
        and product version.

        Args:
            filter: OData ``$filter`` on id, cveId, machineId, fixingKbId, productName,
                productVersion, severity or productVendor.
            top: Total number of rows wanted (``$top``).
            skip: Rows to skip first (``$skip``).
            page_size: Rows per request (1-10,000).

        Returns:
            A :class:`Pager` of dicts with ``id``
            (``<machineId>-_-<cveId>-_-<vendor>-_-<product>-_-<version>-_-<kbId>``),
            ``cveId``, ``machineId``, ``fixingKbId`` (None when no KB fixes it),
            ``productName``, ``productVendor``, ``productVersion``, ``severity``.

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/vulnerabilities/machinesVulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-vulnerabilities-by-machines
        """
    def get(self, cve_id: str) -> Vulnerability:
        """One vulnerability by CVE id (``CVE-2024-21338``, any case).

        Returns:
            A Vulnerability dict: ``id``, ``name``, ``description``, ``severity``
            (Low, Medium, High, Critical), ``cvssV3``, ``cvssVector``, ``exposedMachines``,
            ``publishedOn``, ``updatedOn``, ``firstDetected``, ``publicExploit``,
            ``exploitVerified``, ``exploitInKit``, ``exploitTypes``, ``exploitUris``,
            ``cveSupportability``, ``epss``, ``tags``.

        Raises:
            ValueError: Not a CVE id (nothing sent).
            ResourceNotFoundError: A CVE vulnerability management does not know (404).

        Endpoint: ``GET /api/vulnerabilities/{id}`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-vulnerability-by-id
        """
    def machine_references(self, cve_id: str) -> Entities:
        """The devices exposed to a CVE: MachineReference dicts (``id``, ``computerDnsName``,
        ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: Not a CVE id. ResourceNotFoundError: An unknown CVE (404).

        Endpoint: ``GET /api/vulnerabilities/{id}/machineReferences`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines-by-vulnerability
        """

@final
class AsyncVulnerabilitiesOperations:
    """Vulnerabilities (CVEs) known to vulnerability management (``/api/vulnerabilities``).

    Permission: ``Vulnerability.Read.All`` (application) or ``Vulnerability.Read``
    (delegated). The pages document no rate limit.

    The asyncio twin of :class:`VulnerabilitiesOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Vulnerability]:
        """Lists the vulnerabilities lazily (``GET /api/vulnerabilities``).

        Args:
            filter: OData ``$filter`` on id, name, description, cvssV3, publishedOn,
                severity or updatedOn.
            top: Total number wanted (``$top``).
            skip: Vulnerabilities to skip first (``$skip``).
            page_size: Vulnerabilities per request (1-8,000: this list's own cap).

        Returns:
            A :class:`Pager` of Vulnerability dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-vulnerabilities
        """
    def by_machine(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[MachineVulnerability]:
        """Lists every vulnerability of every device lazily
        (``GET /api/vulnerabilities/machinesVulnerabilities``): one row per device, CVE
        and product version.

        Args:
            filter: OData ``$filter`` on id, cveId, machineId, fixingKbId, productName,
                productVersion, severity or productVendor.
            top: Total number of rows wanted (``$top``).
            skip: Rows to skip first (``$skip``).
            page_size: Rows per request (1-10,000).

        Returns:
            A :class:`Pager` of dicts with ``id``
            (``<machineId>-_-<cveId>-_-<vendor>-_-<product>-_-<version>-_-<kbId>``),
            ``cveId``, ``machineId``, ``fixingKbId`` (None when no KB fixes it),
            ``productName``, ``productVendor``, ``productVersion``, ``severity``.

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/vulnerabilities/machinesVulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-vulnerabilities-by-machines
        """
    def get(self, cve_id: str) -> Awaitable[Vulnerability]:
        """One vulnerability by CVE id (``CVE-2024-21338``, any case).

        Returns:
            A Vulnerability dict: ``id``, ``name``, ``description``, ``severity``
            (Low, Medium, High, Critical), ``cvssV3``, ``cvssVector``, ``exposedMachines``,
            ``publishedOn``, ``updatedOn``, ``firstDetected``, ``publicExploit``,
            ``exploitVerified``, ``exploitInKit``, ``exploitTypes``, ``exploitUris``,
            ``cveSupportability``, ``epss``, ``tags``.

        Raises:
            ValueError: Not a CVE id (nothing sent).
            ResourceNotFoundError: A CVE vulnerability management does not know (404).

        Endpoint: ``GET /api/vulnerabilities/{id}`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-vulnerability-by-id
        """
    def machine_references(self, cve_id: str) -> Awaitable[Entities]:
        """The devices exposed to a CVE: MachineReference dicts (``id``, ``computerDnsName``,
        ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: Not a CVE id. ResourceNotFoundError: An unknown CVE (404).

        Endpoint: ``GET /api/vulnerabilities/{id}/machineReferences`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machines-by-vulnerability
        """

@final
class RecommendationsOperations:
    """Security recommendations (``/api/recommendations``).

    Permission: ``SecurityRecommendation.Read.All`` (application) or
    ``SecurityRecommendation.Read`` (delegated); :meth:`software` needs ``Software.Read.All``
    as an application, :meth:`vulnerabilities` ``Vulnerability.Read.All`` /
    ``Vulnerability.Read``. The pages document no rate limit.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[Recommendation]:
        """Lists the recommendations lazily (``GET /api/recommendations``).

        Args:
            filter: OData ``$filter`` on id, productName, vendor, recommendedVersion,
                recommendationCategory, subCategory, severityScore, remediationType,
                recommendedProgram, recommendedVendor or status.
            top: Total number wanted (``$top``).
            skip: Recommendations to skip first (``$skip``).
            page_size: Recommendations per request (1-10,000).

        Returns:
            A :class:`Pager` of Recommendation dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/recommendations`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-recommendations
        """
    def get(self, recommendation_id: str) -> Recommendation:
        """One recommendation by id (``va-_-google-_-chrome``).

        Returns:
            A Recommendation dict: ``id``, ``productName``, ``recommendationName``,
            ``weaknesses``, ``vendor``, ``recommendedVersion``, ``recommendationCategory``,
            ``subCategory``, ``severityScore``, ``publicExploit``, ``activeAlert``,
            ``associatedThreats``, ``remediationType`` (ConfigurationChange, Update, Upgrade,
            Uninstall), ``status`` (Active, Exception), ``configScoreImpact``,
            ``exposureImpact``, ``totalMachineCount``, ``exposedMachinesCount``,
            ``nonProductivityImpactedAssets``, ``relatedComponent``.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).

        Endpoint: ``GET /api/recommendations/{id}`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-recommendation-by-id
        """
    def software(self, recommendation_id: str) -> Software:
        """The software the recommendation is about: one Software dict (see
        :meth:`SoftwareOperations.get`), not a list.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation, or
                one about configuration rather than software (404).

        Endpoint: ``GET /api/recommendations/{id}/software`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``SecurityRecommendation.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/list-recommendation-software
        """
    def machine_references(self, recommendation_id: str) -> Entities:
        """The devices the recommendation applies to: MachineReference dicts (``id``,
        ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).

        Endpoint: ``GET /api/recommendations/{id}/machineReferences`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-recommendation-machines
        """
    def vulnerabilities(self, recommendation_id: str) -> Entities:
        """The vulnerabilities the recommendation fixes: Vulnerability dicts.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).

        Endpoint: ``GET /api/recommendations/{id}/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-recommendation-vulnerabilities
        """

@final
class AsyncRecommendationsOperations:
    """Security recommendations (``/api/recommendations``).

    Permission: ``SecurityRecommendation.Read.All`` (application) or
    ``SecurityRecommendation.Read`` (delegated); :meth:`software` needs ``Software.Read.All``
    as an application, :meth:`vulnerabilities` ``Vulnerability.Read.All`` /
    ``Vulnerability.Read``. The pages document no rate limit.

    The asyncio twin of :class:`RecommendationsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[Recommendation]:
        """Lists the recommendations lazily (``GET /api/recommendations``).

        Args:
            filter: OData ``$filter`` on id, productName, vendor, recommendedVersion,
                recommendationCategory, subCategory, severityScore, remediationType,
                recommendedProgram, recommendedVendor or status.
            top: Total number wanted (``$top``).
            skip: Recommendations to skip first (``$skip``).
            page_size: Recommendations per request (1-10,000).

        Returns:
            A :class:`Pager` of Recommendation dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/recommendations`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-recommendations
        """
    def get(self, recommendation_id: str) -> Awaitable[Recommendation]:
        """One recommendation by id (``va-_-google-_-chrome``).

        Returns:
            A Recommendation dict: ``id``, ``productName``, ``recommendationName``,
            ``weaknesses``, ``vendor``, ``recommendedVersion``, ``recommendationCategory``,
            ``subCategory``, ``severityScore``, ``publicExploit``, ``activeAlert``,
            ``associatedThreats``, ``remediationType`` (ConfigurationChange, Update, Upgrade,
            Uninstall), ``status`` (Active, Exception), ``configScoreImpact``,
            ``exposureImpact``, ``totalMachineCount``, ``exposedMachinesCount``,
            ``nonProductivityImpactedAssets``, ``relatedComponent``.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).

        Endpoint: ``GET /api/recommendations/{id}`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-recommendation-by-id
        """
    def software(self, recommendation_id: str) -> Awaitable[Software]:
        """The software the recommendation is about: one Software dict (see
        :meth:`SoftwareOperations.get`), not a list.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation, or
                one about configuration rather than software (404).

        Endpoint: ``GET /api/recommendations/{id}/software`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``SecurityRecommendation.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/list-recommendation-software
        """
    def machine_references(self, recommendation_id: str) -> Awaitable[Entities]:
        """The devices the recommendation applies to: MachineReference dicts (``id``,
        ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).

        Endpoint: ``GET /api/recommendations/{id}/machineReferences`` (MDE API).
        Permission: ``SecurityRecommendation.Read.All`` (application);
            ``SecurityRecommendation.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-recommendation-machines
        """
    def vulnerabilities(self, recommendation_id: str) -> Awaitable[Entities]:
        """The vulnerabilities the recommendation fixes: Vulnerability dicts.

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such recommendation (404).

        Endpoint: ``GET /api/recommendations/{id}/vulnerabilities`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-recommendation-vulnerabilities
        """

@final
class ScoresOperations:
    """Exposure score and Microsoft Secure Score for Devices (``/api/exposureScore``,
    ``/api/configurationScore``).

    Permission: ``Score.Read.All`` (application) or ``Score.Read`` (delegated). The pages
    document no rate limit.
    """

    def exposure(self) -> Score:
        """The organization's exposure score: a dict with ``time`` (when it was computed) and
        ``score`` (0-100; higher is more exposed).

        Endpoint: ``GET /api/exposureScore`` (MDE API).
        Permission: ``Score.Read.All`` (application); ``Score.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-exposure-score
        """
    def exposure_by_machine_groups(self) -> Entities:
        """The exposure score of each device group: dicts with ``time``, ``score`` (0-100)
        and ``rbacGroupName`` (the service may add ``rbacGroupId``).

        Endpoint: ``GET /api/exposureScore/ByMachineGroups`` (MDE API).
        Permission: ``Score.Read.All`` (application); ``Score.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-group-exposure-score
        """
    def configuration(self) -> Score:
        """Microsoft Secure Score for Devices: a dict with ``time`` and ``score`` (points, as
        the service computes them, not a percentage).

        Endpoint: ``GET /api/configurationScore`` (MDE API).
        Permission: ``Score.Read.All`` (application); ``Score.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-device-secure-score
        """

@final
class AsyncScoresOperations:
    """Exposure score and Microsoft Secure Score for Devices (``/api/exposureScore``,
    ``/api/configurationScore``).

    Permission: ``Score.Read.All`` (application) or ``Score.Read`` (delegated). The pages
    document no rate limit.

    The asyncio twin of :class:`ScoresOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def exposure(self) -> Awaitable[Score]:
        """The organization's exposure score: a dict with ``time`` (when it was computed) and
        ``score`` (0-100; higher is more exposed).

        Endpoint: ``GET /api/exposureScore`` (MDE API).
        Permission: ``Score.Read.All`` (application); ``Score.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-exposure-score
        """
    def exposure_by_machine_groups(self) -> Awaitable[Entities]:
        """The exposure score of each device group: dicts with ``time``, ``score`` (0-100)
        and ``rbacGroupName`` (the service may add ``rbacGroupId``).

        Endpoint: ``GET /api/exposureScore/ByMachineGroups`` (MDE API).
        Permission: ``Score.Read.All`` (application); ``Score.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-machine-group-exposure-score
        """
    def configuration(self) -> Awaitable[Score]:
        """Microsoft Secure Score for Devices: a dict with ``time`` and ``score`` (points, as
        the service computes them, not a percentage).

        Endpoint: ``GET /api/configurationScore`` (MDE API).
        Permission: ``Score.Read.All`` (application); ``Score.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-device-secure-score
        """

@final
class RemediationOperations:
    """Remediation activities (``/api/remediationTasks``; read only).

    Permission: ``RemediationTasks.Read.All`` (application) or ``RemediationTask.Read``
    (delegated). The pages document no rate limit.
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[RemediationActivity]:
        """Lists the remediation activities lazily (``GET /api/remediationTasks``).

        Args:
            filter: OData ``$filter`` on createdOn or status.
            top: Total number wanted (``$top``).
            skip: Activities to skip first (``$skip``).
            page_size: Activities per request (1-10,000).

        Returns:
            A :class:`Pager` of RemediationTask dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/remediationTasks`` (MDE API).
        Permission: ``RemediationTasks.Read.All`` (application); ``RemediationTask.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-remediation-all-activities
        """
    def get(self, activity_id: str) -> RemediationActivity:
        """One remediation activity by its GUID.

        Returns:
            A RemediationTask dict: ``id``, ``title``, ``createdOn``, ``requesterId``,
            ``requesterEmail``, ``status`` (Active, Completed), ``statusLastModifiedOn``,
            ``description``, ``relatedComponent``, ``targetDevices``, ``rbacGroupNames``,
            ``fixedDevices``, ``requesterNotes``, ``dueOn``, ``category``, ``priority``,
            ``completionMethod``, ``completerId``, ``completerEmail``, ``scid``, ``type``,
            ``productId``, ``vendorId``, ``nameId``, ``recommendedVersion``,
            ``recommendedVendor``, ``recommendedProgram``.

        Raises:
            ValueError: Not a GUID (nothing sent).
            ResourceNotFoundError: No such activity (404).

        Endpoint: ``GET /api/remediationTasks/{id}`` (MDE API).
        Permission: ``RemediationTasks.Read.All`` (application); ``RemediationTask.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-remediation-one-activity
        """
    def machine_references(self, activity_id: str) -> Entities:
        """The devices the activity targets: MachineReference dicts (``id``,
        ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: Not a GUID. ResourceNotFoundError: No such activity (404).

        Endpoint: ``GET /api/remediationTasks/{id}/machineReferences`` (MDE API).
        Permission: ``RemediationTasks.Read.All`` (application); ``RemediationTask.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-remediation-exposed-devices-activities
        """

@final
class AsyncRemediationOperations:
    """Remediation activities (``/api/remediationTasks``; read only).

    Permission: ``RemediationTasks.Read.All`` (application) or ``RemediationTask.Read``
    (delegated). The pages document no rate limit.

    The asyncio twin of :class:`RemediationOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[RemediationActivity]:
        """Lists the remediation activities lazily (``GET /api/remediationTasks``).

        Args:
            filter: OData ``$filter`` on createdOn or status.
            top: Total number wanted (``$top``).
            skip: Activities to skip first (``$skip``).
            page_size: Activities per request (1-10,000).

        Returns:
            A :class:`Pager` of RemediationTask dicts (see :meth:`get`).

        Raises:
            ValueError: Invalid OData options (nothing sent).

        Endpoint: ``GET /api/remediationTasks`` (MDE API).
        Permission: ``RemediationTasks.Read.All`` (application); ``RemediationTask.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-remediation-all-activities
        """
    def get(self, activity_id: str) -> Awaitable[RemediationActivity]:
        """One remediation activity by its GUID.

        Returns:
            A RemediationTask dict: ``id``, ``title``, ``createdOn``, ``requesterId``,
            ``requesterEmail``, ``status`` (Active, Completed), ``statusLastModifiedOn``,
            ``description``, ``relatedComponent``, ``targetDevices``, ``rbacGroupNames``,
            ``fixedDevices``, ``requesterNotes``, ``dueOn``, ``category``, ``priority``,
            ``completionMethod``, ``completerId``, ``completerEmail``, ``scid``, ``type``,
            ``productId``, ``vendorId``, ``nameId``, ``recommendedVersion``,
            ``recommendedVendor``, ``recommendedProgram``.

        Raises:
            ValueError: Not a GUID (nothing sent).
            ResourceNotFoundError: No such activity (404).

        Endpoint: ``GET /api/remediationTasks/{id}`` (MDE API).
        Permission: ``RemediationTasks.Read.All`` (application); ``RemediationTask.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-remediation-one-activity
        """
    def machine_references(self, activity_id: str) -> Awaitable[Entities]:
        """The devices the activity targets: MachineReference dicts (``id``,
        ``computerDnsName``, ``osPlatform``, ``rbacGroupName``).

        Raises:
            ValueError: Not a GUID. ResourceNotFoundError: No such activity (404).

        Endpoint: ``GET /api/remediationTasks/{id}/machineReferences`` (MDE API).
        Permission: ``RemediationTasks.Read.All`` (application); ``RemediationTask.Read``
            (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-remediation-exposed-devices-activities
        """

@final
class DeviceHealthOperations:
    """Device health reports (``/api/deviceavinfo``).

    Permission: ``Machine.Read.All`` (application) or ``Machine.Read`` (delegated). Rate
    limit: 30 calls/minute, 1,000/hour. The report as files is one of the export APIs.
    """

    def antivirus(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[dict[str, Any]]:
        """Lists the antivirus health of each device lazily (``GET /api/deviceavinfo``).

        Args:
            filter: OData ``$filter`` on machineId, computerDnsName, osKind, osPlatform,
                osVersion, avMode, avSignatureVersion, avEngineVersion, avPlatformVersion,
                quickScanResult, quickScanError, fullScanResult, fullScanError,
                avIsSignatureUpToDate, avIsEngineUpToDate, avIsPlatformUpToDate or
                rbacGroupId (not rbacGroupName or id).
            top: Total number of devices wanted (``$top``).
            skip: Devices to skip first (``$skip``).
            page_size: Devices per request (1-10,000).

        Returns:
            A :class:`Pager` of dicts with ``id`` and ``machineId`` (the device id),
            ``computerDnsName``, ``osKind`` (windows, mac, linux), ``osPlatform``,
            ``osVersion``, ``avMode`` (a string code: ``"0"`` Active, ``"1"`` Passive,
            ``"2"`` Disabled, ``"3"`` or ``""`` Other, ``"4"`` EDR blocked, ``"5"`` passive
            audit), ``avSignatureVersion``, ``avEngineVersion``, ``avPlatformVersion`` and
            their ``...UpdateTime``, ``avSignaturePublishTime``, ``avIsSignatureUpToDate``,
            ``avIsEngineUpToDate``, ``avIsPlatformUpToDate`` (strings ``"True"``,
            ``"False"``, ``"Unknown"``), ``quickScanResult``, ``quickScanError``,
            ``quickScanTime``, ``fullScanResult``, ``fullScanError``, ``fullScanTime``,
            ``lastSeenTime``, ``dataRefreshTimestamp``, ``rbacGroupId``,
            ``rbacGroupName``.

        Raises:
            ValueError: Invalid OData options (nothing sent).
            ThrottledError: Over 30 calls a minute (429, after the retries).

        Endpoint: ``GET /api/deviceavinfo`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``device_health``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api
        """

@final
class AsyncDeviceHealthOperations:
    """Device health reports (``/api/deviceavinfo``).

    Permission: ``Machine.Read.All`` (application) or ``Machine.Read`` (delegated). Rate
    limit: 30 calls/minute, 1,000/hour. The report as files is one of the export APIs.

    The asyncio twin of :class:`DeviceHealthOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def antivirus(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[dict[str, Any]]:
        """Lists the antivirus health of each device lazily (``GET /api/deviceavinfo``).

        Args:
            filter: OData ``$filter`` on machineId, computerDnsName, osKind, osPlatform,
                osVersion, avMode, avSignatureVersion, avEngineVersion, avPlatformVersion,
                quickScanResult, quickScanError, fullScanResult, fullScanError,
                avIsSignatureUpToDate, avIsEngineUpToDate, avIsPlatformUpToDate or
                rbacGroupId (not rbacGroupName or id).
            top: Total number of devices wanted (``$top``).
            skip: Devices to skip first (``$skip``).
            page_size: Devices per request (1-10,000).

        Returns:
            A :class:`Pager` of dicts with ``id`` and ``machineId`` (the device id),
            ``computerDnsName``, ``osKind`` (windows, mac, linux), ``osPlatform``,
            ``osVersion``, ``avMode`` (a string code: ``"0"`` Active, ``"1"`` Passive,
            ``"2"`` Disabled, ``"3"`` or ``""`` Other, ``"4"`` EDR blocked, ``"5"`` passive
            audit), ``avSignatureVersion``, ``avEngineVersion``, ``avPlatformVersion`` and
            their ``...UpdateTime``, ``avSignaturePublishTime``, ``avIsSignatureUpToDate``,
            ``avIsEngineUpToDate``, ``avIsPlatformUpToDate`` (strings ``"True"``,
            ``"False"``, ``"Unknown"``), ``quickScanResult``, ``quickScanError``,
            ``quickScanTime``, ``fullScanResult``, ``fullScanError``, ``fullScanTime``,
            ``lastSeenTime``, ``dataRefreshTimestamp``, ``rbacGroupId``,
            ``rbacGroupName``.

        Raises:
            ValueError: Invalid OData options (nothing sent).
            ThrottledError: Over 30 calls a minute (429, after the retries).

        Endpoint: ``GET /api/deviceavinfo`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``device_health``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api
        """

@final
class AuthenticatedScansOperations:
    """Authenticated scans: scan definitions, scanner agents and scan history
    (``/api/DeviceAuthenticatedScanDefinitions``, ``/api/DeviceAuthenticatedScanAgents``).

    Permission: ``Machine.Read.All`` to read (application and delegated),
    ``Machine.ReadWrite.All`` (application) or ``Machine.ReadWrite`` (delegated) to create,
    update or delete definitions. Rate limit: 100 calls/minute, 1,500/hour. Creating,
    updating and deleting are never retried once sent.
    """

    def list_definitions(self) -> Entities:
        """The scan definitions: dicts with ``id``, ``scanType`` (Windows, Network),
        ``scanName``, ``isActive``, ``target``, ``orgId``, ``intervalInHours``,
        ``createdBy``, ``targetType``, ``scanAuthenticationParams``, ``scannerAgent`` (an
        agent dict, see :meth:`get_agent`) and ``latestScan`` (``status``,
        ``failureReason``, ``executionDateTime``).

        Endpoint: ``GET /api/DeviceAuthenticatedScanDefinitions`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-scan-definitions
        """
    def create_definition(
        self,
        *,
        scan_type: Literal["Windows", "Network"] | str,
        scan_name: str,
        target: str,
        scanner_machine_id: str,
        scan_authentication_params: Mapping[str, Any],
        is_active: bool = True,
        interval_in_hours: int = 24,
        target_type: str = "Ip",
    ) -> dict[str, Any]:
        """Creates a scan definition (``POST``; the service answers 200 with it).

        Args:
            scan_type: ``Windows`` or ``Network`` (any case).
            scan_name: The scan's name.
            target: Comma-separated IP addresses or host names.
            scanner_machine_id: The device id of the scanner agent's machine.
            scan_authentication_params: The credentials, with ``"@odata.type"``
                ``#microsoft.windowsDefenderATP.api.WindowsAuthParams`` (``type``
                Kerberos or Negotiate) or ``...SnmpAuthParams`` (``type`` CommunityString,
                NoAuthNoPriv, AuthNoPriv, AuthPriv); prefer ``KeyVaultUrl`` and
                ``KeyVaultSecretName`` to passwords. Never echoed back.
            is_active: Whether the scan runs.
            interval_in_hours: How often it runs (at least 1).
            target_type: ``Ip`` (default) or ``Hostname``.

        Returns:
            The new definition (``scanAuthenticationParams`` is None).

        Raises:
            ValueError: A missing or malformed field (nothing sent).
            BadRequestError: The service refused the definition (400).
            PermissionDeniedError: No ``Machine.ReadWrite.All`` (403).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-a-new-scan-definition
        """
    def update_definition(
        self,
        definition_id: str,
        *,
        scan_name: str | None = None,
        is_active: bool | None = None,
        target: str | None = None,
        interval_in_hours: int | None = None,
        target_type: str | None = None,
        scan_authentication_params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Changes a scan definition (``PATCH``); only the fields given are sent.

        Args:
            definition_id: The definition's id.
            scan_name, is_active, target, interval_in_hours, target_type: New values.
            scan_authentication_params: New credentials (see :meth:`create_definition`).

        Returns:
            The updated definition.

        Raises:
            ValueError: No change given, or a malformed one (nothing sent).
            ResourceNotFoundError: No such definition (404).

        Endpoint: ``PATCH /api/DeviceAuthenticatedScanDefinitions/{id}`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-a-new-scan-definition
        """
    def delete_definitions(self, definition_ids: Sequence[str]) -> None:
        """Deletes scan definitions (``POST .../BatchDelete`` with ``ScanDefinitionIds``).

        Raises:
            ValueError: No ids, or a malformed one (nothing sent).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions/BatchDelete`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-a-new-scan-definition
        """
    def list_agents(self) -> Entities:
        """The scanner agents: dicts with ``id`` (``<orgId>_<machineId>``), ``machineId``,
        ``computerDnsName``, ``lastSeen`` (UTC ISO-8601), ``AssignedApplicationId``,
        ``ScannerSoftwareVersion``, ``LastCommandExecutionTimestamp`` (UTC ISO-8601) and
        ``mdeClientVersion``, spelt as the service sends them (three are PascalCase).

        Endpoint: ``GET /api/DeviceAuthenticatedScanAgents`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-scan-agents
        """
    def get_agent(self, agent_id: str) -> dict[str, Any]:
        """One scanner agent (see :meth:`list_agents` for its keys).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such agent (404).

        Endpoint: ``GET /api/DeviceAuthenticatedScanAgents/{id}`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/Get-agent-details
        """
    def history_by_definition(
        self,
        definition_ids: Sequence[str],
        *,
        top: int | None = None,
        skip: int | None = None,
    ) -> Entities:
        """The scan sessions of definitions, newest first: dicts with ``ScanDefinitionIds``
        (one id), ``LastScanned``, ``ScanStatus`` (Success, Partial Success, Fail) and
        ``ScannerId`` (PascalCase, as the service sends them).

        Args:
            definition_ids: The definitions' ids.
            top: Sessions wanted (``$top``, 1-4,096).
            skip: Sessions to skip first (``$skip``).

        Raises:
            ValueError: No ids, a malformed one, or ``top`` out of range (nothing sent).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId``
            (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/Get-scan-history-by-definition
        """
    def history_by_session(self, session_ids: Sequence[str]) -> Entities:
        """The scan sessions with these ids: dicts with ``orgId``, ``ScanDefinitionIds``,
        ``SessionIds``, ``NumberOfSuccessfullyScannedTargets``, ``NumberOfTargets``,
        ``ScanStatus``, ``LastScanned`` and ``ListScannedTargets`` (``Ip``, ``Hostname``,
        ``ScannedDeviceDescription``, ``ErrorMessage``, ``ScanStatus``, ``ScanDuration``).

        Raises:
            ValueError: No ids, or a malformed one (nothing sent).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId`` (MDE
            API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/Get-scan-history-by-session
        """

@final
class AsyncAuthenticatedScansOperations:
    """Authenticated scans: scan definitions, scanner agents and scan history
    (``/api/DeviceAuthenticatedScanDefinitions``, ``/api/DeviceAuthenticatedScanAgents``).

    Permission: ``Machine.Read.All`` to read (application and delegated),
    ``Machine.ReadWrite.All`` (application) or ``Machine.ReadWrite`` (delegated) to create,
    update or delete definitions. Rate limit: 100 calls/minute, 1,500/hour. Creating,
    updating and deleting are never retried once sent.

    The asyncio twin of :class:`AuthenticatedScansOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def list_definitions(self) -> Awaitable[Entities]:
        """The scan definitions: dicts with ``id``, ``scanType`` (Windows, Network),
        ``scanName``, ``isActive``, ``target``, ``orgId``, ``intervalInHours``,
        ``createdBy``, ``targetType``, ``scanAuthenticationParams``, ``scannerAgent`` (an
        agent dict, see :meth:`get_agent`) and ``latestScan`` (``status``,
        ``failureReason``, ``executionDateTime``).

        Endpoint: ``GET /api/DeviceAuthenticatedScanDefinitions`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-scan-definitions
        """
    def create_definition(
        self,
        *,
        scan_type: Literal["Windows", "Network"] | str,
        scan_name: str,
        target: str,
        scanner_machine_id: str,
        scan_authentication_params: Mapping[str, Any],
        is_active: bool = True,
        interval_in_hours: int = 24,
        target_type: str = "Ip",
    ) -> Awaitable[dict[str, Any]]:
        """Creates a scan definition (``POST``; the service answers 200 with it).

        Args:
            scan_type: ``Windows`` or ``Network`` (any case).
            scan_name: The scan's name.
            target: Comma-separated IP addresses or host names.
            scanner_machine_id: The device id of the scanner agent's machine.
            scan_authentication_params: The credentials, with ``"@odata.type"``
                ``#microsoft.windowsDefenderATP.api.WindowsAuthParams`` (``type``
                Kerberos or Negotiate) or ``...SnmpAuthParams`` (``type`` CommunityString,
                NoAuthNoPriv, AuthNoPriv, AuthPriv); prefer ``KeyVaultUrl`` and
                ``KeyVaultSecretName`` to passwords. Never echoed back.
            is_active: Whether the scan runs.
            interval_in_hours: How often it runs (at least 1).
            target_type: ``Ip`` (default) or ``Hostname``.

        Returns:
            The new definition (``scanAuthenticationParams`` is None).

        Raises:
            ValueError: A missing or malformed field (nothing sent).
            BadRequestError: The service refused the definition (400).
            PermissionDeniedError: No ``Machine.ReadWrite.All`` (403).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-a-new-scan-definition
        """
    def update_definition(
        self,
        definition_id: str,
        *,
        scan_name: str | None = None,
        is_active: bool | None = None,
        target: str | None = None,
        interval_in_hours: int | None = None,
        target_type: str | None = None,
        scan_authentication_params: Mapping[str, Any] | None = None,
    ) -> Awaitable[dict[str, Any]]:
        """Changes a scan definition (``PATCH``); only the fields given are sent.

        Args:
            definition_id: The definition's id.
            scan_name, is_active, target, interval_in_hours, target_type: New values.
            scan_authentication_params: New credentials (see :meth:`create_definition`).

        Returns:
            The updated definition.

        Raises:
            ValueError: No change given, or a malformed one (nothing sent).
            ResourceNotFoundError: No such definition (404).

        Endpoint: ``PATCH /api/DeviceAuthenticatedScanDefinitions/{id}`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-a-new-scan-definition
        """
    def delete_definitions(self, definition_ids: Sequence[str]) -> Awaitable[None]:
        """Deletes scan definitions (``POST .../BatchDelete`` with ``ScanDefinitionIds``).

        Raises:
            ValueError: No ids, or a malformed one (nothing sent).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions/BatchDelete`` (MDE API).
        Permission: ``Machine.ReadWrite.All`` (application); ``Machine.ReadWrite`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/add-a-new-scan-definition
        """
    def list_agents(self) -> Awaitable[Entities]:
        """The scanner agents: dicts with ``id`` (``<orgId>_<machineId>``), ``machineId``,
        ``computerDnsName``, ``lastSeen`` (UTC ISO-8601), ``AssignedApplicationId``,
        ``ScannerSoftwareVersion``, ``LastCommandExecutionTimestamp`` (UTC ISO-8601) and
        ``mdeClientVersion``, spelt as the service sends them (three are PascalCase).

        Endpoint: ``GET /api/DeviceAuthenticatedScanAgents`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-all-scan-agents
        """
    def get_agent(self, agent_id: str) -> Awaitable[dict[str, Any]]:
        """One scanner agent (see :meth:`list_agents` for its keys).

        Raises:
            ValueError: A malformed id. ResourceNotFoundError: No such agent (404).

        Endpoint: ``GET /api/DeviceAuthenticatedScanAgents/{id}`` (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/Get-agent-details
        """
    def history_by_definition(
        self,
        definition_ids: Sequence[str],
        *,
        top: int | None = None,
        skip: int | None = None,
    ) -> Awaitable[Entities]:
        """The scan sessions of definitions, newest first: dicts with ``ScanDefinitionIds``
        (one id), ``LastScanned``, ``ScanStatus`` (Success, Partial Success, Fail) and
        ``ScannerId`` (PascalCase, as the service sends them).

        Args:
            definition_ids: The definitions' ids.
            top: Sessions wanted (``$top``, 1-4,096).
            skip: Sessions to skip first (``$skip``).

        Raises:
            ValueError: No ids, a malformed one, or ``top`` out of range (nothing sent).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions/GetScanHistoryByScanDefinitionId``
            (MDE API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/Get-scan-history-by-definition
        """
    def history_by_session(self, session_ids: Sequence[str]) -> Awaitable[Entities]:
        """The scan sessions with these ids: dicts with ``orgId``, ``ScanDefinitionIds``,
        ``SessionIds``, ``NumberOfSuccessfullyScannedTargets``, ``NumberOfTargets``,
        ``ScanStatus``, ``LastScanned`` and ``ListScannedTargets`` (``Ip``, ``Hostname``,
        ``ScannedDeviceDescription``, ``ErrorMessage``, ``ScanStatus``, ``ScanDuration``).

        Raises:
            ValueError: No ids, or a malformed one (nothing sent).

        Endpoint: ``POST /api/DeviceAuthenticatedScanDefinitions/GetScanHistoryBySessionId`` (MDE
            API).
        Permission: ``Machine.Read.All`` (application); ``Machine.Read.All`` (delegated).
        Rate limit: 100 calls a minute and 1,500 an hour (quota family ``authenticated_scans``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/Get-scan-history-by-session
        """

@final
class ExportsOperations:
    """The export assessment APIs (``/api/machines/*ByMachine`` and ``*Export``): per-device
    assessments of the whole organisation, as JSON pages or via files.

    JSON: 30 calls/minute, 1,000/hour, ``page_size`` up to 200,000 (for fewer than about
    100,000 devices). Via files: 5 calls/minute, 20/hour; an :class:`~mdekit.exports.Export`
    whose SAS URLs download without a bearer token.
    """

    def secure_configurations(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[SecureConfiguration]:
        """The secure configuration assessment, JSON flavour (``GET /api/machines/SecureConfigurationsAssessmentByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config

        Endpoint: ``GET /api/machines/SecureConfigurationsAssessmentByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config
        """
    def software_inventory(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[SoftwareInventoryRecord]:
        """The software inventory (CPE) assessment, JSON flavour (``GET /api/machines/SoftwareInventoryByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory
        """
    def non_cpe_software(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[NonCpeSoftwareRecord]:
        """The non-CPE software inventory assessment, JSON flavour (``GET /api/machines/SoftwareInventoryNoProductCodeByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryNoProductCodeByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory
        """
    def software_vulnerabilities(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[SoftwareVulnerabilityRecord]:
        """The software vulnerabilities assessment, JSON flavour (``GET /api/machines/SoftwareVulnerabilitiesByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities

        Endpoint: ``GET /api/machines/SoftwareVulnerabilitiesByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        """
    def browser_extensions(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[BrowserExtensionRecord]:
        """The browser extensions assessment, JSON flavour (``GET /api/machines/BrowserExtensionsInventoryByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions

        Endpoint: ``GET /api/machines/BrowserExtensionsInventoryByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions
        """
    def certificates(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[CertificateRecord]:
        """The certificate inventory assessment, JSON flavour (``GET /api/machines/certificateAssessmentByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment

        Endpoint: ``GET /api/machines/certificateAssessmentByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment
        """
    def security_baselines(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[BaselineAssessmentRecord]:
        """The security baselines assessment, JSON flavour (``GET /api/machines/baselineComplianceAssessmentByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without SecurityBaselinesAssessment.Read.All / SecurityBaselinesAssessment.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``SecurityBaselinesAssessment.Read.All`` / ``SecurityBaselinesAssessment.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment

        Endpoint: ``GET /api/machines/baselineComplianceAssessmentByMachine`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment
        """
    def hardware_firmware(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[HardwareFirmwareRecord]:
        """The hardware and firmware assessment, JSON flavour (``GET /api/machines/HardwareFirmwareInventoryByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment

        Endpoint: ``GET /api/machines/HardwareFirmwareInventoryByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment
        """
    def software_vulnerability_changes(
        self,
        *,
        since: str,
        page_size: int | None = None,
        top: int | None = None,
    ) -> Pager[SoftwareVulnerabilityChange]:
        """The software-vulnerability changes since ``since`` (``GET
        /api/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=...``): every full-export
        row that is ``New``, ``Fixed`` or ``Updated``, with ``status`` and ``eventTimestamp``,
        from the 6-hour bucket holding ``since`` on.

        Args:
            since: ISO-8601 UTC (``2024-05-01T00:00:00Z``) or a look-back (``7d``, ``36h``),
                at most 14 days back.
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request.

        Raises:
            ValueError: ``since`` unreadable, in the future or more than 14 days back.
            MdeError: When iterating (403 without Vulnerability.Read.All / Vulnerability.Read).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``.
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities

        Endpoint: ``GET /api/machines/SoftwareVulnerabilityChangesByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        """
    def browser_extension_permissions(
        self,
        *,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[BrowserExtensionPermission]:
        """The permissions browser extensions may request (``GET
        /api/browserextensions/permissionsinfo``): ``key``, ``permissionName``,
        ``description``. Static data that explains the browser-extension export's rows.

        Args:
            top: Total number wanted (``$top``, up to 10,000).
            skip: Number to skip first.
            page_size: Items per request.

        Permission: ``Software.Read.All`` / ``Software.Read``.
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-browser-extensions-permission-info

        Endpoint: ``GET /api/browserextensions/permissionsinfo`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-browser-extensions-permission-info
        """
    def baseline_profiles(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[BaselineProfile]:
        """The security baseline profiles (``GET /api/baselineProfiles``).

        Args:
            filter: OData ``$filter`` on id, name, operatingSystem, operatingSystemVersion,
                status, settingsNumber, passedDevices or totalDevices.
            top: Total number wanted (``$top``, up to 10,000).
            skip: Number to skip first.
            page_size: Items per request.

        Raises:
            ValueError: A property that is not filterable.

        Permission: ``SecurityBaselinesAssessment.Read.All`` /
        ``SecurityBaselinesAssessment.Read`` (the page names none; the baseline export's).
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-profiles

        Endpoint: ``GET /api/baselineProfiles`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-profiles
        """
    def baseline_configurations(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> Pager[BaselineConfiguration]:
        """The configurations assessed in active baseline profiles (``GET
        /api/baselineConfigurations``).

        Args:
            filter: OData ``$filter`` on id, category, name or cce.
            top: Total number wanted (``$top``, up to 10,000).
            skip: Number to skip first.
            page_size: Items per request.

        Permission: ``SecurityBaselinesAssessment.Read.All`` /
        ``SecurityBaselinesAssessment.Read``.
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-configurations

        Endpoint: ``GET /api/baselineConfigurations`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-configurations
        """
    def secure_configurations_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the secure configuration assessment via files (``GET /api/machines/SecureConfigurationsAssessmentExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config

        Endpoint: ``GET /api/machines/SecureConfigurationsAssessmentExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config
        """
    def software_inventory_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the software inventory (CPE) assessment via files (``GET /api/machines/SoftwareInventoryExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory
        """
    def non_cpe_software_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the non-CPE software inventory assessment via files (``GET /api/machines/SoftwareInventoryNonCpeExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryNonCpeExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory
        """
    def software_vulnerabilities_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the software vulnerabilities assessment via files (``GET /api/machines/SoftwareVulnerabilitiesExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities

        Endpoint: ``GET /api/machines/SoftwareVulnerabilitiesExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        """
    def browser_extensions_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the browser extensions assessment via files (``GET /api/machines/browserextensionsinventoryExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions

        Endpoint: ``GET /api/machines/browserextensionsinventoryExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions
        """
    def certificates_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the certificate inventory assessment via files (``GET /api/machines/certificateAssessmentExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment

        Endpoint: ``GET /api/machines/certificateAssessmentExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment
        """
    def security_baselines_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the security baselines assessment via files (``GET /api/machines/BaselineComplianceAssessmentExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without SecurityBaselinesAssessment.Read.All (application) or SecurityBaselinesAssessment.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``SecurityBaselinesAssessment.Read.All`` / ``SecurityBaselinesAssessment.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment

        Endpoint: ``GET /api/machines/BaselineComplianceAssessmentExport`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment
        """
    def hardware_firmware_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the hardware and firmware assessment via files (``GET /api/machines/HardwareFirmwareInventoryExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment

        Endpoint: ``GET /api/machines/HardwareFirmwareInventoryExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment
        """
    def information_gathering_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the information gathering assessment via files (``GET /api/Machines/InfoGatheringExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-information-gathering

        Endpoint: ``GET /api/machines/InfoGatheringExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-information-gathering
        """
    def device_av_health_via_files(self, *, sas_valid_hours: int | None = None) -> Export:
        """Exports the device antivirus health report (public preview; the documented path is the information-gathering export's) via files (``GET /api/machines/InfoGatheringExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api

        Endpoint: ``GET /api/machines/InfoGatheringExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api
        """

@final
class AsyncExportsOperations:
    """The export assessment APIs (``/api/machines/*ByMachine`` and ``*Export``): per-device
    assessments of the whole organisation, as JSON pages or via files.

    JSON: 30 calls/minute, 1,000/hour, ``page_size`` up to 200,000 (for fewer than about
    100,000 devices). Via files: 5 calls/minute, 20/hour; an :class:`~mdekit.exports.Export`
    whose SAS URLs download without a bearer token.

    The asyncio twin of :class:`ExportsOperations`: the same methods, each returning an awaitable (lists return an :class:`AsyncPager`).
    """

    def secure_configurations(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[SecureConfiguration]:
        """The secure configuration assessment, JSON flavour (``GET /api/machines/SecureConfigurationsAssessmentByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config

        Endpoint: ``GET /api/machines/SecureConfigurationsAssessmentByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config
        """
    def software_inventory(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[SoftwareInventoryRecord]:
        """The software inventory (CPE) assessment, JSON flavour (``GET /api/machines/SoftwareInventoryByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory
        """
    def non_cpe_software(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[NonCpeSoftwareRecord]:
        """The non-CPE software inventory assessment, JSON flavour (``GET /api/machines/SoftwareInventoryNoProductCodeByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryNoProductCodeByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory
        """
    def software_vulnerabilities(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[SoftwareVulnerabilityRecord]:
        """The software vulnerabilities assessment, JSON flavour (``GET /api/machines/SoftwareVulnerabilitiesByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities

        Endpoint: ``GET /api/machines/SoftwareVulnerabilitiesByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        """
    def browser_extensions(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[BrowserExtensionRecord]:
        """The browser extensions assessment, JSON flavour (``GET /api/machines/BrowserExtensionsInventoryByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions

        Endpoint: ``GET /api/machines/BrowserExtensionsInventoryByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions
        """
    def certificates(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[CertificateRecord]:
        """The certificate inventory assessment, JSON flavour (``GET /api/machines/certificateAssessmentByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Vulnerability.Read.All / Vulnerability.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment

        Endpoint: ``GET /api/machines/certificateAssessmentByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment
        """
    def security_baselines(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[BaselineAssessmentRecord]:
        """The security baselines assessment, JSON flavour (``GET /api/machines/baselineComplianceAssessmentByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without SecurityBaselinesAssessment.Read.All / SecurityBaselinesAssessment.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``SecurityBaselinesAssessment.Read.All`` / ``SecurityBaselinesAssessment.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment

        Endpoint: ``GET /api/machines/baselineComplianceAssessmentByMachine`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment
        """
    def hardware_firmware(
        self,
        *,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[HardwareFirmwareRecord]:
        """The hardware and firmware assessment, JSON flavour (``GET /api/machines/HardwareFirmwareInventoryByMachine``): a lazy pager of
        rows, one per device and item, following ``@odata.nextLink`` (``$skiptoken``)
        verbatim. Column names are camelCase whichever casing the service sends.

        Args:
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request (the service then sends no next link).

        Raises:
            ValueError: ``page_size`` out of range (nothing sent).
            MdeError: When iterating: 403 without Software.Read.All / Software.Read, 429 over 30 calls a
                minute or 1,000 an hour.

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment

        Endpoint: ``GET /api/machines/HardwareFirmwareInventoryByMachine`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment
        """
    def software_vulnerability_changes(
        self,
        *,
        since: str,
        page_size: int | None = None,
        top: int | None = None,
    ) -> AsyncPager[SoftwareVulnerabilityChange]:
        """The software-vulnerability changes since ``since`` (``GET
        /api/machines/SoftwareVulnerabilityChangesByMachine?sinceTime=...``): every full-export
        row that is ``New``, ``Fixed`` or ``Updated``, with ``status`` and ``eventTimestamp``,
        from the 6-hour bucket holding ``since`` on.

        Args:
            since: ISO-8601 UTC (``2024-05-01T00:00:00Z``) or a look-back (``7d``, ``36h``),
                at most 14 days back.
            page_size: Rows per request (1-200,000; the service's default is 50,000).
            top: Only this many rows, in one request.

        Raises:
            ValueError: ``since`` unreadable, in the future or more than 14 days back.
            MdeError: When iterating (403 without Vulnerability.Read.All / Vulnerability.Read).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``.
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities

        Endpoint: ``GET /api/machines/SoftwareVulnerabilityChangesByMachine`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 30 calls a minute and 1,000 an hour (quota family ``exports``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        """
    def browser_extension_permissions(
        self,
        *,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[BrowserExtensionPermission]:
        """The permissions browser extensions may request (``GET
        /api/browserextensions/permissionsinfo``): ``key``, ``permissionName``,
        ``description``. Static data that explains the browser-extension export's rows.

        Args:
            top: Total number wanted (``$top``, up to 10,000).
            skip: Number to skip first.
            page_size: Items per request.

        Permission: ``Software.Read.All`` / ``Software.Read``.
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-browser-extensions-permission-info

        Endpoint: ``GET /api/browserextensions/permissionsinfo`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-browser-extensions-permission-info
        """
    def baseline_profiles(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[BaselineProfile]:
        """The security baseline profiles (``GET /api/baselineProfiles``).

        Args:
            filter: OData ``$filter`` on id, name, operatingSystem, operatingSystemVersion,
                status, settingsNumber, passedDevices or totalDevices.
            top: Total number wanted (``$top``, up to 10,000).
            skip: Number to skip first.
            page_size: Items per request.

        Raises:
            ValueError: A property that is not filterable.

        Permission: ``SecurityBaselinesAssessment.Read.All`` /
        ``SecurityBaselinesAssessment.Read`` (the page names none; the baseline export's).
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-profiles

        Endpoint: ``GET /api/baselineProfiles`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-profiles
        """
    def baseline_configurations(
        self,
        *,
        filter: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        page_size: int | None = None,
    ) -> AsyncPager[BaselineConfiguration]:
        """The configurations assessed in active baseline profiles (``GET
        /api/baselineConfigurations``).

        Args:
            filter: OData ``$filter`` on id, category, name or cce.
            top: Total number wanted (``$top``, up to 10,000).
            skip: Number to skip first.
            page_size: Items per request.

        Permission: ``SecurityBaselinesAssessment.Read.All`` /
        ``SecurityBaselinesAssessment.Read``.
        Doc: https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-configurations

        Endpoint: ``GET /api/baselineConfigurations`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: none documented (quota family ``tvm``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-security-baselines-assessment-configurations
        """
    def secure_configurations_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the secure configuration assessment via files (``GET /api/machines/SecureConfigurationsAssessmentExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config

        Endpoint: ``GET /api/machines/SecureConfigurationsAssessmentExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-secure-config
        """
    def software_inventory_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the software inventory (CPE) assessment via files (``GET /api/machines/SoftwareInventoryExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-inventory
        """
    def non_cpe_software_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the non-CPE software inventory assessment via files (``GET /api/machines/SoftwareInventoryNonCpeExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory

        Endpoint: ``GET /api/machines/SoftwareInventoryNonCpeExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-non-cpe-software-inventory
        """
    def software_vulnerabilities_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the software vulnerabilities assessment via files (``GET /api/machines/SoftwareVulnerabilitiesExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities

        Endpoint: ``GET /api/machines/SoftwareVulnerabilitiesExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/get-assessment-software-vulnerabilities
        """
    def browser_extensions_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the browser extensions assessment via files (``GET /api/machines/browserextensionsinventoryExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions

        Endpoint: ``GET /api/machines/browserextensionsinventoryExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-browser-extensions
        """
    def certificates_via_files(self, *, sas_valid_hours: int | None = None) -> Awaitable[Export]:
        """Exports the certificate inventory assessment via files (``GET /api/machines/certificateAssessmentExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment

        Endpoint: ``GET /api/machines/certificateAssessmentExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/export-certificate-inventory-assessment
        """
    def security_baselines_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the security baselines assessment via files (``GET /api/machines/BaselineComplianceAssessmentExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without SecurityBaselinesAssessment.Read.All (application) or SecurityBaselinesAssessment.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``SecurityBaselinesAssessment.Read.All`` / ``SecurityBaselinesAssessment.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment

        Endpoint: ``GET /api/machines/BaselineComplianceAssessmentExport`` (MDE API).
        Permission: ``SecurityBaselinesAssessment.Read.All`` (application);
            ``SecurityBaselinesAssessment.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-security-baseline-assessment
        """
    def hardware_firmware_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the hardware and firmware assessment via files (``GET /api/machines/HardwareFirmwareInventoryExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-6 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Software.Read.All (application) or Software.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Software.Read.All`` / ``Software.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment

        Endpoint: ``GET /api/machines/HardwareFirmwareInventoryExport`` (MDE API).
        Permission: ``Software.Read.All`` (application); ``Software.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/export-firmware-hardware-assessment
        """
    def information_gathering_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the information gathering assessment via files (``GET /api/Machines/InfoGatheringExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/get-assessment-information-gathering

        Endpoint: ``GET /api/machines/InfoGatheringExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs: https://learn.microsoft.com/defender-endpoint/api/get-assessment-information-gathering
        """
    def device_av_health_via_files(
        self,
        *,
        sas_valid_hours: int | None = None,
    ) -> Awaitable[Export]:
        """Exports the device antivirus health report (public preview; the documented path is the information-gathering export's) via files (``GET /api/machines/InfoGatheringExport``): SAS URLs of gzip
        JSON Lines files, generated every 6 hours.

        Args:
            sas_valid_hours: How long the URLs stay valid, 1-24 hours (the service's
                default when None).

        Returns:
            An :class:`~mdekit.exports.Export`: ``.files`` (the URLs, for Spark, Databricks
            or DuckDB), ``.generated_time``, ``.expires``, and downloads to rows,
            ``to_arrow()``, ``iter_batches()``, ``to_polars()``, ``to_pandas()`` and
            ``to_parquet(path)``.

        Raises:
            ValueError: ``sas_valid_hours`` out of range (nothing sent).
            PermissionDeniedError: Without Vulnerability.Read.All (application) or Vulnerability.Read
                (delegated) (403).
            ThrottledError: Over 5 calls a minute or 20 an hour (429).

        Permission: ``Vulnerability.Read.All`` / ``Vulnerability.Read``. Doc: https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api

        Endpoint: ``GET /api/machines/InfoGatheringExport`` (MDE API).
        Permission: ``Vulnerability.Read.All`` (application); ``Vulnerability.Read`` (delegated).
        Rate limit: 5 calls a minute and 20 an hour (quota family ``export_files``).
        Docs:
            https://learn.microsoft.com/defender-endpoint/api/device-health-export-antivirus-health-report-api
        """

# END GENERATED OPERATIONS

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
class ScaledClock:
    """An accelerated clock for quota-bound runs against the sandbox: its time runs ``factor``
    times faster than real time, and every wait (retry backoff, ``Retry-After``, client-side
    rate limits) lasts ``1 / factor`` of its length in real time. Give the sandbox the same
    factor (``Sandbox(quota_time_scale=factor)``), so the client's limiter and the sandbox's
    quotas count the documented per-minute and per-hour windows on one time scale: at 600, a
    minute lasts 0.1 s and an hour 6 s. Each clock keeps its own client-side budgets.

    Latency is not scaled: 1 ms of real time between the client's limiter and the sandbox is
    ``factor`` ms of scaled time, so keep few requests in flight at high factors (10 at 600x
    stays well within the limiter's margin of 6 s a minute).

    Raises:
        ValueError: ``factor`` not a number from 0.001 to 1,000,000.
    """

    def __new__(cls, factor: float) -> Self: ...
    @property
    def factor(self) -> float:
        """How many times faster than real time the clock runs."""
    @property
    def elapsed(self) -> float:
        """Scaled seconds since the clock was made (real seconds times ``factor``)."""

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
        clock: A :class:`ManualClock` for tests (waits recorded, not slept), or a
            :class:`ScaledClock` (accelerated time, with the sandbox's ``quota_time_scale``).
        credential: A credential object instead of the application keywords: mdekit's
            application ones (:class:`ClientSecretCredential`, :class:`CertificateCredential`,
            :class:`ClientAssertionCredential`, :class:`EnvironmentCredential`: the client then
            knows their tenant and app, as with the keywords), its user-context ones
            (:class:`DeviceCodeCredential`...), or any object with ``get_token(*scopes)``
            returning an object with ``.token`` (str) and ``.expires_on`` (int, Unix seconds,
            UTC), such as every azure-identity credential
            (``azure.identity.DefaultAzureCredential()``). The async client also accepts
            ``azure.identity.aio`` credentials (``async def get_token``). Combined with
            ``tenant_id``, ``client_id``, ``client_secret``, ``certificate_path``,
            ``certificate_password``, ``send_certificate_chain`` or ``client_assertion`` it is
            a ValueError.
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
        ValueError: Missing credentials, ``credential`` combined with the application keywords,
            more than one of ``client_secret``, ``certificate_path``, ``client_assertion``, an
            unknown cloud or region, a non-HTTPS URL to a host that is not loopback.
        TypeError: A ``credential`` without ``get_token``, or an async one (or an async
            ``client_assertion``) given to the sync client.
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
        clock: ManualClock | ScaledClock | None = None,
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
        clock: ManualClock | ScaledClock | None = None,
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
        With ``credential=``, the ``AZURE_TENANT_ID``, ``AZURE_CLIENT_*`` variables are not read.

        Raises:
            ValueError: A required variable is missing (its name is in the message).
            TypeError: An unknown keyword.
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
    def machine_actions(self) -> MachineActionsOperations: ...
    @property
    def indicators(self) -> IndicatorsOperations: ...
    @property
    def investigations(self) -> InvestigationsOperations: ...
    @property
    def live_response(self) -> LiveResponseOperations: ...
    @property
    def files(self) -> FilesOperations: ...
    @property
    def ips(self) -> IpsOperations: ...
    @property
    def domains(self) -> DomainsOperations: ...
    @property
    def users(self) -> UsersOperations: ...
    @property
    def hunting(self) -> HuntingOperations: ...
    @property
    def incidents(self) -> IncidentsOperations: ...
    @property
    def security_alerts(self) -> SecurityAlertsOperations: ...
    # ---- Vulnerability management (issue 10)
    @property
    def software(self) -> SoftwareOperations: ...
    @property
    def vulnerabilities(self) -> VulnerabilitiesOperations: ...
    @property
    def recommendations(self) -> RecommendationsOperations: ...
    @property
    def scores(self) -> ScoresOperations: ...
    @property
    def remediation(self) -> RemediationOperations: ...
    @property
    def device_health(self) -> DeviceHealthOperations: ...
    @property
    def authenticated_scans(self) -> AuthenticatedScansOperations: ...
    @property
    def exports(self) -> ExportsOperations: ...
    def request(
        self,
        method: str,
        path: str,
        *,
        api: Literal["mde", "graph"] = "mde",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        state_changing: bool | None = None,
    ) -> Any:
        """Sends any call through the pipeline (token for ``api``'s audience, rate limit,
        retries, error map): the JSON body, or None for an empty one.

        Args:
            method: ``GET``, ``HEAD``, ``POST``, ``PUT``, ``PATCH`` or ``DELETE``.
            path: Relative to the configured host of ``api`` (``"/api/machines"``,
                ``"/v1.0/security/incidents"``), optionally with a query string; an absolute
                URL must be on that host.
            api: ``"mde"`` or ``"graph"``.
            params: Query parameters (booleans as ``true``/``false``).
            json: A JSON body.
            state_changing: Whether a failure of unknown fate may be retried: by default GET
                and HEAD may, anything else may not. A call matching a catalogue operation is
                sent as that operation (its quota family and 403 permissions).

        Raises:
            ValueError: An absolute URL to another host, an unknown method or ``api``.
            MdeError: As for any operation (see :mod:`mdekit.exceptions`).
        """
    def request_pages(
        self,
        path: str,
        *,
        api: Literal["mde", "graph"] = "mde",
        params: Mapping[str, Any] | None = None,
    ) -> Pager[dict[str, Any]]:
        """A lazy pager over a GET collection (``value`` lists, ``@odata.nextLink`` followed);
        see :meth:`request`."""
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
        clock: ManualClock | ScaledClock | None = None,
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
        clock: ManualClock | ScaledClock | None = None,
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
    ) -> AsyncDefenderClient:
        """See :meth:`DefenderClient.with_options`."""
    @property
    def alerts(self) -> AsyncAlertsOperations: ...
    @property
    def machines(self) -> AsyncMachinesOperations: ...
    @property
    def machine_actions(self) -> AsyncMachineActionsOperations: ...
    @property
    def indicators(self) -> AsyncIndicatorsOperations: ...
    @property
    def investigations(self) -> AsyncInvestigationsOperations: ...
    @property
    def live_response(self) -> AsyncLiveResponseOperations: ...
    @property
    def files(self) -> AsyncFilesOperations: ...
    @property
    def ips(self) -> AsyncIpsOperations: ...
    @property
    def domains(self) -> AsyncDomainsOperations: ...
    @property
    def users(self) -> AsyncUsersOperations: ...
    @property
    def hunting(self) -> AsyncHuntingOperations: ...
    @property
    def incidents(self) -> AsyncIncidentsOperations: ...
    @property
    def security_alerts(self) -> AsyncSecurityAlertsOperations: ...
    # ---- Vulnerability management (issue 10)
    @property
    def software(self) -> AsyncSoftwareOperations: ...
    @property
    def vulnerabilities(self) -> AsyncVulnerabilitiesOperations: ...
    @property
    def recommendations(self) -> AsyncRecommendationsOperations: ...
    @property
    def scores(self) -> AsyncScoresOperations: ...
    @property
    def remediation(self) -> AsyncRemediationOperations: ...
    @property
    def device_health(self) -> AsyncDeviceHealthOperations: ...
    @property
    def authenticated_scans(self) -> AsyncAuthenticatedScansOperations: ...
    @property
    def exports(self) -> AsyncExportsOperations: ...
    def request(
        self,
        method: str,
        path: str,
        *,
        api: Literal["mde", "graph"] = "mde",
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        state_changing: bool | None = None,
    ) -> Awaitable[Any]:
        """See :meth:`DefenderClient.request`."""
    def request_pages(
        self,
        path: str,
        *,
        api: Literal["mde", "graph"] = "mde",
        params: Mapping[str, Any] | None = None,
    ) -> AsyncPager[dict[str, Any]]:
        """See :meth:`DefenderClient.request_pages`."""
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
    def close(self) -> Awaitable[None]:
        """Awaitable: marks the client closed; later calls raise RuntimeError."""
    def __aenter__(self) -> Awaitable[Self]: ...
    def __aexit__(
        self,
        *_args: type[BaseException] | BaseException | TracebackType | None,
    ) -> Awaitable[None]: ...

@final
class _ExportReader:
    """The files of a via-files export and the client that downloads them (wrapped by
    :class:`mdekit.exports.Export`)."""

    @property
    def files(self) -> list[str]: ...
    @property
    def generated_time(self) -> str: ...
    @property
    def expires(self) -> str | None: ...
    @property
    def assessment(self) -> str: ...
    def part_names(self) -> list[str]: ...
    def batches(
        self, *, concurrency: int = 4, indices: Sequence[int] | None = None, batch_rows: int = ...,
    ) -> _ExportStream: ...
    def rows(
        self, *, concurrency: int = 4, indices: Sequence[int] | None = None, chunk: int = 10000
    ) -> _ExportStream: ...

@final
class _ExportStream(Iterator[tuple[str, int, Any]]):
    """``("batch", i, data)``, ``("rows", i, [dict, ...])`` and ``("done", i, rows)`` events."""

    def __iter__(self) -> Self: ...
    def __next__(self) -> tuple[str, int, Any]: ...
    def close(self) -> None: ...

@final
class _ExportBatch:
    """One decoded record batch (Arrow PyCapsule interface)."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __len__(self) -> int: ...

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
        quota_time_scale: float = 1.0,
        token_lifetime: int = 3599,
        tls: bool = False,
        device_code_interval: int = 5,
        device_code_lifetime: int = 900,
        action_pending: float = 1.0,
        action_run: float = 3.0,
        max_indicators: int = 15000,
        hunting_limits: dict[str, float] | None = None,
        compress: Sequence[str] = ...,
        export_records: int | None = None,
        export_file_records: int = 50000,
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
        repeat_link: bool = False,
        ignore_skip: bool = False,
        count: int = 1,
        method: str | None = None,
    ) -> None:
        """Makes the next ``count`` matching requests fail in one chosen way.

        ``repeat_link=True`` serves the page with an ``@odata.nextLink`` back to the request
        itself; ``ignore_skip=True`` serves it as if ``$skip`` were absent.

        Raises:
            ValueError: Not exactly one of status, delay, drop, truncate, repeat_link,
                ignore_skip.
        """
    def clear_faults(self) -> None:
        """Drops every queued fault."""
    def requests(self) -> list[dict[str, Any]]:
        """Every request received: ``method``, ``path``, ``query``, ``status``, ``faulted``."""
    def clear_requests(self) -> None:
        """Empties the request log."""
    def count(self, entity: str, filter: str | None = None) -> int:
        """The sandbox's own count of ``"alerts"``/``"machines"`` matching an OData filter."""
    def hunting_tables(self) -> list[tuple[str, int]]:
        """``[(table name, row count)]`` of the sandbox's hunting tables."""
    def advance(self, seconds: float) -> None:
        """Moves the sandbox clock forward: machine actions progress as if ``seconds`` passed."""
    def set_action_outcome(
        self, machine_id: str, status: Literal["Succeeded", "Failed", "TimeOut"] | str
    ) -> None:
        """Makes the machine's next actions end in ``status``."""
    def shutdown(self) -> None:
        """Stops the server; idempotent."""
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
        clock: ManualClock | ScaledClock | None = None,
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

@final
class ClientSecretCredential:
    """Application context with a client secret: the OAuth 2.0 client credentials grant
    (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow), with
    the signature of azure-identity's ``ClientSecretCredential``
    (https://learn.microsoft.com/python/api/azure-identity/azure.identity.clientsecretcredential).

    Use it as ``credential=`` of either client; the client then knows the tenant and app (its
    ``tenant_id``, ``client_id`` and shared rate limits), exactly as with the ``tenant_id=``,
    ``client_id=``, ``client_secret=`` keywords, which build the same credential. Tokens carry
    ``roles`` (application permissions, e.g. ``Alert.Read.All``).

    Args:
        tenant_id: Entra ID tenant (directory) id or domain.
        client_id: Application (client) id of the app registration.
        client_secret: The secret; never shown in reprs, logs or errors.
        authority: Sign-in host, a URL or a host name such as ``login.microsoftonline.us``.
            Default: as ``credential=``, the client's (its cloud's, or ``authority_host``); on
            its own, ``AZURE_AUTHORITY_HOST`` or ``login.microsoftonline.com``.
        ca_bundle: PEM file of CA certificates for :meth:`get_token` on its own (a client uses
            its own ``ca_bundle``).

    Raises:
        ValueError: An empty secret or client id, a malformed tenant id, a non-HTTPS authority
            that is not loopback.
    """

    def __new__(
        cls,
        tenant_id: str,
        client_id: str,
        client_secret: str,
        *,
        authority: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes`` (e.g. ``"https://api.securitycenter.microsoft.com/.default"``),
        one request to ``{authority}/{tenant_id}/oauth2/v2.0/token``.

        Raises:
            ClientAuthenticationError: The token endpoint refused (``invalid_client`` with
                AADSTS7000215 for a wrong secret; ``aadsts`` and ``code`` say why).
            ServiceRequestError: The token endpoint could not be reached.
        """

@final
class CertificateCredential:
    """Application context with a certificate: a client assertion (a JWT signed with the
    certificate's RSA key, naming it by its SHA-1 ``x5t`` and SHA-256 ``x5t#S256`` thumbprints)
    instead of a secret
    (https://learn.microsoft.com/entra/identity-platform/certificate-credentials), with the
    signature of azure-identity's ``CertificateCredential``
    (https://learn.microsoft.com/python/api/azure-identity/azure.identity.certificatecredential).

    The certificate is read and checked when the credential is built. Use it as ``credential=``
    of either client (the ``certificate_path=`` keywords build the same credential).

    Args:
        tenant_id: Entra ID tenant id or domain.
        client_id: Application (client) id.
        certificate_path: A PEM file (private key and certificate, optionally the chain) or a
            PKCS#12 / PFX file.
        password: Password of a PKCS#12 file (str or UTF-8 bytes).
        certificate_data: The file's bytes instead of ``certificate_path`` (exactly one).
        send_certificate_chain: Send the chain (``x5c``) for subject name / issuer
            authentication.
        authority: Sign-in host; see :class:`ClientSecretCredential`.
        ca_bundle: PEM file of CA certificates for :meth:`get_token` on its own.

    Raises:
        ValueError: Neither or both of ``certificate_path`` and ``certificate_data``, a file that
            cannot be read, no RSA key or certificate in it, a wrong PKCS#12 password.
        TypeError: ``password`` is neither str nor bytes.
    """

    def __new__(
        cls,
        tenant_id: str,
        client_id: str,
        certificate_path: str | os.PathLike[str] | None = None,
        *,
        password: str | bytes | None = None,
        certificate_data: bytes | None = None,
        send_certificate_chain: bool = False,
        authority: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes``.

        Raises:
            ClientAuthenticationError: The token endpoint refused (AADSTS700027: the certificate
                is not registered on the app).
            ServiceRequestError: The token endpoint could not be reached.
        """

@final
class ClientAssertionCredential:
    """Application context with an assertion from ``func`` for each token request: workload
    identity federation (GitHub Actions, Kubernetes, another cloud;
    https://learn.microsoft.com/entra/workload-id/workload-identity-federation), with the
    signature of azure-identity's ``ClientAssertionCredential``
    (https://learn.microsoft.com/python/api/azure-identity/azure.identity.clientassertioncredential).

    Use it as ``credential=`` of either client (the ``client_assertion=`` keyword builds the
    same credential). An ``async def`` func needs ``mdekit.aio.DefenderClient``.

    Args:
        tenant_id: Entra ID tenant id or domain.
        client_id: Application (client) id.
        func: Called with no arguments; returns the assertion (a JWT, str), e.g. the contents
            of ``AZURE_FEDERATED_TOKEN_FILE``. Never shown in reprs or errors.
        authority: Sign-in host; see :class:`ClientSecretCredential`.
        ca_bundle: PEM file of CA certificates for :meth:`get_token` on its own.

    Raises:
        TypeError: ``func`` is not callable.
    """

    def __new__(
        cls,
        tenant_id: str,
        client_id: str,
        func: Callable[[], str] | Callable[[], Awaitable[str]],
        *,
        authority: str | None = None,
        ca_bundle: str | os.PathLike[str] | None = None,
    ) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes``: calls ``func``, then the token endpoint.

        Raises:
            TypeError: ``func`` is async (use the credential with the async client).
            ClientAuthenticationError: ``func`` failed or returned no str, or the token endpoint
                refused the assertion (AADSTS700211 unknown issuer, AADSTS700213 no matching
                federated identity credential, AADSTS700024 expired).
        """

@final
class EnvironmentCredential:
    """azure-identity's ``EnvironmentCredential``
    (https://learn.microsoft.com/python/api/azure-identity/azure.identity.environmentcredential),
    for application context: ``AZURE_TENANT_ID``, ``AZURE_CLIENT_ID`` and ``AZURE_CLIENT_SECRET``
    or, without a secret, ``AZURE_CLIENT_CERTIFICATE_PATH`` (with
    ``AZURE_CLIENT_CERTIFICATE_PASSWORD`` and ``AZURE_CLIENT_SEND_CERTIFICATE_CHAIN``), and
    ``AZURE_AUTHORITY_HOST`` as its sign-in host. Blank variables count as unset.

    Unlike azure-identity's, it reads and checks the environment when built, so a missing
    variable is an error there rather than at the first request. ``DefenderClient.from_env()``
    builds the same credential (with the client's other variables and keywords).

    Args:
        ca_bundle: PEM file of CA certificates for :meth:`get_token` on its own.

    Raises:
        ValueError: A required variable is missing (its name is in the message), or the
            certificate cannot be read.
    """

    def __new__(cls, *, ca_bundle: str | os.PathLike[str] | None = None) -> Self: ...
    def get_token(self, *scopes: str) -> AccessToken:
        """A token for ``scopes``.

        Raises:
            ClientAuthenticationError: The token endpoint refused.
            ServiceRequestError: The token endpoint could not be reached.
        """
