//! Advanced-hunting limits: rows, result size, per-query CPU and the tenant's CPU quota
//! (`run-advanced-query-api.md`, `api-advanced-hunting.md`, `advanced-hunting-errors.md`).
//!
//! The sandbox does not measure real CPU: a query costs `cpu_ms_per_row` for every row it reads
//! from a table, which is deterministic and lets tests reach each limit with small data.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The documented limits, each adjustable so tests can reach them.
#[derive(Debug, Clone)]
pub struct HuntingLimits {
    /// Rows a result holds at most; the service truncates longer results ("a maximum of
    /// 100,000 rows").
    pub max_rows: usize,
    /// Bytes of result rows above which the query is refused with a 400 (124 MB in the 2025
    /// pages, 50 MB in the 2026 page; the sandbox follows the newer).
    pub max_result_bytes: usize,
    /// Simulated CPU milliseconds per row read from a table.
    pub cpu_ms_per_row: f64,
    /// CPU one query may use before it is preempted (400).
    pub max_query_cpu_ms: f64,
    /// CPU a tenant may use per hour ("10 minutes of running time every hour") before queries
    /// get 429 until the window frees up. The hour follows `rate_window_scale` and
    /// `quota_time_scale`.
    pub cpu_quota_ms_per_hour: f64,
}

impl Default for HuntingLimits {
    fn default() -> Self {
        HuntingLimits {
            max_rows: 100_000,
            max_result_bytes: 50 * 1000 * 1000,
            cpu_ms_per_row: 0.001,
            max_query_cpu_ms: 200_000.0,
            cpu_quota_ms_per_hour: 600_000.0,
        }
    }
}

pub const RESULT_SIZE_MESSAGE: &str = "Query execution has exceeded the allowed result size. \
     Optimize your query by limiting the number of results and try again.";

pub const QUERY_CPU_MESSAGE: &str = "Query execution has exceeded the allowed limits. The query \
     used more CPU than a single query may; narrow its time range or its tables and try again.";

/// CPU used by the tenant's queries in the last hour.
pub struct CpuMeter {
    hour: Duration,
    time_scale: f64,
    used: VecDeque<(Instant, f64)>,
}

impl CpuMeter {
    /// The hour lasts `3600 * window_scale / time_scale` real seconds; see `throttle::Limiter::new`.
    pub fn new(window_scale: f64, time_scale: f64) -> CpuMeter {
        CpuMeter {
            hour: Duration::from_secs_f64((3600.0 * window_scale / time_scale).max(1e-6)),
            time_scale,
            used: VecDeque::new(),
        }
    }

    fn expire(&mut self, now: Instant) {
        while self
            .used
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) >= self.hour)
        {
            self.used.pop_front();
        }
    }

    /// `Err(retry_after_secs)` when the quota is already used up (seconds of the scaled time).
    pub fn check(&mut self, quota_ms: f64, now: Instant) -> Result<(), u64> {
        self.expire(now);
        let total: f64 = self.used.iter().map(|(_, ms)| ms).sum();
        if total < quota_ms {
            return Ok(());
        }
        let wait = self
            .used
            .front()
            .map(|(t, _)| self.hour.saturating_sub(now.duration_since(*t)))
            .unwrap_or_default();
        Err(crate::throttle::retry_after_secs(wait, self.time_scale))
    }

    pub fn charge(&mut self, ms: f64, now: Instant) {
        self.used.push_back((now, ms));
    }
}

/// An ISO-8601 duration of days, weeks, hours, minutes and seconds (`P30D`, `PT1H30M`, `P1W`).
fn parse_duration(s: &str) -> Option<chrono::Duration> {
    let rest = s.strip_prefix('P').or_else(|| s.strip_prefix('p'))?;
    let (date, time) = match rest.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut nanos: f64 = 0.0;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
            } else {
                let scale = units.iter().find(|(u, _)| u.eq_ignore_ascii_case(&c))?.1;
                nanos += num.parse::<f64>().ok()? * scale;
                num.clear();
                any = true;
            }
        }
        num.is_empty().then_some(())
    };
    take(date, &[('W', 604_800e9), ('D', 86_400e9)])?;
    if let Some(t) = time {
        take(t, &[('H', 3_600e9), ('M', 60e9), ('S', 1e9)])?;
    }
    (any && nanos.is_finite() && nanos.abs() < 9.2e18)
        .then(|| chrono::Duration::nanoseconds(nanos as i64))
}

type Window = (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>);

/// Graph's `Timespan`: `start/end`, `P30D/end`, `start/P30D`, `P30D` (ending now), or a start
/// date-time (until now). Start inclusive, end exclusive.
pub fn parse_timespan(s: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Window> {
    let s = s.trim();
    let point = |x: &str| crate::time::parse(x);
    let w = match s.split_once('/') {
        Some((a, b)) => match (parse_duration(a), parse_duration(b)) {
            (None, None) => (point(a)?, point(b)?),
            (Some(d), None) => {
                let end = point(b)?;
                (end.checked_sub_signed(d)?, end)
            }
            (None, Some(d)) => {
                let start = point(a)?;
                (start, start.checked_add_signed(d)?)
            }
            (Some(_), Some(_)) => return None,
        },
        None => match parse_duration(s) {
            Some(d) => (
                now.checked_sub_signed(d)?,
                now + chrono::Duration::microseconds(1),
            ),
            None => (point(s)?, now + chrono::Duration::microseconds(1)),
        },
    };
    (w.0 <= w.1).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timespans() {
        let now = crate::time::parse("2024-06-01T00:00:00Z").unwrap();
        let t = |s: &str| {
            parse_timespan(s, now).map(|(a, b)| (crate::time::fmt7(a), crate::time::fmt7(b)))
        };
        assert_eq!(
            t("2024-05-01T00:00:00Z/2024-05-02T00:00:00Z").unwrap(),
            (
                "2024-05-01T00:00:00.0000000Z".into(),
                "2024-05-02T00:00:00.0000000Z".into()
            )
        );
        assert_eq!(
            t("P1D/2024-05-02T00:00:00Z").unwrap().0,
            "2024-05-01T00:00:00.0000000Z"
        );
        assert_eq!(
            t("2024-05-01T00:00:00Z/PT1H30M").unwrap().1,
            "2024-05-01T01:30:00.0000000Z"
        );
        assert_eq!(t("P30D").unwrap().0, "2024-05-02T00:00:00.0000000Z");
        assert_eq!(t("2024-05-31").unwrap().0, "2024-05-31T00:00:00.0000000Z");
        assert!(t("P1Y").is_none());
        assert!(t("nonsense").is_none());
        assert!(t("2024-05-02T00:00:00Z/2024-05-01T00:00:00Z").is_none());
    }

    #[test]
    fn cpu_quota_window() {
        let mut m = CpuMeter::new(1.0, 1.0);
        let t0 = Instant::now();
        assert!(m.check(10.0, t0).is_ok());
        m.charge(12.0, t0);
        assert_eq!(m.check(10.0, t0 + Duration::from_secs(600)), Err(3000));
        assert!(m.check(10.0, t0 + Duration::from_secs(3600)).is_ok());
    }
}
