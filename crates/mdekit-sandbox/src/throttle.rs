//! Sliding per-minute and per-hour windows per (app, endpoint family), reference §5.3-5.4.

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
    minute: Duration,
    hour: Duration,
    calls: HashMap<(String, Family), VecDeque<Instant>>,
}

impl Limiter {
    pub fn new(quota_scale: f64, window_scale: f64) -> Limiter {
        let scale = |secs: f64| Duration::from_secs_f64((secs * window_scale).max(0.001));
        Limiter {
            quota_scale,
            minute: scale(60.0),
            hour: scale(3600.0),
            calls: HashMap::new(),
        }
    }

    /// Counts the call unless a window is full; refused calls are not counted. `Err` holds Retry-After seconds:
    /// the whole seconds until the oldest call in the full window leaves it, at least 1.
    pub fn check(&mut self, app: &str, family: Family, now: Instant) -> Result<(), u64> {
        let (per_min, per_hour) = quotas(family);
        let scaled = |q: usize| ((q as f64 * self.quota_scale).round() as usize).max(1);
        let (per_min, per_hour) = (scaled(per_min), scaled(per_hour));
        let calls = self.calls.entry((app.to_string(), family)).or_default();
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
            Some(free_at) => {
                let wait = free_at.saturating_duration_since(now).as_secs_f64().ceil() as u64;
                Err(wait.max(1))
            }
            None => {
                calls.push_back(now);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_then_hour_windows() {
        let mut l = Limiter::new(0.1, 1.0);
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
}
