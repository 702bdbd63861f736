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

/// An accelerated clock: its time runs `factor` times faster than real time, so a job bound by
/// per-minute and per-hour quotas runs in seconds against a service whose windows are shortened by
/// the same factor (the sandbox's `quota_time_scale`).
///
/// `now()` is the creation instant plus `factor` times the real time elapsed since; `system_now()`
/// likewise from the wall-clock time at creation; `sleep(d)` sleeps `d / factor` of real time, so
/// a wait of one (scaled) minute at a factor of 600 takes 0.1 s. Every duration the pipeline
/// measures on it (timeouts of the retry budget, `Retry-After`, quota windows) is in scaled time,
/// except the transport's own per-attempt timeout, which stays real.
///
/// Latency is not scaled: a request that spends 1 ms of real time between the limiter and the
/// service spends `factor` ms of scaled time there, so keep `factor` times the spread of such
/// delays (requests queued behind a connection or a token) below the limiter's margin (6 s a
/// minute), e.g. at most 10 requests in flight at 600x.
#[derive(Debug, Clone, Copy)]
pub struct ScaledClock {
    factor: f64,
    start: Instant,
    start_wall: SystemTime,
}

impl ScaledClock {
    /// The largest factor accepted: a million (an hour in 3.6 ms of real time).
    pub const MAX_FACTOR: f64 = 1_000_000.0;

    /// A clock running `factor` times faster than real time (1.0: real time), starting now.
    ///
    /// # Errors
    ///
    /// A factor that is not a finite number from 0.001 to [`Self::MAX_FACTOR`], with a message
    /// that says so.
    pub fn new(factor: f64) -> Result<Self, String> {
        if !factor.is_finite() || !(0.001..=Self::MAX_FACTOR).contains(&factor) {
            return Err(format!(
                "a time scale factor must be a number from 0.001 to {}, got {factor}",
                Self::MAX_FACTOR
            ));
        }
        Ok(Self {
            factor,
            start: Instant::now(),
            start_wall: SystemTime::now(),
        })
    }

    /// How many times faster than real time this clock runs.
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// Scaled time elapsed since the clock was made.
    pub fn elapsed(&self) -> Duration {
        self.scale_up(self.start.elapsed())
    }

    /// `real` in this clock's time (saturating rather than overflowing).
    fn scale_up(&self, real: Duration) -> Duration {
        Duration::try_from_secs_f64(real.as_secs_f64() * self.factor).unwrap_or(Duration::MAX)
    }

    /// `scaled` in real time, rounded up to the nanosecond so a sleep never ends early.
    fn scale_down(&self, scaled: Duration) -> Duration {
        let nanos = (scaled.as_nanos() as f64 / self.factor).ceil();
        if nanos >= u64::MAX as f64 {
            return Duration::MAX;
        }
        Duration::from_nanos(nanos as u64)
    }
}

#[async_trait::async_trait]
impl Clock for ScaledClock {
    fn now(&self) -> Instant {
        let elapsed = self.elapsed();
        self.start.checked_add(elapsed).unwrap_or(self.start)
    }

    fn system_now(&self) -> SystemTime {
        let elapsed = self.elapsed();
        self.start_wall
            .checked_add(elapsed)
            .unwrap_or(self.start_wall)
    }

    async fn sleep(&self, d: Duration) {
        // tokio turns a deadline past what its clock can hold into "far in the future".
        tokio::time::sleep(self.scale_down(d)).await;
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

    #[test]
    fn scaled_clock_refuses_bad_factors() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e7, 0.0001] {
            assert!(ScaledClock::new(bad).is_err(), "{bad}");
        }
        assert_eq!(ScaledClock::new(600.0).map(|c| c.factor()), Ok(600.0));
    }

    #[test]
    fn scaled_time_runs_factor_times_faster() {
        let clock = ScaledClock::new(100.0).expect("a valid factor");
        // The real time is measured around both readings, so preemption cannot break the bound.
        let real = Instant::now();
        let (now, wall) = (clock.now(), clock.system_now());
        std::thread::sleep(Duration::from_millis(20));
        let scaled = clock.now() - now;
        let scaled_wall = clock.system_now().duration_since(wall).unwrap_or_default();
        let real = real.elapsed();
        // At least 100x the 20 ms slept; at most 100x the real time measured around it.
        assert!(scaled >= Duration::from_secs(2), "{scaled:?}");
        assert!(scaled <= real.mul_f64(100.0) + Duration::from_micros(1));
        assert!(scaled_wall >= Duration::from_secs(2), "{scaled_wall:?}");
        assert!(scaled_wall <= real.mul_f64(100.0) + Duration::from_micros(1));
    }

    #[tokio::test]
    async fn scaled_sleep_takes_a_factor_less_real_time_and_never_ends_early() {
        let clock: SharedClock = Arc::new(ScaledClock::new(600.0).expect("a valid factor"));
        let (start, real) = (clock.now(), Instant::now());
        // A scaled minute: 100 ms of real time.
        clock.sleep(Duration::from_secs(60)).await;
        let (scaled, real) = (clock.now() - start, real.elapsed());
        assert!(scaled >= Duration::from_secs(60), "{scaled:?}");
        assert!(real >= Duration::from_millis(100), "{real:?}");
        assert!(real < Duration::from_secs(2), "{real:?}");
    }

    #[test]
    fn scaled_conversions_saturate() {
        let clock = ScaledClock::new(ScaledClock::MAX_FACTOR).expect("a valid factor");
        assert_eq!(clock.scale_up(Duration::MAX), Duration::MAX);
        let slow = ScaledClock::new(0.001).expect("a valid factor");
        assert_eq!(slow.scale_down(Duration::MAX), Duration::MAX);
        assert_eq!(
            slow.scale_down(Duration::from_millis(1)),
            Duration::from_secs(1)
        );
        assert_eq!(clock.scale_down(Duration::ZERO), Duration::ZERO);
        // now() and system_now() never panic, however far the scaled time has run.
        let _ = (clock.now(), clock.system_now());
    }
}
