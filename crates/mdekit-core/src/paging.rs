//! Lazy paging over MDE collections.
//!
//! The service pages with `@odata.nextLink` when called without `$top`, and returns no link at all
//! when `$top` is given (reference §4.3, confirmed by field reports). So the pager follows the link
//! verbatim when there is one, and otherwise steps `$skip` itself while pages come back full.

use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};

use bytes::Bytes;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use url::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::odata::{ListQuery, MAX_TOP};
use crate::pipeline::{Pipeline, Request};
use mdekit_spec::Operation;

#[derive(Debug, Clone)]
enum Next {
    Link(Url),
    Skip(u32),
    /// The service sent a link already followed: every further call fails naming it, since
    /// following it would hand out the same items again, forever.
    Repeated(String),
}

fn repeated_link(link: &str) -> Error {
    Error::decode(format!(
        "the service sent an @odata.nextLink that was already followed ({link}); paging stopped \
         instead of reading the same items again"
    ))
}

/// What makes two links the same page: origin, path and the decoded query pairs, so `…/alerts?`
/// and `…/alerts`, or `%24skip` and `$skip`, are one link.
fn link_key(url: &Url) -> String {
    let mut key = format!(
        "{}://{}:{}{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0),
        url.path()
    );
    for (k, v) in url.query_pairs() {
        key.push('\u{0}');
        key.push_str(&k);
        key.push('=');
        key.push_str(&v);
    }
    key
}

fn body_hash(body: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    h.finish()
}

/// One page of a collection.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Value>,
    /// The `@odata.nextLink` the service sent, if any.
    pub next_link: Option<String>,
}

/// One page of a collection kept as the response body, for callers that convert the items
/// themselves (the Python bindings build dicts straight from these bytes). The body has been
/// checked to be a JSON object with a `value` list; only the first `len` items of that list belong
/// to the page (fewer than the service sent when the caller's `top` cut it short).
#[derive(Debug, Clone)]
pub struct RawPage {
    pub body: Bytes,
    /// How many items of `value`, from the start, the page holds.
    pub len: usize,
    /// The `@odata.nextLink` the service sent, if any.
    pub next_link: Option<String>,
}

impl RawPage {
    /// The page's items as `serde_json::Value`s.
    pub fn items(&self) -> Result<Vec<Value>> {
        #[derive(serde::Deserialize)]
        struct Items {
            value: Vec<Value>,
        }
        let mut items = serde_json::from_slice::<Items>(&self.body)
            .map_err(|e| Error::decode(format!("a collection response could not be read: {e}")))?
            .value;
        items.truncate(self.len);
        Ok(items)
    }
}

/// What the pager needs of a page body: the length of `value` and the `@odata.nextLink`, read in
/// one pass that validates the JSON without building it.
struct Shape {
    count: usize,
    next_link: Option<String>,
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Shape, A::Error> {
        let mut count = None;
        let mut next_link = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "value" if count.is_some() => return Err(de::Error::duplicate_field("value")),
                "value" => count = Some(map.next_value::<Counted>()?.0),
                // Anything but a string (null included) means no link, as before.
                "@odata.nextLink" => {
                    next_link = match map.next_value::<Value>()? {
                        Value::String(s) => Some(s),
                        _ => None,
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let count = count.ok_or_else(|| de::Error::missing_field("value"))?;
        Ok(Shape { count, next_link })
    }
}

/// The length of a JSON array, its elements skipped.
struct Counted(usize);

impl<'de> serde::Deserialize<'de> for Counted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = Counted;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Counted, A::Error> {
                let mut n = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(Counted(n))
            }
        }
        d.deserialize_seq(CountVisitor)
    }
}

fn read_shape(body: &[u8]) -> Result<Shape> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let shape = de
        .deserialize_map(ShapeVisitor)
        .and_then(|s| de.end().map(|()| s))
        .map_err(|e| {
            if e.is_data() {
                Error::decode(format!("a collection response had no 'value' list: {e}"))
            } else {
                Error::decode(format!("the service sent a body that is not JSON: {e}"))
            }
        })?;
    Ok(shape)
}

/// A transformation of a page body that keeps its shape (the exports' column names).
pub type PageRewrite = fn(&[u8]) -> Result<Bytes>;

/// A cursor over a collection; each [`Pager::next_page`] call sends at most one request.
#[derive(Debug, Clone)]
pub struct Pager {
    pipeline: Pipeline,
    op: &'static Operation,
    base: Url,
    query: ListQuery,
    next: Option<Next>,
    /// Items still wanted when the caller gave `top`.
    remaining: Option<u64>,
    fetched: u64,
    /// Every URL requested so far, to notice a service that links back to a page already read.
    followed: HashSet<String>,
    /// Hash of the last page read by stepping `$skip`: a service that ignores `$skip` sends the
    /// same page again, and stepping would then never end.
    last_skip_page: Option<u64>,
    /// Collections that page only by `@odata.nextLink` (the export APIs' `$skiptoken`): the
    /// first URL is sent as built and a page without a link is the last one.
    links_only: bool,
    /// Rewrites each page body before it is handed out (the exports' column names).
    rewrite: Option<PageRewrite>,
}

impl Pager {
    pub fn new(pipeline: Pipeline, op: &'static Operation, base: Url, query: ListQuery) -> Self {
        let skip = query.skip.unwrap_or(0);
        let remaining = query.top.map(u64::from);
        Pager {
            pipeline,
            op,
            base,
            query,
            next: Some(Next::Skip(skip)),
            remaining,
            fetched: 0,
            followed: HashSet::new(),
            last_skip_page: None,
            links_only: false,
            rewrite: None,
        }
    }

    /// A pager that sends `first` as it is and then follows `@odata.nextLink` verbatim, never
    /// stepping `$skip` (the export APIs page with `pageSize` and an opaque `$skiptoken`).
    /// `rewrite`, when given, transforms each page body (it must keep the page's shape).
    pub fn links_only(
        pipeline: Pipeline,
        op: &'static Operation,
        first: Url,
        rewrite: Option<PageRewrite>,
    ) -> Self {
        let mut p = Pager::new(pipeline, op, first.clone(), ListQuery::default());
        p.next = Some(Next::Link(first));
        p.links_only = true;
        p.rewrite = rewrite;
        p
    }

    /// The catalogue entry this pager lists.
    pub fn operation(&self) -> &'static Operation {
        self.op
    }

    /// Items handed out so far.
    pub fn fetched(&self) -> u64 {
        self.fetched
    }

    /// `$top` of the next request: the page size asked for, capped by what is still wanted.
    fn request_top(&self) -> Option<u32> {
        let wanted = self
            .remaining
            .map(|r| r.min(u64::from(self.max_top())) as u32);
        match (self.query.page_size, wanted) {
            (Some(p), Some(w)) => Some(p.min(w)),
            (Some(p), None) => Some(p),
            (None, w) => w,
        }
    }

    /// The largest `$top` the operation's page documents (10,000 unless it says otherwise).
    fn max_top(&self) -> u32 {
        self.op.max_top.unwrap_or(MAX_TOP).min(MAX_TOP)
    }

    fn same_origin(&self, link: &Url) -> bool {
        link.scheme() == self.base.scheme()
            && link.host_str() == self.base.host_str()
            && link.port_or_known_default() == self.base.port_or_known_default()
    }

    /// Fetches the next page; `Ok(None)` once the collection is exhausted.
    pub async fn next_page(&mut self) -> Result<Option<Page>> {
        let Some(raw) = self.next_raw_page().await? else {
            return Ok(None);
        };
        let items = raw.items()?;
        Ok(Some(Page {
            items,
            next_link: raw.next_link,
        }))
    }

    /// Fetches the next page as its body bytes (items not parsed); `Ok(None)` once the
    /// collection is exhausted.
    ///
    /// The cursor moves only once a page has been read whole: after an error (a failed request,
    /// a body that is not a page) the next call asks for the same page again. A service that
    /// links back to a page already read, or ignores `$skip`, fails with a `Decode` error naming
    /// the link, every call from then on.
    pub async fn next_raw_page(&mut self) -> Result<Option<RawPage>> {
        if self.remaining == Some(0) {
            self.next = None;
        }
        let top = self.request_top();
        let (url, skip) = match &self.next {
            None => return Ok(None),
            Some(Next::Repeated(link)) => return Err(repeated_link(link)),
            Some(Next::Link(url)) => (url.clone(), None),
            Some(Next::Skip(skip)) => {
                let mut url = self.base.clone();
                self.query.apply(&mut url, top, *skip);
                if url.query() == Some("") {
                    url.set_query(None);
                }
                (url, Some(*skip))
            }
        };
        let resp = self
            .pipeline
            .send(Request::new(self.op, url.clone()))
            .await?;
        let Shape { count, next_link } = read_shape(&resp.body).map_err(|mut e| {
            e.request_id = resp.request_id.clone();
            e
        })?;
        // Before the cursor moves: a page that cannot be rewritten is asked for again.
        let body = match self.rewrite {
            Some(f) => f(&resp.body)?,
            None => resp.body.clone(),
        };
        let received = count as u64;
        let skip_page = match skip {
            Some(_) if received > 0 => Some(body_hash(&resp.body)),
            _ => None,
        };
        if skip_page.is_some() && skip_page == self.last_skip_page {
            return Err(Error::decode(format!(
                "the service ignored $skip: {url} returned the page it had already sent; paging \
                 stopped instead of reading the same items again"
            )));
        }

        let following = if let Some(link) = &next_link {
            let link_url = Url::parse(link).map_err(|e| {
                Error::decode(format!("the service sent an invalid @odata.nextLink: {e}"))
            })?;
            // The link gets our bearer token, so it must point where the first request went.
            if !self.same_origin(&link_url) {
                return Err(Error::new(
                    ErrorKind::Decode,
                    format!(
                        "refusing to follow an @odata.nextLink to another host ({})",
                        link_url.host_str().unwrap_or("?")
                    ),
                ));
            }
            let key = link_key(&link_url);
            if key == link_key(&url) || self.followed.contains(&key) {
                Some(Next::Repeated(link.clone()))
            } else {
                Some(Next::Link(link_url))
            }
        } else {
            // No link: the page was full (the service omits the link when $top is given), so
            // there may be more; step $skip from where this request started.
            let page_limit = u64::from(top.unwrap_or(self.max_top()));
            match skip {
                Some(skip) if !self.links_only && received > 0 && received >= page_limit => {
                    Some(Next::Skip(skip.saturating_add(received as u32)))
                }
                _ => None,
            }
        };

        // The page is read whole: only now does the cursor move past it.
        let mut len = count;
        if let Some(r) = self.remaining {
            if received > r {
                len = r as usize;
            }
            self.remaining = Some(r.saturating_sub(len as u64));
        }
        self.fetched += len as u64;
        if skip_page.is_some() {
            self.last_skip_page = skip_page;
        }
        self.followed.insert(link_key(&url));
        self.next = following;
        Ok(Some(RawPage {
            body,
            len,
            next_link,
        }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_counts_items_and_reads_the_link() {
        let body = br#"{"@odata.context":"x","value":[{"a":[1,{"b":"]"}]},2,"s\"]"],"@odata.nextLink":"https://h/api/alerts?$skip=3"}"#;
        let s = read_shape(body).unwrap();
        assert_eq!(s.count, 3);
        assert_eq!(s.next_link.as_deref(), Some("https://h/api/alerts?$skip=3"));
        let s = read_shape(br#"{"value":[],"@odata.nextLink":null}"#).unwrap();
        assert_eq!((s.count, s.next_link), (0, None));
    }

    #[test]
    fn shape_rejects_bodies_that_are_not_pages() {
        for body in [
            &br#"[1,2]"#[..],
            br#"{"items":[]}"#,
            br#"{"value":{}}"#,
            br#"{"value":[],"value":[]}"#,
            br#"{"value":[1,]}"#,
            br#"{"value":[]} x"#,
        ] {
            assert!(
                read_shape(body).is_err(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn links_that_differ_only_in_spelling_are_one_link() {
        let key = |s: &str| link_key(&Url::parse(s).unwrap());
        assert_eq!(key("http://h/api/alerts?"), key("http://h/api/alerts"));
        assert_eq!(
            key("http://h:80/api/a?%24skip=5"),
            key("http://h/api/a?$skip=5")
        );
        assert_ne!(key("http://h/api/a?$skip=5"), key("http://h/api/a?$skip=6"));
    }

    #[test]
    fn raw_page_items_keep_the_first_len() {
        let page = RawPage {
            body: Bytes::from_static(br#"{"value":[{"id":1},{"id":2},{"id":3}]}"#),
            len: 2,
            next_link: None,
        };
        let items = page.items().unwrap();
        assert_eq!(
            items,
            vec![serde_json::json!({"id":1}), serde_json::json!({"id":2})]
        );
    }
}
