//! OpenID Connect discovery, as Entra ID serves it: the v2 document
//! (`/{tenant}/v2.0/.well-known/openid-configuration`), the v1 one
//! (`/{tenant}/.well-known/openid-configuration`), the signing keys and MSAL's instance discovery.
//! MSAL (and azure-identity through it) reads these before asking for a token; the field names and
//! shapes follow Microsoft identity platform's "OpenID Connect on the Microsoft identity platform"
//! page. Endpoints point back at this sandbox. Also Resource Manager's cloud metadata document,
//! which tools such as msticpy read to find the sign-in host. A tenant segment may be the tenant
//! id, one of its domains or a multi-tenant alias (`common`...), as on Entra.

use std::sync::Arc;

use axum::extract::State as AxState;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::auth::{aad_error, AadError};
use crate::extract::Tenant;
use crate::respond::{entra_error, json_response, to_bytes};
use crate::state::State;

/// `GET /metadata/endpoints`: Azure Resource Manager's cloud metadata.
pub async fn arm(AxState(st): AxState<Arc<State>>) -> Response {
    ok(&arm_metadata(&st.base_url))
}

/// `GET /{tenant}/v2.0/.well-known/openid-configuration`.
pub async fn openid_v2(AxState(st): AxState<Arc<State>>, Tenant(t): Tenant) -> Response {
    for_tenant(&st, &t, |segment| {
        openid_configuration(&st.base_url, segment, &st.tenant_id, true)
    })
}

/// `GET /{tenant}/.well-known/openid-configuration` (v1).
pub async fn openid_v1(AxState(st): AxState<Arc<State>>, Tenant(t): Tenant) -> Response {
    for_tenant(&st, &t, |segment| {
        openid_configuration(&st.base_url, segment, &st.tenant_id, false)
    })
}

/// `GET /{tenant}/discovery[/v2.0]/keys`: the signing keys (none: the sandbox signs with HS256).
pub async fn jwks(AxState(st): AxState<Arc<State>>, Tenant(t): Tenant) -> Response {
    for_tenant(&st, &t, |_| keys())
}

/// `GET /{tenant}/discovery/instance`: instance discovery (any tenant segment).
pub async fn instance(AxState(st): AxState<Arc<State>>) -> Response {
    ok(&instance_discovery(&st.base_url, &st.tenant_id))
}

/// A document for a tenant the path names (id, domain or multi-tenant alias); 400 `invalid_tenant`
/// otherwise.
fn for_tenant(st: &State, tenant: &str, doc: impl FnOnce(&str) -> Value) -> Response {
    let named = names_tenant(st, tenant);
    if !named && !is_multi_tenant_alias(tenant) {
        return entra_error(
            400,
            "invalid_tenant",
            90002,
            &format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
        );
    }
    // Entra resolves a domain to the tenant id in the endpoints it documents; aliases stay as sent.
    let segment = if named { st.tenant_id.as_str() } else { tenant };
    ok(&doc(segment))
}

fn ok(v: &Value) -> Response {
    json_response(
        StatusCode::OK,
        "application/json; charset=utf-8",
        to_bytes(v),
    )
}

/// Tenant segments Entra accepts besides the tenant id itself.
pub fn is_multi_tenant_alias(segment: &str) -> bool {
    ["common", "organizations", "consumers"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(segment))
}

pub fn openid_configuration(base: &str, segment: &str, tenant_id: &str, v2: bool) -> Value {
    // Entra puts the literal `{tenantid}` placeholder in the issuer of multi-tenant documents.
    let issuer_tenant = if is_multi_tenant_alias(segment) {
        "{tenantid}"
    } else {
        tenant_id
    };
    let host = base
        .split_once("://")
        .map(|(_, h)| h)
        .unwrap_or(base)
        .to_string();
    if v2 {
        json!({
            "token_endpoint": format!("{base}/{segment}/oauth2/v2.0/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": format!("{base}/{segment}/discovery/v2.0/keys"),
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "issuer": format!("{base}/{issuer_tenant}/v2.0"),
            "request_uri_parameter_supported": false,
            "userinfo_endpoint": format!("{base}/oidc/userinfo"),
            "authorization_endpoint": format!("{base}/{segment}/oauth2/v2.0/authorize"),
            "device_authorization_endpoint": format!("{base}/{segment}/oauth2/v2.0/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": format!("{base}/{segment}/oauth2/v2.0/logout"),
            "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
            "kerberos_endpoint": format!("{base}/{segment}/kerberos"),
            "tenant_region_scope": "NA",
            "cloud_instance_name": host,
            "cloud_graph_host_name": host,
            "msgraph_host": host,
            "rbac_url": base,
        })
    } else {
        json!({
            "token_endpoint": format!("{base}/{segment}/oauth2/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "jwks_uri": format!("{base}/{segment}/discovery/keys"),
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "id_token", "code id_token", "token id_token", "token"],
            "scopes_supported": ["openid"],
            "issuer": format!("https://sts.windows.net/{issuer_tenant}/"),
            "microsoft_multi_refresh_token": true,
            "authorization_endpoint": format!("{base}/{segment}/oauth2/authorize"),
            "device_authorization_endpoint": format!("{base}/{segment}/oauth2/devicecode"),
            "http_logout_supported": true,
            "frontchannel_logout_supported": true,
            "end_session_endpoint": format!("{base}/{segment}/oauth2/logout"),
            "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce", "email", "given_name", "family_name", "nickname"],
            "check_session_iframe": format!("{base}/{segment}/oauth2/checksession"),
            "userinfo_endpoint": format!("{base}/{segment}/openid/userinfo"),
            "kerberos_endpoint": format!("{base}/{segment}/kerberos"),
            "tenant_region_scope": "NA",
            "cloud_instance_name": host,
            "cloud_graph_host_name": host,
            "msgraph_host": host,
            "rbac_url": base,
        })
    }
}

/// The sandbox signs access tokens with a symmetric key (clients never verify them), so it
/// publishes no public keys.
pub fn keys() -> Value {
    json!({ "keys": [] })
}

/// MSAL's `/common/discovery/instance` answer: this sandbox is its own, only, instance.
pub fn instance_discovery(base: &str, tenant_segment: &str) -> Value {
    let host = base
        .split_once("://")
        .map(|(_, h)| h)
        .unwrap_or(base)
        .to_string();
    json!({
        "tenant_discovery_endpoint": format!("{base}/{tenant_segment}/v2.0/.well-known/openid-configuration"),
        "api-version": "1.1",
        "metadata": [{
            "preferred_network": host,
            "preferred_cache": host,
            "aliases": [host],
        }],
    })
}

/// Azure Resource Manager's `/metadata/endpoints` (api-version 2022-09-01 shape): what azure-cli,
/// the Azure SDKs and msticpy read to find a cloud's sign-in host and resource URIs. The sign-in
/// host and Resource Manager are this sandbox. Resource ids stay public cloud's, because they are
/// token audiences (msticpy asks for `{microsoftGraphResourceId}.default`) and the sandbox issues
/// tokens for the real audiences; clients point their API calls here separately.
pub fn arm_metadata(base: &str) -> Value {
    let login = format!("{base}/");
    json!({
        "portal": base,
        "authentication": {
            "loginEndpoint": login,
            "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"],
            "tenant": "common",
            "identityProvider": "AAD",
        },
        "media": base,
        "graphAudience": "https://graph.windows.net/",
        "graph": "https://graph.windows.net/",
        "name": "AzureCloud",
        "suffixes": {
            "azureDataLakeStoreFileSystem": "azuredatalakestore.net",
            "acrLoginServer": "azurecr.io",
            "sqlServerHostname": "database.windows.net",
            "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
            "keyVaultDns": "vault.azure.net",
            "storage": "core.windows.net",
            "azureFrontDoorEndpointSuffix": "azurefd.net",
            "storageSyncEndpointSuffix": "afs.azure.net",
            "mhsmDns": "managedhsm.azure.net",
            "mysqlServerEndpoint": "mysql.database.azure.com",
            "postgresqlServerEndpoint": "postgres.database.azure.com",
            "mariadbServerEndpoint": "mariadb.database.azure.com",
            "synapseAnalytics": "dev.azuresynapse.net",
            "attestationEndpoint": "attest.azure.net",
        },
        "batch": "https://batch.core.windows.net/",
        "resourceManager": format!("{base}/"),
        "vmImageAliasDoc": "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json",
        "activeDirectoryDataLake": "https://datalake.azure.net/",
        "sqlManagement": "https://management.core.windows.net:8443/",
        "gallery": "https://gallery.azure.com/",
        "microsoftGraphResourceId": "https://graph.microsoft.com/",
        "appInsightsResourceId": "https://api.applicationinsights.io",
        "appInsightsTelemetryChannelResourceId": "https://dc.applicationinsights.azure.com/v2/track",
        "attestationResourceId": "https://attest.azure.net",
        "synapseAnalyticsResourceId": "https://dev.azuresynapse.net",
        "logAnalyticsResourceId": "https://api.loganalytics.io",
        "ossrDbmsResourceId": "https://ossrdbms-aad.database.windows.net",
    })
}

/// Whether a path's tenant segment names this tenant: its id, its initial domain or a custom domain.
pub fn names_tenant(st: &State, segment: &str) -> bool {
    segment.eq_ignore_ascii_case(&st.tenant_id)
        || segment.eq_ignore_ascii_case(&st.identity.domain)
        || st
            .config
            .domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(segment))
}

pub fn tenant_check(st: &State, segment: &str, now: DateTime<Utc>) -> Result<(), AadError> {
    if names_tenant(st, segment) || is_multi_tenant_alias(segment) {
        return Ok(());
    }
    Err(aad_error(400, "invalid_request", 90002, &format!("Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."), now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_point_back_at_the_sandbox() {
        let v2 = openid_configuration("https://127.0.0.1:9", "t1", "t1", true);
        assert_eq!(
            v2["token_endpoint"],
            "https://127.0.0.1:9/t1/oauth2/v2.0/token"
        );
        assert_eq!(v2["issuer"], "https://127.0.0.1:9/t1/v2.0");
        let v1 = openid_configuration("https://127.0.0.1:9", "common", "t1", false);
        assert_eq!(v1["issuer"], "https://sts.windows.net/{tenantid}/");
        assert_eq!(
            v1["token_endpoint"],
            "https://127.0.0.1:9/common/oauth2/token"
        );
        let i = instance_discovery("https://127.0.0.1:9", "t1");
        assert_eq!(i["metadata"][0]["aliases"][0], "127.0.0.1:9");
    }
}
