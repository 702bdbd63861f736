//! The connection a request came on: fault injection ends it (`ConnCtl`) or cuts a body short (`truncate`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use bytes::Bytes;
use hyper::body::Frame;
use tokio::sync::Notify;

/// Lets a request handler end its own connection (fault injection).
#[derive(Clone)]
pub struct ConnCtl(pub(crate) Arc<Notify>);

impl ConnCtl {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// Sends the headers with the full `Content-Length` and half the body, then ends the connection.
pub async fn truncate(resp: Response, ctl: Option<ConnCtl>) -> Response {
    let (mut parts, body) = resp.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    let part = full.slice(..full.len() / 2);
    Response::from_parts(
        parts,
        Body::new(CutBody {
            part: Some(part),
            pause: Box::pin(tokio::time::sleep(Duration::from_millis(30))),
            ctl,
        }),
    )
}

struct CutBody {
    part: Option<Bytes>,
    pause: Pin<Box<tokio::time::Sleep>>,
    ctl: Option<ConnCtl>,
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(p) = self.part.take() {
            if !p.is_empty() {
                return Poll::Ready(Some(Ok(Frame::data(p))));
            }
        }
        // The pause lets hyper flush the partial body before the connection goes.
        if self.pause.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        if let Some(ctl) = self.ctl.take() {
            ctl.kill();
        }
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected truncation",
        ))))
    }
}
