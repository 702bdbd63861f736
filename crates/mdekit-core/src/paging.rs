//! Lazy paging over MDE collections.
//!
//! The service pages with `@odata.nextLink` when called without `$top`, and returns no link at all
//! when `$top` is given (reference §4.3, confirmed by field reports). So the pager follows the link
//! verbatim when there is one, and otherwise steps `$skip` itself while pages come back full.

use serde_json::Value;
use url::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::odata::{ListQuery, MAX_TOP};
use crate::pipeline::rate_limit::Family;
use crate::pipeline::Pipeline;

#[derive(Debug, Clone)]
enum Next {
    Link(Url),
    Skip(u32),
}

/// One page of a collection.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Value>,
    /// The `@odata.nextLink` the service sent, if any.
    pub next_link: Option<String>,
}

/// A cursor over a collection; each [`Pager::next_page`] call sends at most one request.
#[derive(Debug, Clone)]
pub struct Pager {
    pipeline: Pipeline,
    family: Family,
    base: Url,
    query: ListQuery,
    next: Option<Next>,
    /// Items still wanted when the caller gave `top`.
    remaining: Option<u64>,
    fetched: u64,
}

impl Pager {
    pub fn new(pipeline: Pipeline, family: Family, base: Url, query: ListQuery) -> Self {
        let skip = query.skip.unwrap_or(0);
        let remaining = query.top.map(u64::from);
        Pager {
            pipeline,
            family,
            base,
            query,
            next: Some(Next::Skip(skip)),
            remaining,
            fetched: 0,
        }
    }

    /// Items handed out so far.
    pub fn fetched(&self) -> u64 {
        self.fetched
    }

    /// `$top` of the next request: the page size asked for, capped by what is still wanted.
    fn request_top(&self) -> Option<u32> {
        let wanted = self.remaining.map(|r| r.min(u64::from(MAX_TOP)) as u32);
        match (self.query.page_size, wanted) {
            (Some(p), Some(w)) => Some(p.min(w)),
            (Some(p), None) => Some(p),
            (None, w) => w,
        }
    }

    fn same_origin(&self, link: &Url) -> bool {
        link.scheme() == self.base.scheme()
            && link.host_str() == self.base.host_str()
            && link.port_or_known_default() == self.base.port_or_known_default()
    }

    /// Fetches the next page; `Ok(None)` once the collection is exhausted.
    pub async fn next_page(&mut self) -> Result<Option<Page>> {
        if self.remaining == Some(0) {
            self.next = None;
        }
        let Some(next) = self.next.take() else {
            return Ok(None);
        };
        let top = self.request_top();
        let (url, skip) = match next {
            Next::Link(url) => (url, None),
            Next::Skip(skip) => {
                let mut url = self.base.clone();
                self.query.apply(&mut url, top, skip);
                (url, Some(skip))
            }
        };
        let body = self.pipeline.get_json(url, self.family).await?;
        let Value::Object(mut root) = body else {
            return Err(Error::decode("a collection response was not a JSON object"));
        };
        let items = match root.remove("value") {
            Some(Value::Array(items)) => items,
            _ => return Err(Error::decode("a collection response had no 'value' list")),
        };
        let next_link = root
            .get("@odata.nextLink")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let received = items.len() as u64;
        let mut items = items;
        if let Some(r) = self.remaining {
            if received > r {
                items.truncate(r as usize);
            }
            self.remaining = Some(r.saturating_sub(items.len() as u64));
        }
        self.fetched += items.len() as u64;

        self.next = if let Some(link) = &next_link {
            let url = Url::parse(link).map_err(|e| {
                Error::decode(format!("the service sent an invalid @odata.nextLink: {e}"))
            })?;
            // The link gets our bearer token, so it must point where the first request went.
            if !self.same_origin(&url) {
                return Err(Error::new(
                    ErrorKind::Decode,
                    format!(
                        "refusing to follow an @odata.nextLink to another host ({})",
                        url.host_str().unwrap_or("?")
                    ),
                ));
            }
            Some(Next::Link(url))
        } else {
            // No link: the page was full (the service omits the link when $top is given), so
            // there may be more; step $skip from where this request started.
            let page_limit = u64::from(top.unwrap_or(MAX_TOP));
            match skip {
                Some(skip) if received > 0 && received >= page_limit => {
                    Some(Next::Skip(skip.saturating_add(received as u32)))
                }
                _ => None,
            }
        };
        Ok(Some(Page { items, next_link }))
    }

    /// Every remaining item, in order.
    pub async fn collect_all(&mut self) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        while let Some(page) = self.next_page().await? {
            out.extend(page.items);
        }
        Ok(out)
    }
}
