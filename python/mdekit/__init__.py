"""mdekit: the Microsoft Defender for Endpoint REST API client, with a Rust core.

    >>> import mdekit
    >>> client = mdekit.DefenderClient.from_env()
    >>> for alert in client.alerts.list(filter="severity eq 'High'"):
    ...     print(alert["id"], alert["title"])

``mdekit.aio.DefenderClient`` has the same methods as awaitables, and
``mdekit.testing.Sandbox`` runs an offline emulator of the service to try it all out.
"""

from __future__ import annotations

from mdekit._mdekit import (
    AccessToken,
    AlertsOperations,
    CertificateCredential,
    ClientAssertionCredential,
    ClientSecretCredential,
    DefenderClient,
    DeviceCodeCredential,
    DomainsOperations,
    EnvironmentCredential,
    ExportsOperations,
    FilesOperations,
    HuntingOperations,
    HuntingResult,
    IncidentsOperations,
    IndicatorsOperations,
    InteractiveBrowserCredential,
    InvestigationsOperations,
    IpsOperations,
    LiveResponseOperations,
    MachineActionsOperations,
    MachinesOperations,
    ManagedIdentityCredential,
    PageIterator,
    Pager,
    SecurityAlertsOperations,
    UsernamePasswordCredential,
    UsersOperations,
    __version__,
    catalogue,
    refresh_logging,
)
from mdekit._permissions import least_permissions
from mdekit.exceptions import (
    BadRequestError,
    ClientAuthenticationError,
    HttpResponseError,
    HuntingSplitError,
    MdeError,
    PermissionDeniedError,
    ResourceNotFoundError,
    ServiceError,
    ServiceRequestError,
    ServiceResponseError,
    ThrottledError,
)
from mdekit.exports import Export
from mdekit.tenants import TenantRows, Tenants, TenantsError

__all__ = [
    "AccessToken",
    "AlertsOperations",
    "BadRequestError",
    "CertificateCredential",
    "ClientAssertionCredential",
    "ClientAuthenticationError",
    "ClientSecretCredential",
    "DefenderClient",
    "DeviceCodeCredential",
    "DomainsOperations",
    "EnvironmentCredential",
    "Export",
    "ExportsOperations",
    "FilesOperations",
    "HttpResponseError",
    "HuntingOperations",
    "HuntingResult",
    "HuntingSplitError",
    "IncidentsOperations",
    "IndicatorsOperations",
    "InteractiveBrowserCredential",
    "InvestigationsOperations",
    "IpsOperations",
    "LiveResponseOperations",
    "MachineActionsOperations",
    "MachinesOperations",
    "ManagedIdentityCredential",
    "MdeError",
    "PageIterator",
    "Pager",
    "PermissionDeniedError",
    "ResourceNotFoundError",
    "SecurityAlertsOperations",
    "ServiceError",
    "ServiceRequestError",
    "ServiceResponseError",
    "TenantRows",
    "Tenants",
    "TenantsError",
    "ThrottledError",
    "UsernamePasswordCredential",
    "UsersOperations",
    "__version__",
    "catalogue",
    "least_permissions",
    "refresh_logging",
]
