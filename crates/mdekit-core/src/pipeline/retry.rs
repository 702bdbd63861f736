//! When and how long to wait before retrying a failed request.
//!
//! The service answers throttled calls with 429 and a `Retry-After` header in seconds, and asks for
//! 5xx answers to be retried (reference §5.1, §5.3). This module holds the I/O-free decisions; the
//! pipeline does the waiting through its clock.

use std::time::{Duration, SystemTime};

use rand::Rng;

/// How often and how long the pipeline retries a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The backoff base before the first retry; it doubles for every further retry.
    pub initial_backoff: Duration,
    /// Cap for one computed backoff (a `Retry-After` from the service is not capped by this).
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the request gives up instead.
    pub max_retry_after: Duration,
    /// No retry starts once this much time has elapsed since the first attempt, wait included.
    pub total_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            initial_backoff: Duration::from_millis(800),
            max_backoff: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(300),
            total_timeout: Duration::from_secs(600),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Exponential backoff with full jitter for retry number `attempt` (1 = first retry): uniform in
    /// [base/2, base] where base = min(max_backoff, initial_backoff * 2^(attempt-1)). Never panics on
    /// overflow; `attempt` 0 is treated as 1.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let base = self.backoff_base(attempt);
        let low = base / 2;
        // Jitter keeps many clients that failed together from retrying together.
        let spread = rand::rng().random_range(0..=(base - low).as_nanos());
        low.saturating_add(duration_from_nanos(spread))
    }

    /// Decide the wait before retry `attempt`: Retry-After (if given) wins over computed backoff;
    /// returns None when the retry budget (count, total elapsed time incl. the wait, or
    /// max_retry_after) would be exceeded.
    ///
    /// `attempt` counts retries from 1, so `attempt` 0 is never a retry and gives `None`. `elapsed` is
    /// the time since the first attempt started.
    pub fn next_delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt == 0 || attempt > self.max_retries {
            return None;
        }
        let delay = match retry_after {
            // Retrying before the service's Retry-After only earns more 429s (reference §5.3).
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => self.backoff(attempt),
        };
        if elapsed.saturating_add(delay) > self.total_timeout {
            return None;
        }
        Some(delay)
    }

    fn backoff_base(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1);
        let grown = 1u32
            .checked_shl(doublings)
            .and_then(|factor| self.initial_backoff.checked_mul(factor));
        match grown {
            Some(base) => base.min(self.max_backoff),
            None => self.max_backoff,
        }
    }
}

/// Parses a Retry-After header value: delta-seconds (integer, also tolerate a decimal like "1.5") or
/// an HTTP-date (IMF-fixdate, via httpdate), relative to `now`. A date in the past gives
/// Duration::ZERO. Garbage gives None.
///
/// A number too large for a [`Duration`] gives [`Duration::MAX`], so the caller gives up rather than
/// retrying sooner than asked.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if looks_like_seconds(value) {
        return Some(parse_seconds(value));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// 408, 429, 500, 502, 503, 504 (and other 5xx) are retryable statuses.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

/// Digits with at most one decimal point; signs, exponents, `inf` and `NaN` are not delta-seconds.
fn looks_like_seconds(value: &str) -> bool {
    let mut digits = 0usize;
    let mut points = 0usize;
    for c in value.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1
}

fn parse_seconds(value: &str) -> Duration {
    if let Ok(secs) = value.parse::<u64>() {
        return Duration::from_secs(secs);
    }
    value
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .unwrap_or(Duration::MAX)
}

fn duration_from_nanos(nanos: u128) -> Duration {
    const NANOS_PER_SEC: u128 = 1_000_000_000;
    let secs = u64::try_from(nanos / NANOS_PER_SEC).unwrap_or(u64::MAX);
    // The remainder is below one billion, so the cast is exact.
    Duration::new(secs, (nanos % NANOS_PER_SEC) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn at(unix_secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + secs(unix_secs)
    }

    // Sun, 06 Nov 1994 08:49:37 GMT, the RFC 9110 example date.
    const RFC_DATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
    const RFC_DATE_UNIX: u64 = 784_111_777;

    #[test]
    fn retry_after_integer_seconds() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("120", now), Some(secs(120)));
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("  7 ", now), Some(secs(7)));
    }

    #[test]
    fn retry_after_decimal_seconds() {
        let now = SystemTime::now();
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("0.25", now),
            Some(Duration::from_millis(250))
        );
    }

    #[test]
    fn retry_after_too_large_saturates() {
        let now = SystemTime::now();
        assert_eq!(
            parse_retry_after("99999999999999999999999999", now),
            Some(Duration::MAX)
        );
        assert_eq!(
            parse_retry_after("1e400", now),
            None,
            "exponents are not delta-seconds"
        );
    }

    #[test]
    fn retry_after_http_date_in_future() {
        let now = at(RFC_DATE_UNIX - 90);
        assert_eq!(parse_retry_after(RFC_DATE, now), Some(secs(90)));
    }

    #[test]
    fn retry_after_http_date_in_future_with_subsecond_now() {
        let now = at(RFC_DATE_UNIX - 2) + Duration::from_millis(400);
        assert_eq!(
            parse_retry_after(RFC_DATE, now),
            Some(Duration::from_millis(1600))
        );
    }

    #[test]
    fn retry_after_http_date_in_past_is_zero() {
        let now = at(RFC_DATE_UNIX + 3600);
        assert_eq!(parse_retry_after(RFC_DATE, now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_http_date_built_with_httpdate() {
        let now = at(1_700_000_000);
        let header = httpdate::fmt_http_date(now + secs(42));
        assert_eq!(parse_retry_after(&header, now), Some(secs(42)));
    }

    #[test]
    fn retry_after_garbage_is_none() {
        let now = SystemTime::now();
        for garbage in [
            "",
            "   ",
            "soon",
            "-5",
            "+5",
            "1.2.3",
            ".",
            "NaN",
            "inf",
            "12s",
            "5 5",
            "Sun, 06 Nov 1994",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(garbage, now), None, "{garbage:?}");
        }
    }

    #[test]
    fn retryable_statuses() {
        for status in [408, 429, 500, 501, 502, 503, 504, 599] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [200, 201, 204, 301, 400, 401, 403, 404, 409, 600] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }

    #[test]
    fn default_policy_matches_documented_values() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_retries, 4);
        assert_eq!(policy.initial_backoff, Duration::from_millis(800));
        assert_eq!(policy.max_backoff, secs(60));
        assert_eq!(policy.max_retry_after, secs(300));
        assert_eq!(policy.total_timeout, secs(600));
        assert_eq!(RetryPolicy::disabled().max_retries, 0);
    }

    #[test]
    fn backoff_stays_within_jitter_bounds_and_cap() {
        let policy = RetryPolicy::default();
        for attempt in 1..=20u32 {
            let expected_base = Duration::from_millis(800)
                .saturating_mul(2u32.saturating_pow(attempt - 1))
                .min(secs(60));
            assert_eq!(policy.backoff_base(attempt), expected_base);
            for _ in 0..50 {
                let wait = policy.backoff(attempt);
                assert!(wait >= expected_base / 2, "attempt {attempt}: {wait:?}");
                assert!(wait <= expected_base, "attempt {attempt}: {wait:?}");
            }
        }
        assert_eq!(policy.backoff_base(1), Duration::from_millis(800));
        assert_eq!(policy.backoff_base(4), Duration::from_millis(6400));
        assert_eq!(policy.backoff_base(8), secs(60));
    }

    #[test]
    fn backoff_never_overflows() {
        let policy = RetryPolicy::default();
        for attempt in [0, 32, 33, 64, 200, u32::MAX] {
            let wait = policy.backoff(attempt);
            assert!(wait <= secs(60), "attempt {attempt}: {wait:?}");
        }
        assert_eq!(policy.backoff_base(0), Duration::from_millis(800));
        assert_eq!(policy.backoff_base(200), secs(60));

        let huge = RetryPolicy {
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert_eq!(huge.backoff_base(2), Duration::MAX);
        assert!(huge.backoff(200) >= Duration::MAX / 2);
    }

    #[test]
    fn backoff_jitter_varies() {
        let policy = RetryPolicy::default();
        let samples: std::collections::HashSet<Duration> =
            (0..32).map(|_| policy.backoff(5)).collect();
        assert!(samples.len() > 1);
    }

    #[test]
    fn next_delay_honours_retry_count() {
        let policy = RetryPolicy::default();
        for attempt in 1..=4 {
            assert!(policy.next_delay(attempt, None, Duration::ZERO).is_some());
        }
        assert_eq!(policy.next_delay(5, None, Duration::ZERO), None);
        assert_eq!(policy.next_delay(0, None, Duration::ZERO), None);
        assert_eq!(
            RetryPolicy::disabled().next_delay(1, Some(secs(1)), Duration::ZERO),
            None
        );
    }

    #[test]
    fn next_delay_prefers_retry_after() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.next_delay(1, Some(secs(120)), Duration::ZERO),
            Some(secs(120)),
            "Retry-After is not capped by max_backoff"
        );
        assert_eq!(
            policy.next_delay(3, Some(Duration::ZERO), Duration::ZERO),
            Some(Duration::ZERO)
        );
        let computed = policy.next_delay(2, None, Duration::ZERO);
        assert!(computed
            .is_some_and(|d| d >= Duration::from_millis(800) && d <= Duration::from_millis(1600)));
    }

    #[test]
    fn next_delay_honours_max_retry_after() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.next_delay(1, Some(secs(300)), Duration::ZERO),
            Some(secs(300))
        );
        assert_eq!(policy.next_delay(1, Some(secs(301)), Duration::ZERO), None);
        assert_eq!(
            policy.next_delay(1, Some(Duration::MAX), Duration::ZERO),
            None
        );
    }

    #[test]
    fn next_delay_honours_total_timeout_including_the_wait() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.next_delay(1, Some(secs(100)), secs(500)),
            Some(secs(100))
        );
        assert_eq!(policy.next_delay(1, Some(secs(101)), secs(500)), None);
        assert_eq!(policy.next_delay(1, Some(Duration::ZERO), secs(601)), None);
        assert_eq!(policy.next_delay(1, None, secs(600)), None);
        assert_eq!(policy.next_delay(1, None, Duration::MAX), None);
    }
}
