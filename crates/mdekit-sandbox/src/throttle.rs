//! Sliding per-minute and per-hour windows per (tenant, app, endpoint family), reference §5.3-5.4.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// The quota families and their documented limits come from the endpoint catalogue.
pub use mdekit_spec::Family;

/// A limit the catalogue leaves undocumented is not enforced.
const UNLIMITED: usize = usize::MAX / 4;

/// Documented (per minute, per hour) quotas.
fn quotas(family: Family) -> (usize, usize) {
    let l = family.limits();
    let or_unlimited = |n: Option<u32>| n.map_or(UNLIMITED, |n| n as usize);
    (or_unlimited(l.per_minute), or_unlimited(l.per_hour))
}

pub struct Limiter {
    quota_scale: f64,
    /// How many times faster than real time the quota windows run (`quota_time_scale`).
    time_scale: f64,
    minute: Duration,
    hour: Duration,
    calls: HashMap<(String, Family), VecDeque<Instant>>,
}

impl Limiter {
    /// `quota_scale` multiplies every quota; `window_scale` every window length, in real time
    /// (Retry-After then counts real seconds); `time_scale` divides the windows too, but
    /// Retry-After then counts seconds of the scaled time (the time of a client on a clock that
    /// runs `time_scale` times faster), so both sides agree on one accelerated time.
    pub fn new(quota_scale: f64, window_scale: f64, time_scale: f64) -> Limiter {
        let scale =
            |secs: f64| Duration::from_secs_f64((secs * window_scale / time_scale).max(1e-6));
        Limiter {
            quota_scale,
            time_scale,
            minute: scale(60.0),
            hour: scale(3600.0),
            calls: HashMap::new(),
        }
    }

    /// Counts the call unless a window is full; refused calls are not counted. `Err` holds Retry-After seconds:
    /// the whole seconds until the oldest call in the full window leaves it, at least 1 (seconds of the
    /// scaled time when `time_scale` is not 1). `counter` names who shares the windows (tenant, app, API).
    pub fn check(&mut self, counter: &str, family: Family, now: Instant) -> Result<(), u64> {
        let (per_min, per_hour) = quotas(family);
        let scaled = |q: usize| ((q as f64 * self.quota_scale).round() as usize).max(1);
        let (per_min, per_hour) = (scaled(per_min), scaled(per_hour));
        let calls = self.calls.entry((counter.to_string(), family)).or_default();
        while calls
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.hour)
        {
            calls.pop_front();
        }
        let in_minute = calls
            .iter()
            .rev()
            .take_while(|t| now.duration_since(**t) < self.minute)
            .count();
        let full = if in_minute >= per_min {
            calls.get(calls.len() - in_minute).map(|t| *t + self.minute)
        } else if calls.len() >= per_hour {
            calls.front().map(|t| *t + self.hour)
        } else {
            None
        };
        match full {
            Some(free_at) => Err(retry_after_secs(
                free_at.saturating_duration_since(now),
                self.time_scale,
            )),
            None => {
                calls.push_back(now);
                Ok(())
            }
        }
    }
}

/// Retry-After for a real wait of `wait` on windows running `time_scale` times faster: whole seconds of the
/// scaled time, rounded up, at least 1.
pub fn retry_after_secs(wait: Duration, time_scale: f64) -> u64 {
    let secs = (wait.as_secs_f64() * time_scale).ceil();
    if secs >= u64::MAX as f64 {
        return u64::MAX;
    }
    (secs as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_then_hour_windows() {
        let mut l = Limiter::new(0.1, 1.0, 1.0);
        let t0 = Instant::now();
        for _ in 0..10 {
            assert!(l.check("app", Family::Alerts, t0).is_ok());
        }
        assert_eq!(l.check("app", Family::Alerts, t0), Err(60));
        assert!(l.check("other", Family::Alerts, t0).is_ok());
        assert!(l.check("app", Family::Machines, t0).is_ok());
        assert_eq!(
            l.check("app", Family::Alerts, t0 + Duration::from_secs(30)),
            Err(30)
        );
        let mut t = t0;
        for _ in 0..14 {
            t += Duration::from_secs(61);
            for _ in 0..10 {
                let _ = l.check("app", Family::Alerts, t);
            }
        }
        let r = l.check("app", Family::Alerts, t + Duration::from_secs(61));
        assert!(matches!(r, Err(s) if s > 60), "{r:?}");
    }

    #[test]
    fn scaled_time_shortens_the_windows_and_states_retry_after_in_scaled_seconds() {
        // 600x: a minute lasts 100 ms, an hour 6 s.
        let mut l = Limiter::new(1.0, 1.0, 600.0);
        let t0 = Instant::now();
        for _ in 0..100 {
            assert!(l.check("t|app|Mde", Family::Machines, t0).is_ok());
        }
        // The 101st call of the minute: the oldest leaves in 100 ms of real time, 60 s of scaled.
        assert_eq!(l.check("t|app|Mde", Family::Machines, t0), Err(60));
        assert_eq!(
            l.check(
                "t|app|Mde",
                Family::Machines,
                t0 + Duration::from_millis(50)
            ),
            Err(30)
        );
        assert!(l
            .check(
                "t|app|Mde",
                Family::Machines,
                t0 + Duration::from_millis(100)
            )
            .is_ok());
        // Another tenant of the same app has its own windows.
        assert!(l.check("u|app|Mde", Family::Machines, t0).is_ok());
        // 1,500 an hour: 15 minutes of 100 calls, then the hour is full until 6 s after t0.
        let mut t = t0;
        let mut allowed = 101;
        for _ in 0..20 {
            t += Duration::from_millis(101);
            for _ in 0..100 {
                if l.check("t|app|Mde", Family::Machines, t).is_ok() {
                    allowed += 1;
                }
            }
        }
        assert_eq!(allowed, 1500);
        let r = l.check("t|app|Mde", Family::Machines, t);
        assert!(matches!(r, Err(s) if s > 60 && s <= 3600), "{r:?}");
        assert!(l
            .check("t|app|Mde", Family::Machines, t0 + Duration::from_secs(6))
            .is_ok());
    }

    #[test]
    fn retry_after_rounds_up_in_scaled_seconds() {
        assert_eq!(retry_after_secs(Duration::from_millis(100), 600.0), 60);
        assert_eq!(retry_after_secs(Duration::from_micros(1), 600.0), 1);
        assert_eq!(retry_after_secs(Duration::ZERO, 1.0), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500), 1.0), 2);
        assert_eq!(retry_after_secs(Duration::MAX, 1e6), u64::MAX);
    }
}
