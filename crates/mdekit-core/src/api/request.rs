//! `client.request`: any endpoint of either API, through the whole pipeline (token for the API's
//! audience, client-side rate limit, retries that never repeat a state-changing call, the error
//! map). A call that matches a catalogue entry is sent as that entry (its quota family and the
//! permissions a 403 names); anything else goes as a synthetic entry of family `Request` (the
//! standard MDE allowance, as no page documents a limit for it).

use mdekit_spec::{Api, Operation};
use reqwest::Method;
use serde_json::Value;
use url::Url;

use crate::error::{Error, Result};
use crate::odata::ListQuery;
use crate::paging::Pager;
use crate::pipeline::{Body, Pipeline, Request, Response};

#[derive(Debug, Clone)]
pub struct Raw {
    pub(crate) pipeline: Pipeline,
}

/// One call of [`Raw::send`].
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    /// Relative to the API's configured host (`/api/machines`), or an absolute URL on that host;
    /// may carry a query string.
    pub path: String,
    pub api: Api,
    /// Query parameters appended after any in `path`.
    pub params: Vec<(String, String)>,
    pub json: Option<Value>,
    /// `None`: GET and HEAD are safe to repeat, every other method changes state.
    pub state_changing: Option<bool>,
}

const fn synthetic(id: &'static str, api: Api, state_changing: bool) -> Operation {
    Operation {
        id,
        api,
        state_changing,
        family: mdekit_spec::Family::Request,
        note: "A call outside the catalogue (client.request).",
        ..mdekit_spec::UNCATALOGUED
    }
}

static MDE_SAFE: Operation = synthetic("", Api::Mde, false);
static MDE_WRITE: Operation = synthetic("", Api::Mde, true);
static GRAPH_SAFE: Operation = synthetic("", Api::Graph, false);
static GRAPH_WRITE: Operation = synthetic("", Api::Graph, true);

/// The API a name (`"mde"`, `"graph"`) stands for.
pub fn parse_api(name: &str) -> Result<Api> {
    match name.trim().to_ascii_lowercase().as_str() {
        "mde" => Ok(Api::Mde),
        "graph" => Ok(Api::Graph),
        other => Err(Error::invalid_argument(format!(
            "api must be \"mde\" or \"graph\", got {other:?}"
        ))),
    }
}

fn parse_method(m: &str) -> Result<Method> {
    let upper = m.trim().to_ascii_uppercase();
    match upper.as_str() {
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" => {
            Method::from_bytes(upper.as_bytes())
                .map_err(|_| Error::invalid_argument(format!("method {m:?} is not an HTTP method")))
        }
        _ => Err(Error::invalid_argument(format!(
            "method {m:?} is not one of GET, HEAD, POST, PUT, PATCH, DELETE"
        ))),
    }
}

impl Raw {
    fn base(&self, api: Api) -> &Url {
        let e = self.pipeline.endpoints();
        match api {
            Api::Mde => &e.api_base_url,
            Api::Graph => &e.graph_base_url,
        }
    }

    /// The URL of `path` on `api`'s host. An absolute URL must point at that host: the request
    /// carries a bearer token for the API, which must not reach anyone else.
    fn resolve(&self, api: Api, path: &str, params: &[(String, String)]) -> Result<Url> {
        let base = self.base(api);
        let path = path.trim();
        if path.is_empty() {
            return Err(Error::invalid_argument("path must not be empty"));
        }
        let mut url = if path.contains("://") {
            let url = Url::parse(path)
                .map_err(|e| Error::invalid_argument(format!("{path:?} is not a URL: {e}")))?;
            let same = url.scheme() == base.scheme()
                && url.host_str() == base.host_str()
                && url.port_or_known_default() == base.port_or_known_default();
            if !same {
                return Err(Error::invalid_argument(format!(
                    "refusing to send a {} token to {}: give a path relative to {base}",
                    api.name(),
                    url.host_str().unwrap_or("another host")
                )));
            }
            url
        } else {
            let (p, q) = match path.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (path, None),
            };
            let p = if p.starts_with('/') {
                p.to_owned()
            } else {
                format!("/{p}")
            };
            if p.split('/').any(|s| s == "..") {
                return Err(Error::invalid_argument(format!(
                    "path {path:?} must not contain '..' segments"
                )));
            }
            let mut url = crate::config::join(base, &p);
            url.set_query(q);
            url
        };
        if !params.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in params {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    /// The catalogue entry the call is, or a synthetic one; `state_changing` overrides the
    /// catalogue only by choosing the synthetic entry of the other kind.
    fn operation(
        &self,
        api: Api,
        method: &Method,
        url: &Url,
        state_changing: Option<bool>,
    ) -> &'static Operation {
        let prefix = self.base(api).path().trim_end_matches('/');
        let rel = url.path().strip_prefix(prefix).unwrap_or(url.path());
        let default_changing = !(method == Method::GET || method == Method::HEAD);
        let found = mdekit_spec::find(api, method.as_str(), rel);
        match (found, state_changing) {
            (Some(op), None) => op,
            (Some(op), Some(s)) if op.state_changing == s => op,
            (_, s) => {
                let changing = s.unwrap_or(default_changing);
                match (api, changing) {
                    (Api::Mde, false) => &MDE_SAFE,
                    (Api::Mde, true) => &MDE_WRITE,
                    (Api::Graph, false) => &GRAPH_SAFE,
                    (Api::Graph, true) => &GRAPH_WRITE,
                }
            }
        }
    }

    /// Sends the call; the response as received (status, body bytes, request id).
    pub async fn send(&self, r: &RawRequest) -> Result<Response> {
        let method = parse_method(&r.method)?;
        let url = self.resolve(r.api, &r.path, &r.params)?;
        let op = self.operation(r.api, &method, &url, r.state_changing);
        let mut req = Request::new(op, url);
        req.method = method;
        if let Some(j) = &r.json {
            req.body = Body::Json(j.clone());
        }
        self.pipeline.send(req).await
    }

    /// Sends the call and reads the body as JSON (`None` for an empty body, a 204 say).
    pub async fn send_json(&self, r: &RawRequest) -> Result<Option<Value>> {
        let resp = self.send(r).await?;
        if resp.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        resp.json().map(Some)
    }

    /// A lazy pager over a GET collection (`{"value": [...], "@odata.nextLink": ...}`).
    pub fn pages(&self, api: Api, path: &str, params: &[(String, String)]) -> Result<Pager> {
        let url = self.resolve(api, path, params)?;
        let op = self.operation(api, &Method::GET, &url, Some(false));
        Ok(Pager::new(
            self.pipeline.clone(),
            op,
            url,
            ListQuery::default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_calls_are_rate_limited_conservatively() {
        for op in [&MDE_SAFE, &MDE_WRITE, &GRAPH_SAFE, &GRAPH_WRITE] {
            assert_eq!(op.family, mdekit_spec::Family::Request);
            assert_eq!(op.limits().per_minute, Some(100));
            assert!(op.id.is_empty() && op.app_permissions.is_empty());
        }
        assert!(MDE_WRITE.state_changing && !GRAPH_SAFE.state_changing);
        assert_eq!(GRAPH_WRITE.api, Api::Graph);
    }

    #[test]
    fn methods_and_apis_parse() {
        assert_eq!(parse_method("get").unwrap(), Method::GET);
        assert!(parse_method("TRACE").is_err());
        assert_eq!(parse_api("Graph").unwrap(), Api::Graph);
        assert!(parse_api("azure").is_err());
    }
}
