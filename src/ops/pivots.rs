//! Files, IP addresses, domains and users: the binding tables of `mdekit_core::api::pivots`.

use pyo3::prelude::*;

use super::operations;
use crate::convert::Json;

operations! {
    /// Files (``/api/files``). Unknown files: :meth:`get` and :meth:`stats` raise
    /// ResourceNotFoundError (404); :meth:`alerts` and :meth:`machines` return ``[]``.
    /// Rate limit: 100 calls/minute, 1,500/hour.
    FilesOperations, AsyncFilesOperations, "FilesOperations", "AsyncFilesOperations";
    awaitables {
        /// A file by SHA-1 or SHA-256 (``GET /api/files/{hash}``): ``sha1``, ``sha256``,
        /// ``globalPrevalence``, ``globalFirstObserved``, ``size``, ``isPeFile``, ``signer``,
        /// ``determinationType``...
        ///
        /// Raises:
        ///     ValueError: Not a SHA-1 or SHA-256.
        ///     ResourceNotFoundError: Unknown file (404).
        #[pyo3(signature = (file_hash))]
        #[py(returns = "dict[str, Any]")]
        fn get(file_hash: String) = |c| async move { c.pivots().file(&file_hash).await.map(Json) };

        /// Prevalence (``GET /api/files/{hash}/stats``): ``organizationPrevalence``,
        /// ``orgFirstSeen``, ``orgLastSeen``, ``globallyPrevalence`` (the service's spelling),
        /// ``topFileNames``.
        ///
        /// Args:
        ///     lookback_hours: 1-720 (default: 30 days).
        ///
        /// Raises:
        ///     ValueError: A bad hash or look-back.
        ///     ResourceNotFoundError: Unknown file (404).
        #[pyo3(signature = (file_hash, *, lookback_hours=None))]
        #[py(returns = "dict[str, Any]")]
        fn stats(file_hash: String, lookback_hours: Option<crate::options::Count>) = |c| async move {
            c.pivots().file_stats(&file_hash, lookback_hours.map(|h| h.0)).await.map(Json)
        };

        /// Alerts involving a file (SHA-1 only); ``[]`` for an unseen file.
        #[pyo3(signature = (sha1))]
        #[py(returns = "Entities")]
        fn alerts(sha1: String) = |c| async move {
            c.pivots().file_related(&sha1, "alerts").await.map(Json)
        };

        /// Machines that saw a file (SHA-1 only); ``[]`` for an unseen file.
        #[pyo3(signature = (sha1))]
        #[py(returns = "Entities")]
        fn machines(sha1: String) = |c| async move {
            c.pivots().file_related(&sha1, "machines").await.map(Json)
        };
    }
    pagers {}
}

operations! {
    /// IP addresses (``/api/ips``). A valid but unseen address has zero prevalence and no
    /// alerts; a malformed one raises ValueError before sending.
    IpsOperations, AsyncIpsOperations, "IpsOperations", "AsyncIpsOperations";
    awaitables {
        /// ``{ipAddress, organizationPrevalence, orgFirstSeen, orgLastSeen}``
        /// (``GET /api/ips/{ip}/stats``; look-back 1-720 hours).
        #[pyo3(signature = (ip, *, lookback_hours=None))]
        #[py(returns = "dict[str, Any]")]
        fn stats(ip: String, lookback_hours: Option<crate::options::Count>) = |c| async move {
            c.pivots().ip_stats(&ip, lookback_hours.map(|h| h.0)).await.map(Json)
        };

        /// Alerts involving an address; ``[]`` when unseen.
        #[pyo3(signature = (ip))]
        #[py(returns = "Entities")]
        fn alerts(ip: String) = |c| async move { c.pivots().ip_alerts(&ip).await.map(Json) };
    }
    pagers {}
}

operations! {
    /// Domains (``/api/domains``). An unseen domain has zero prevalence, no alerts and no
    /// machines.
    DomainsOperations, AsyncDomainsOperations, "DomainsOperations", "AsyncDomainsOperations";
    awaitables {
        /// ``{host, organizationPrevalence, orgFirstSeen, orgLastSeen}``
        /// (``GET /api/domains/{domain}/stats``).
        #[pyo3(signature = (domain, *, lookback_hours=None))]
        #[py(returns = "dict[str, Any]")]
        fn stats(domain: String, lookback_hours: Option<crate::options::Count>) = |c| async move {
            c.pivots().domain_stats(&domain, lookback_hours.map(|h| h.0)).await.map(Json)
        };

        /// Alerts involving a domain; ``[]`` when unseen.
        #[pyo3(signature = (domain))]
        #[py(returns = "Entities")]
        fn alerts(domain: String) = |c| async move {
            c.pivots().domain_related(&domain, "alerts").await.map(Json)
        };

        /// Machines that contacted a domain (at most 500); ``[]`` when unseen.
        #[pyo3(signature = (domain))]
        #[py(returns = "Entities")]
        fn machines(domain: String) = |c| async move {
            c.pivots().domain_related(&domain, "machines").await.map(Json)
        };
    }
    pagers {}
}

operations! {
    /// Users (``/api/users``), addressed by account name (``user1``, not a UPN; a UPN raises
    /// ValueError). An unknown user has no alerts and no machines (``[]``).
    UsersOperations, AsyncUsersOperations, "UsersOperations", "AsyncUsersOperations";
    awaitables {
        /// Alerts of a user.
        #[pyo3(signature = (user_name))]
        #[py(returns = "Entities")]
        fn alerts(user_name: String) = |c| async move {
            c.pivots().user_related(&user_name, "alerts").await.map(Json)
        };

        /// Machines of a user.
        #[pyo3(signature = (user_name))]
        #[py(returns = "Entities")]
        fn machines(user_name: String) = |c| async move {
            c.pivots().user_related(&user_name, "machines").await.map(Json)
        };
    }
    pagers {}
}
