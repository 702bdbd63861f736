//! Large hunting queries run over time windows.
//!
//! When the service refuses a query for its result size or its CPU limit, or returns exactly
//! its row cap (it truncates silently at 100,000 rows), `run_split` runs the query again over
//! the two halves of the window (Graph `Timespan`), recursively, and joins the parts in time
//! order. A window that still fails when it cannot be halved any more (below `min_window`) is
//! reported with its error; the caller gets the parts that succeeded and the exact list of
//! failed windows, never a silently partial result.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::hunting::{Hunting, HuntingEndpoint, HuntingResult};
use crate::error::{Error, ErrorKind, Result};

/// A half-open time window `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// UTC ISO-8601 with 7 fractional digits (Kusto's 100 ns ticks).
pub fn iso(t: DateTime<Utc>) -> String {
    use chrono::Timelike;
    format!(
        "{}.{:07}Z",
        t.format("%Y-%m-%dT%H:%M:%S"),
        t.nanosecond() % 1_000_000_000 / 100
    )
}

impl Window {
    /// The Graph `Timespan` value of this window (`start/end`).
    pub fn timespan(&self) -> String {
        format!("{}/{}", iso(self.start), iso(self.end))
    }

    fn halves(&self) -> Option<(Window, Window)> {
        let mid = self.start + (self.end - self.start) / 2;
        (mid > self.start && mid < self.end).then_some((
            Window {
                start: self.start,
                end: mid,
            },
            Window {
                start: mid,
                end: self.end,
            },
        ))
    }
}

/// `30s`, `15m`, `1h`, `7d` (or a combination such as `1h30m`).
pub fn parse_step(s: &str) -> Result<Duration> {
    let bad = || {
        Error::invalid_argument(format!(
            "split step {s:?} is not a duration such as '30m', '1h' or '1d'"
        ))
    };
    let mut total = 0u64;
    let mut num = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().map_err(|_| bad())?;
        num.clear();
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        total = n
            .checked_mul(unit)
            .and_then(|x| x.checked_add(total))
            .ok_or_else(bad)?;
    }
    if !num.is_empty() || total == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(total))
}

fn parse_iso_duration(s: &str) -> Option<TimeDelta> {
    let rest = s.strip_prefix(['P', 'p'])?;
    let (date, time) = match rest.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut secs = 0f64;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
            } else {
                let scale = units.iter().find(|(u, _)| u.eq_ignore_ascii_case(&c))?.1;
                secs += num.parse::<f64>().ok()? * scale;
                num.clear();
                any = true;
            }
        }
        num.is_empty().then_some(())
    };
    take(date, &[('W', 604_800.0), ('D', 86_400.0)])?;
    if let Some(t) = time {
        take(t, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    (any && secs.is_finite() && secs < 1e12).then(|| TimeDelta::milliseconds((secs * 1e3) as i64))
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
        })
}

/// The window of a Graph `Timespan` (`start/end`, `P7D/end`, `start/P7D`, `P7D`, or a start);
/// the service's default (the last 30 days) when None.
pub fn window_of(timespan: Option<&str>, now: DateTime<Utc>) -> Result<Window> {
    let bad = |ts: &str| {
        Error::invalid_argument(format!(
            "timespan {ts:?} is not an ISO-8601 interval such as 'P7D' or 'start/end'"
        ))
    };
    let Some(ts) = timespan else {
        return Ok(Window {
            start: now - TimeDelta::days(30),
            end: now,
        });
    };
    let (start, end) = match ts.split_once('/') {
        Some((a, b)) => match (parse_iso_duration(a), parse_iso_duration(b)) {
            (None, None) => (parse_instant(a), parse_instant(b)),
            (Some(d), None) => (parse_instant(b).map(|e| e - d), parse_instant(b)),
            (None, Some(d)) => (parse_instant(a), parse_instant(a).map(|s| s + d)),
            _ => (None, None),
        },
        None => match parse_iso_duration(ts) {
            Some(d) => (Some(now - d), Some(now)),
            None => (parse_instant(ts), Some(now)),
        },
    };
    match (start, end) {
        (Some(start), Some(end)) if start < end => Ok(Window { start, end }),
        _ => Err(bad(ts)),
    }
}

/// How to split.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    /// Cut the window into steps of this length before running (`split="1h"`); None runs the
    /// whole window first and halves only on refusal.
    pub step: Option<Duration>,
    /// A part with this many rows is treated as truncated by the service's row cap.
    pub row_limit: usize,
    /// Windows shorter than this are not halved again.
    pub min_window: Duration,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            step: None,
            row_limit: 100_000,
            min_window: Duration::from_secs(1),
        }
    }
}

/// A window that still failed when it could not be halved any more.
#[derive(Debug, Clone)]
pub struct FailedWindow {
    pub window: Window,
    pub error: Error,
}

/// What a split run produced: the parts that succeeded, joined in time order, and the
/// windows that failed.
#[derive(Debug, Clone)]
pub struct SplitOutcome {
    pub result: Option<HuntingResult>,
    pub failed: Vec<FailedWindow>,
    /// Queries sent.
    pub runs: usize,
}

/// Progress of a split run: windows done, windows still queued, rows so far.
pub type ProgressFn = dyn Fn(usize, usize, usize) + Send + Sync;

/// Whether an error is the service refusing the size or cost of the query (worth halving).
pub fn is_size_refusal(e: &Error) -> bool {
    let m = e.message.to_ascii_lowercase();
    e.kind == ErrorKind::HttpResponse
        && e.status == Some(400)
        && (m.contains("exceeded the allowed result size")
            || m.contains("exceeded the allowed limits")
            || m.contains("exceeded the timeout"))
}

impl Hunting {
    /// Runs `query` over `timespan` (Graph only), halving windows the service refuses.
    /// Errors that no smaller window can fix (bad KQL, permissions, throttling after retries)
    /// end the run at once.
    pub async fn run_split(
        &self,
        query: &str,
        timespan: Option<&str>,
        options: &SplitOptions,
        progress: Option<&ProgressFn>,
    ) -> Result<SplitOutcome> {
        if options.row_limit == 0 {
            return Err(Error::invalid_argument("max_rows must be at least 1"));
        }
        let whole = window_of(timespan, Utc::now())?;
        let mut pending: Vec<Window> = Vec::new();
        match options.step {
            Some(step) => {
                let step = TimeDelta::from_std(step)
                    .map_err(|_| Error::invalid_argument("split step is too long"))?;
                let mut start = whole.start;
                while start < whole.end {
                    let end = (start + step).min(whole.end);
                    pending.push(Window { start, end });
                    start = end;
                }
                pending.reverse();
            }
            None => pending.push(whole),
        }
        let min = TimeDelta::from_std(options.min_window).unwrap_or(TimeDelta::seconds(1));
        let (mut parts, mut failed, mut runs, mut done, mut rows) =
            (Vec::new(), Vec::new(), 0usize, 0usize, 0usize);
        // A stack with the earliest window on top: parts finish in time order.
        while let Some(w) = pending.pop() {
            runs += 1;
            let outcome = self
                .run(query, Some(&w.timespan()), HuntingEndpoint::Graph)
                .await;
            let refusal = match outcome {
                Ok(r) if r.row_count < options.row_limit => {
                    rows += r.row_count;
                    parts.push(r);
                    None
                }
                Ok(r) => Some(Error::new(
                    ErrorKind::HttpResponse,
                    format!(
                        "the window returned {} rows, the service's row limit, so it was \
                         probably truncated",
                        r.row_count
                    ),
                )),
                Err(e) if is_size_refusal(&e) => Some(e),
                Err(e) => return Err(e),
            };
            if let Some(error) = refusal {
                match w.halves().filter(|_| w.end - w.start >= min * 2) {
                    Some((a, b)) => {
                        pending.push(b);
                        pending.push(a);
                        if let Some(p) = progress {
                            p(done, pending.len(), rows);
                        }
                        continue;
                    }
                    None => failed.push(FailedWindow { window: w, error }),
                }
            }
            done += 1;
            if let Some(p) = progress {
                p(done, pending.len(), rows);
            }
        }
        if let Some(first) = parts.first() {
            if let Some(other) = parts.iter().find(|p| p.schema != first.schema) {
                return Err(Error::decode(format!(
                    "the windows of a split query returned different columns ({} vs {}); \
                     split works for queries whose columns do not depend on the data",
                    first.schema.len(),
                    other.schema.len()
                )));
            }
        }
        Ok(SplitOutcome {
            result: HuntingResult::concat(parts),
            failed,
            runs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_windows() {
        assert_eq!(parse_step("1h").unwrap(), Duration::from_secs(3600));
        assert_eq!(parse_step("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_step("7d").unwrap(), Duration::from_secs(7 * 86_400));
        for bad in ["", "h", "1", "0h", "1x", "-1h"] {
            assert!(parse_step(bad).is_err(), "{bad:?}");
        }
        let now = parse_instant("2024-06-01T00:00:00Z").unwrap();
        let w = window_of(None, now).unwrap();
        assert_eq!(iso(w.start), "2024-05-02T00:00:00.0000000Z");
        let w = window_of(Some("P1D"), now).unwrap();
        assert_eq!(
            w.timespan(),
            "2024-05-31T00:00:00.0000000Z/2024-06-01T00:00:00.0000000Z"
        );
        let w = window_of(Some("2024-05-01T00:00:00Z/PT1H"), now).unwrap();
        assert_eq!(iso(w.end), "2024-05-01T01:00:00.0000000Z");
        assert!(window_of(Some("2024-05-02/2024-05-01"), now).is_err());
        assert!(window_of(Some("soon"), now).is_err());
        let (a, b) = w.halves().unwrap();
        assert_eq!((a.end, b.start), (b.start, a.end));
        assert_eq!(iso(a.end), "2024-05-01T00:30:00.0000000Z");
    }
}
