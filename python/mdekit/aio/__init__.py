"""The asyncio twin of :mod:`mdekit`: the same classes and method names, returning awaitables.

    >>> async with mdekit.aio.DefenderClient.from_env() as client:
    ...     async for machine in client.machines.list(filter="healthStatus eq 'Active'"):
    ...         ...

Methods must be awaited inside a running event loop (they return asyncio futures). The
application credentials (:class:`ClientSecretCredential`, :class:`CertificateCredential`,
:class:`ClientAssertionCredential`, :class:`EnvironmentCredential`) are the same objects as in
:mod:`mdekit` and work with both clients.
"""

from __future__ import annotations

from mdekit._mdekit import AsyncAlertsOperations as AlertsOperations
from mdekit._mdekit import AsyncAuthenticatedScansOperations as AuthenticatedScansOperations
from mdekit._mdekit import AsyncDefenderClient as DefenderClient
from mdekit._mdekit import AsyncDeviceHealthOperations as DeviceHealthOperations
from mdekit._mdekit import AsyncDomainsOperations as DomainsOperations
from mdekit._mdekit import AsyncExportsOperations as ExportsOperations
from mdekit._mdekit import AsyncFilesOperations as FilesOperations
from mdekit._mdekit import AsyncHuntingOperations as HuntingOperations
from mdekit._mdekit import AsyncIncidentsOperations as IncidentsOperations
from mdekit._mdekit import AsyncIndicatorsOperations as IndicatorsOperations
from mdekit._mdekit import AsyncInvestigationsOperations as InvestigationsOperations
from mdekit._mdekit import AsyncIpsOperations as IpsOperations
from mdekit._mdekit import AsyncLiveResponseOperations as LiveResponseOperations
from mdekit._mdekit import AsyncMachineActionsOperations as MachineActionsOperations
from mdekit._mdekit import AsyncMachinesOperations as MachinesOperations
from mdekit._mdekit import AsyncPageIterator as PageIterator
from mdekit._mdekit import AsyncPager as Pager
from mdekit._mdekit import AsyncRecommendationsOperations as RecommendationsOperations
from mdekit._mdekit import AsyncRemediationOperations as RemediationOperations
from mdekit._mdekit import AsyncScoresOperations as ScoresOperations
from mdekit._mdekit import AsyncSecurityAlertsOperations as SecurityAlertsOperations
from mdekit._mdekit import AsyncSoftwareOperations as SoftwareOperations
from mdekit._mdekit import AsyncUsersOperations as UsersOperations
from mdekit._mdekit import AsyncVulnerabilitiesOperations as VulnerabilitiesOperations
from mdekit._mdekit import (
    CertificateCredential,
    ClientAssertionCredential,
    ClientSecretCredential,
    EnvironmentCredential,
)
from mdekit.tenants import AsyncTenants as Tenants

__all__ = [
    "AlertsOperations",
    "AuthenticatedScansOperations",
    "CertificateCredential",
    "ClientAssertionCredential",
    "ClientSecretCredential",
    "DefenderClient",
    "DeviceHealthOperations",
    "DomainsOperations",
    "EnvironmentCredential",
    "ExportsOperations",
    "FilesOperations",
    "HuntingOperations",
    "IncidentsOperations",
    "IndicatorsOperations",
    "InvestigationsOperations",
    "IpsOperations",
    "LiveResponseOperations",
    "MachineActionsOperations",
    "MachinesOperations",
    "PageIterator",
    "Pager",
    "RecommendationsOperations",
    "RemediationOperations",
    "ScoresOperations",
    "SecurityAlertsOperations",
    "SoftwareOperations",
    "Tenants",
    "UsersOperations",
    "VulnerabilitiesOperations",
]
