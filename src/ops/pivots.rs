//! Files, IP addresses, domains and users: the binding tables of `mdekit_core::api::pivots`.

use pyo3::prelude::*;

use super::operations;
use crate::convert::Json;

operations! {
    /// Files (`/api/files`). Permission: File.Read.All; related alerts and machines need the
    /// alert and machine read permissions.
    FilesOperations, AsyncFilesOperations, "FilesOperations", "AsyncFilesOperations";
    awaitables {
        /// `GET /api/files/{sha1|sha256}`: the File dict (404 when unknown).
        #[pyo3(signature = (file_hash))]
        fn get(file_hash: String) = |c| async move { c.pivots().file(&file_hash).await.map(Json) };

        /// `GET /api/files/{hash}/stats`: organisation and global prevalence.
        #[pyo3(signature = (file_hash, *, lookback_hours=None))]
        fn stats(file_hash: String, lookback_hours: Option<crate::options::Count>) = |c| async move {
            c.pivots().file_stats(&file_hash, lookback_hours.map(|h| h.0)).await.map(Json)
        };

        /// `GET /api/files/{sha1}/alerts`: a list (empty for an unseen file).
        #[pyo3(signature = (sha1))]
        fn alerts(sha1: String) = |c| async move {
            c.pivots().file_related(&sha1, "alerts").await.map(Json)
        };

        /// `GET /api/files/{sha1}/machines`: a list (empty for an unseen file).
        #[pyo3(signature = (sha1))]
        fn machines(sha1: String) = |c| async move {
            c.pivots().file_related(&sha1, "machines").await.map(Json)
        };
    }
    pagers {}
}

operations! {
    /// IP addresses (`/api/ips`).
    IpsOperations, AsyncIpsOperations, "IpsOperations", "AsyncIpsOperations";
    awaitables {
        /// `GET /api/ips/{ip}/stats`: zero prevalence for an address nobody contacted.
        #[pyo3(signature = (ip, *, lookback_hours=None))]
        fn stats(ip: String, lookback_hours: Option<crate::options::Count>) = |c| async move {
            c.pivots().ip_stats(&ip, lookback_hours.map(|h| h.0)).await.map(Json)
        };

        /// `GET /api/ips/{ip}/alerts`: a list (empty for an unseen address).
        #[pyo3(signature = (ip))]
        fn alerts(ip: String) = |c| async move { c.pivots().ip_alerts(&ip).await.map(Json) };
    }
    pagers {}
}

operations! {
    /// Domains (`/api/domains`).
    DomainsOperations, AsyncDomainsOperations, "DomainsOperations", "AsyncDomainsOperations";
    awaitables {
        /// `GET /api/domains/{domain}/stats`: zero prevalence for an unseen domain.
        #[pyo3(signature = (domain, *, lookback_hours=None))]
        fn stats(domain: String, lookback_hours: Option<crate::options::Count>) = |c| async move {
            c.pivots().domain_stats(&domain, lookback_hours.map(|h| h.0)).await.map(Json)
        };

        /// `GET /api/domains/{domain}/alerts`: a list (empty for an unseen domain).
        #[pyo3(signature = (domain))]
        fn alerts(domain: String) = |c| async move {
            c.pivots().domain_related(&domain, "alerts").await.map(Json)
        };

        /// `GET /api/domains/{domain}/machines`: a list of at most 500 machines.
        #[pyo3(signature = (domain))]
        fn machines(domain: String) = |c| async move {
            c.pivots().domain_related(&domain, "machines").await.map(Json)
        };
    }
    pagers {}
}

operations! {
    /// Users (`/api/users`), by account name (not UPN).
    UsersOperations, AsyncUsersOperations, "UsersOperations", "AsyncUsersOperations";
    awaitables {
        /// `GET /api/users/{name}/alerts`: a list (empty for an unknown user).
        #[pyo3(signature = (user_name))]
        fn alerts(user_name: String) = |c| async move {
            c.pivots().user_related(&user_name, "alerts").await.map(Json)
        };

        /// `GET /api/users/{name}/machines`: a list (empty for an unknown user).
        #[pyo3(signature = (user_name))]
        fn machines(user_name: String) = |c| async move {
            c.pivots().user_related(&user_name, "machines").await.map(Json)
        };
    }
    pagers {}
}
