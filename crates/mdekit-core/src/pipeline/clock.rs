//! Time sources for the request pipeline.
//!
//! Every wait in the pipeline (retry backoff, `Retry-After`, client-side rate limits) goes through a
//! [`Clock`], so tests can run a minute-long backoff in microseconds with [`ManualClock`].

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

/// Time source for every wait in the pipeline, so tests never sleep through a backoff.
#[async_trait::async_trait]
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Monotonic time, used to measure elapsed time and rate-limit windows.
    fn now(&self) -> Instant;
    /// Wall-clock time, used to turn an HTTP-date `Retry-After` into a duration.
    fn system_now(&self) -> SystemTime;
    /// Waits for `d`.
    async fn sleep(&self, d: Duration);
}

/// A clock shared by every part of one client.
pub type SharedClock = Arc<dyn Clock>;

/// The process's one [`SystemClock`] handle: clients on it share rate-limit budgets (see
/// [`super::rate_limit::RateLimiter::shared`]), which are keyed by the clock's identity.
pub fn system_clock() -> SharedClock {
    static CLOCK: std::sync::OnceLock<SharedClock> = std::sync::OnceLock::new();
    CLOCK.get_or_init(|| Arc::new(SystemClock)).clone()
}

/// The real clock: tokio's timer for sleeping.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

#[async_trait::async_trait]
impl Clock for SystemClock {
    fn now(&self) -> Instant {
        // tokio's Instant follows a paused test runtime, so `now` stays consistent with `sleep`.
        tokio::time::Instant::now().into_std()
    }

    fn system_now(&self) -> SystemTime {
        SystemTime::now()
    }

    async fn sleep(&self, d: Duration) {
        tokio::time::sleep(d).await;
    }
}

/// A test clock: `sleep` returns immediately after advancing the clock's time by `d`, and records each sleep.
///
/// Monotonic and wall-clock time advance together. Time starts at the moment the clock is created.
#[derive(Debug)]
pub struct ManualClock {
    state: Mutex<ManualState>,
}

#[derive(Debug)]
struct ManualState {
    now: Instant,
    system_now: SystemTime,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock that starts at the current real time and moves only when told to.
    pub fn new() -> Self {
        Self {
            state: Mutex::new(ManualState {
                now: Instant::now(),
                system_now: SystemTime::now(),
                sleeps: Vec::new(),
            }),
        }
    }

    /// Moves time forward by `d` without recording a sleep.
    ///
    /// A step the platform's time types cannot represent leaves that time where it is.
    pub fn advance(&self, d: Duration) {
        let mut state = self.lock();
        state.advance(d);
    }

    /// Every duration passed to [`Clock::sleep`], in call order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// The sum of every duration passed to [`Clock::sleep`].
    pub fn total_slept(&self) -> Duration {
        self.lock()
            .sleeps
            .iter()
            .fold(Duration::ZERO, |sum, d| sum.saturating_add(*d))
    }

    fn lock(&self) -> MutexGuard<'_, ManualState> {
        // The state is plain data updated in single statements; a panic elsewhere cannot leave it torn.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl ManualState {
    fn advance(&mut self, d: Duration) {
        if let Some(now) = self.now.checked_add(d) {
            self.now = now;
        }
        if let Some(system_now) = self.system_now.checked_add(d) {
            self.system_now = system_now;
        }
    }
}

#[async_trait::async_trait]
impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.lock().now
    }

    fn system_now(&self) -> SystemTime {
        self.lock().system_now
    }

    async fn sleep(&self, d: Duration) {
        {
            let mut state = self.lock();
            state.sleeps.push(d);
            state.advance(d);
        }
        // A real sleep is a suspension point; yielding keeps task interleavings in tests realistic.
        tokio::task::yield_now().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn manual_sleep_advances_both_clocks_and_records() {
        let clock = ManualClock::new();
        let start = clock.now();
        let start_wall = clock.system_now();

        clock.sleep(Duration::from_secs(5)).await;
        clock.sleep(Duration::from_millis(250)).await;

        assert_eq!(clock.now() - start, Duration::from_millis(5250));
        assert_eq!(
            clock.system_now().duration_since(start_wall).ok(),
            Some(Duration::from_millis(5250))
        );
        assert_eq!(
            clock.sleeps(),
            vec![Duration::from_secs(5), Duration::from_millis(250)]
        );
        assert_eq!(clock.total_slept(), Duration::from_millis(5250));
    }

    #[test]
    fn manual_advance_is_not_a_sleep() {
        let clock = ManualClock::default();
        let start = clock.now();
        clock.advance(Duration::from_secs(60));
        assert_eq!(clock.now() - start, Duration::from_secs(60));
        assert!(clock.sleeps().is_empty());
        assert_eq!(clock.total_slept(), Duration::ZERO);
    }

    #[test]
    fn manual_time_stands_still() {
        let clock = ManualClock::new();
        let a = clock.now();
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(clock.now(), a);
    }

    #[test]
    fn manual_advance_beyond_representable_time_does_not_panic() {
        let clock = ManualClock::new();
        let start = clock.now();
        clock.advance(Duration::MAX);
        assert!(clock.now() >= start);
    }

    #[tokio::test]
    async fn system_clock_sleeps_for_real() {
        let clock: SharedClock = Arc::new(SystemClock);
        let start = clock.now();
        clock.sleep(Duration::from_millis(10)).await;
        assert!(clock.now() - start >= Duration::from_millis(10));
    }
}
