//! Client-side rate limiting per endpoint family.
//!
//! The service throttles per app and tenant with per-minute and per-hour allowances for each API
//! (reference §5.3, §5.4) and answers 429 once they are spent. Staying under them on the client side
//! is cheaper than collecting 429s and waiting out `Retry-After`, and it keeps every thread and task
//! of one client within the same budget.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use super::clock::SharedClock;

/// The share of each documented quota the client uses: the service counts calls its own way
/// (window edges, calls of other tools with the same app), so a run at exactly the quota would
/// still draw 429s.
const MARGIN_PERCENT: u32 = 90;

/// The longest a service's `Retry-After` may pause a family: the longest documented window.
/// A larger value (a misconfigured proxy, 10^12 seconds) would otherwise make the client unusable.
pub const MAX_PAUSE: Duration = HOUR;

/// `quota` with the margin taken off (never below one call).
fn with_margin(quota: Quota) -> Quota {
    let calls = u64::from(quota.max_calls) * u64::from(MARGIN_PERCENT) / 100;
    Quota {
        max_calls: u32::try_from(calls).unwrap_or(u32::MAX).max(1),
        window: quota.window,
    }
}

/// Who shares one budget: the service's quotas are per app and tenant, so every client of the
/// process signing in as the same app to the same tenant draws on one limiter. The clock is part
/// of the key (by identity): clients on different test clocks keep separate windows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct BudgetKey {
    authority: String,
    tenant_id: String,
    client_id: String,
    clock: usize,
}

enum Registered {
    /// On the process's system clock, which lives forever: the budget outlives its clients, so a
    /// script that makes a new client per task still shares one.
    Kept(Arc<Inner>),
    /// On another clock: held only while some client uses it, since the key names the clock by
    /// its address, which a new clock may reuse once this one is gone.
    Held(Weak<Inner>),
}

fn registry() -> MutexGuard<'static, HashMap<BudgetKey, Registered>> {
    static REGISTRY: OnceLock<Mutex<HashMap<BudgetKey, Registered>>> = OnceLock::new();
    REGISTRY
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(60 * 60);

const fn per(max_calls: u32, window: Duration) -> Quota {
    Quota { max_calls, window }
}

/// The quota families and their documented limits live in the endpoint catalogue.
pub use mdekit_spec::Family;

/// The documented quotas of `family` (from the catalogue); a call must fit in every one.
pub fn documented_quotas(family: Family) -> Vec<Quota> {
    let limits = family.limits();
    [(limits.per_minute, MINUTE), (limits.per_hour, HOUR)]
        .into_iter()
        .filter_map(|(calls, window)| calls.map(|c| per(c, window)))
        .collect()
}

/// At most `max_calls` calls in any sliding `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Calls allowed in one window.
    pub max_calls: u32,
    /// Length of the sliding window.
    pub window: Duration,
}

/// Client-side limiter enforcing the documented quotas per endpoint family.
///
/// Clones are cheap and share the same windows, so one limiter covers every thread and task using
/// one client.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<Inner>,
}

struct Inner {
    clock: SharedClock,
    /// Indexed by [`Family::index`]; `None` when limiting is disabled.
    families: Option<Vec<FamilyState>>,
}

struct FamilyState {
    /// Lets one waiter at a time per family wait for a slot, in arrival order (tokio's Mutex is
    /// FIFO), so the head of the line waits exactly until a slot frees and the others do not
    /// stampede when it does. Held across the sleep, unlike `windows`.
    queue: tokio::sync::Mutex<()>,
    /// False when no quota applies, so such calls skip the locks entirely.
    limited: bool,
    /// Never held across an await, so the synchronous `try_acquire` can take it too.
    windows: Mutex<Vec<Window>>,
    /// Set when the service answered 429 with `Retry-After` (a quota we cannot see, such as the
    /// hunting CPU quota): no call of the family starts before then.
    paused_until: Mutex<Option<Instant>>,
}

struct Window {
    quota: Quota,
    /// Start times of the most recent calls still inside the window, oldest first; never more than
    /// `quota.max_calls`.
    calls: VecDeque<Instant>,
}

impl RateLimiter {
    /// A limiter with the documented quotas of every family, less the margin (90% of each).
    pub fn new(clock: SharedClock) -> Self {
        let families = Family::ALL
            .iter()
            .map(|family| {
                let quotas: Vec<Quota> = documented_quotas(*family)
                    .into_iter()
                    .map(with_margin)
                    .collect();
                FamilyState::new(&quotas)
            })
            .collect();
        Self {
            inner: Arc::new(Inner {
                clock,
                families: Some(families),
            }),
        }
    }

    /// The process-wide limiter of the app `client_id` in `tenant_id` signing in at `authority`
    /// ([`Self::new`]'s quotas), made on first use: every client of that app and tenant in the
    /// process shares its budget. `system_clock` says `clock` is the process's one system clock
    /// ([`super::clock::system_clock`]), whose budgets are kept for the life of the process.
    pub fn shared(
        authority: &str,
        tenant_id: &str,
        client_id: &str,
        clock: SharedClock,
        system_clock: bool,
    ) -> Self {
        let key = BudgetKey {
            authority: authority.trim_end_matches('/').to_ascii_lowercase(),
            tenant_id: tenant_id.to_ascii_lowercase(),
            client_id: client_id.to_ascii_lowercase(),
            clock: Arc::as_ptr(&clock).cast::<()>() as usize,
        };
        let mut registry = registry();
        registry.retain(|_, r| match r {
            Registered::Kept(_) => true,
            Registered::Held(w) => w.strong_count() > 0,
        });
        let existing = registry.get(&key).and_then(|r| match r {
            Registered::Kept(inner) => Some(inner.clone()),
            Registered::Held(w) => w.upgrade(),
        });
        if let Some(inner) = existing {
            return Self { inner };
        }
        let limiter = Self::new(clock);
        let entry = if system_clock {
            Registered::Kept(limiter.inner.clone())
        } else {
            Registered::Held(Arc::downgrade(&limiter.inner))
        };
        registry.insert(key, entry);
        limiter
    }

    /// A limiter whose quotas for the families in `overrides` replace the documented ones; families
    /// not in the map keep the documented quotas. An empty list lifts every limit for that family.
    /// A quota of zero calls or a zero-length window is ignored rather than blocking forever.
    pub fn with_quotas(clock: SharedClock, overrides: HashMap<Family, Vec<Quota>>) -> Self {
        let families = Family::ALL
            .iter()
            .map(|family| {
                let documented = documented_quotas(*family);
                let quotas = overrides.get(family).unwrap_or(&documented);
                FamilyState::new(quotas)
            })
            .collect();
        Self {
            inner: Arc::new(Inner {
                clock,
                families: Some(families),
            }),
        }
    }

    /// A limiter that never waits.
    pub fn disabled(clock: SharedClock) -> Self {
        Self {
            inner: Arc::new(Inner {
                clock,
                families: None,
            }),
        }
    }

    /// Waits (through the clock) until a call of `family` fits in every window, then records it.
    ///
    /// Windows slide: a call fits when fewer than `max_calls` calls started within the last
    /// `window`. Cancel-safe: a call is recorded only when this returns.
    pub async fn acquire(&self, family: Family) {
        // An unbounded budget never gives up.
        let _ = self.acquire_at(family, None).await;
    }

    /// Like [`Self::acquire`], but gives up rather than wait past `budget` from now: `Err(wait)`
    /// says how long the call would have had to wait (nothing recorded). A caller turns that into
    /// a throttling error instead of sitting out a pause longer than its own timeout.
    pub async fn acquire_within(&self, family: Family, budget: Duration) -> Result<(), Duration> {
        self.acquire_at(family, Some(budget)).await.map(|_| ())
    }

    /// Like acquire but never waits: Ok(()) and recorded, or Err(wait) with how long until it would fit.
    pub fn try_acquire(&self, family: Family) -> Result<(), Duration> {
        match self.state(family) {
            Some(state) => state.try_record(self.inner.clock.now()),
            None => Ok(()),
        }
    }

    /// Holds back every call of `family` for `wait`, because the service throttled it (429 with
    /// `Retry-After`): its quotas are per app and tenant, so every task of this client is affected,
    /// not only the call that was refused. A shorter pause never shortens a longer one; none
    /// lasts longer than [`MAX_PAUSE`].
    pub fn pause(&self, family: Family, wait: Duration) {
        if let Some(state) = self.state(family) {
            let until = self.inner.clock.now().checked_add(wait.min(MAX_PAUSE));
            let mut paused = state.lock_paused();
            if let Some(until) = until {
                if paused.is_none_or(|p| p < until) {
                    *paused = Some(until);
                }
            }
        }
    }

    /// False only for a limiter made by [`Self::disabled`].
    pub fn enabled(&self) -> bool {
        self.inner.families.is_some()
    }

    /// [`Self::acquire`], returning the instant recorded for the call, or `Err(wait)` when the
    /// wait would end past `budget` from now.
    async fn acquire_at(
        &self,
        family: Family,
        budget: Option<Duration>,
    ) -> Result<Instant, Duration> {
        let clock = &self.inner.clock;
        let Some(state) = self.state(family) else {
            return Ok(clock.now());
        };
        let start = clock.now();
        let deadline = budget.and_then(|b| start.checked_add(b));
        let too_long = |now: Instant, wait: Duration| {
            deadline.is_some_and(|d| now.checked_add(wait).is_none_or(|end| end > d))
        };
        // Fail before queueing when the family is already held back past the budget (a pause
        // from the service): waiting in line for it would be waiting for nothing.
        let ahead = state.current_wait(start);
        if too_long(start, ahead) {
            return Err(ahead);
        }
        let _turn = state.queue.lock().await;
        loop {
            let now = clock.now();
            match state.try_record(now) {
                Ok(()) => return Ok(now),
                Err(wait) if too_long(now, wait) => return Err(wait),
                Err(wait) => {
                    // A wait a person notices (a split hunting run stalls on the 45/min
                    // quota) is reported at INFO, so a silent pause never looks like a hang.
                    if wait >= Duration::from_secs(1) {
                        tracing::info!(
                            family = family.name(),
                            "waiting {} s for the {} quota",
                            wait.as_secs_f64().ceil(),
                            family.name()
                        );
                    } else {
                        tracing::debug!(
                            family = family.name(),
                            wait_ms = wait.as_millis(),
                            "client-side rate limit reached; waiting"
                        );
                    }
                    clock.sleep(wait).await;
                }
            }
        }
    }

    /// The state of a family that has something to enforce.
    fn state(&self, family: Family) -> Option<&FamilyState> {
        self.inner
            .families
            .as_ref()?
            .get(family.index())
            .filter(|state| state.limited)
    }
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The call timestamps (up to thousands per family) would drown any log line.
        f.debug_struct("RateLimiter")
            .field("enabled", &self.enabled())
            .field("clock", &self.inner.clock)
            .finish_non_exhaustive()
    }
}

impl FamilyState {
    fn new(quotas: &[Quota]) -> Self {
        let windows: Vec<Window> = quotas
            .iter()
            .filter(|quota| quota.max_calls > 0 && !quota.window.is_zero())
            .map(|&quota| Window {
                quota,
                calls: VecDeque::new(),
            })
            .collect();
        Self {
            queue: tokio::sync::Mutex::new(()),
            limited: !windows.is_empty(),
            windows: Mutex::new(windows),
            paused_until: Mutex::new(None),
        }
    }

    /// How long a call at `now` would wait, recording nothing.
    fn current_wait(&self, now: Instant) -> Duration {
        let paused = self
            .lock_paused()
            .map_or(Duration::ZERO, |until| until.saturating_duration_since(now));
        let windows = self
            .lock_windows()
            .iter_mut()
            .map(|window| window.wait(now))
            .max()
            .unwrap_or(Duration::ZERO);
        paused.max(windows)
    }

    /// Records a call at `now` if it fits in every window, else says how long until it would.
    fn try_record(&self, now: Instant) -> Result<(), Duration> {
        if let Some(until) = *self.lock_paused() {
            if until > now {
                return Err(until.saturating_duration_since(now));
            }
        }
        let mut windows = self.lock_windows();
        let wait = windows
            .iter_mut()
            .map(|window| window.wait(now))
            .max()
            .unwrap_or(Duration::ZERO);
        if !wait.is_zero() {
            return Err(wait);
        }
        for window in windows.iter_mut() {
            window.record(now);
        }
        Ok(())
    }

    fn lock_paused(&self) -> MutexGuard<'_, Option<Instant>> {
        self.paused_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_windows(&self) -> MutexGuard<'_, Vec<Window>> {
        // Every update finishes before the guard drops and nothing in it can panic midway, so a
        // poisoned lock still guards consistent windows.
        self.windows.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Window {
    /// Drops calls that have left the window, then says how long until one more call fits.
    fn wait(&mut self, now: Instant) -> Duration {
        let window = self.quota.window;
        while self
            .calls
            .front()
            .is_some_and(|&start| now.saturating_duration_since(start) >= window)
        {
            self.calls.pop_front();
        }
        if self.calls.len() < self.max_calls() {
            return Duration::ZERO;
        }
        match self.calls.front() {
            Some(&oldest) => oldest.checked_add(window).map_or(Duration::MAX, |leaves| {
                leaves.saturating_duration_since(now)
            }),
            None => Duration::ZERO,
        }
    }

    fn record(&mut self, now: Instant) {
        self.calls.push_back(now);
        while self.calls.len() > self.max_calls() {
            self.calls.pop_front();
        }
    }

    fn max_calls(&self) -> usize {
        usize::try_from(self.quota.max_calls).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::super::clock::{ManualClock, SystemClock};
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn manual() -> (Arc<ManualClock>, SharedClock) {
        let clock = Arc::new(ManualClock::new());
        let shared: SharedClock = clock.clone();
        (clock, shared)
    }

    fn limiter_with(clock: SharedClock, family: Family, quotas: Vec<Quota>) -> RateLimiter {
        RateLimiter::with_quotas(clock, HashMap::from([(family, quotas)]))
    }

    /// Fails when more than `quota.max_calls` of `times` fall inside any window of `quota.window`.
    fn assert_within_quota(times: &[Instant], quota: Quota) {
        let mut sorted = times.to_vec();
        sorted.sort();
        let n = quota.max_calls as usize;
        for pair in sorted.windows(n + 1) {
            let span = pair[n] - pair[0];
            assert!(
                span >= quota.window,
                "{} calls within {span:?}, quota {quota:?}",
                n + 1
            );
        }
    }

    #[test]
    fn documented_quotas_follow_the_catalogue() {
        let q = documented_quotas;
        assert_eq!(q(Family::Alerts), [per(100, MINUTE), per(1500, HOUR)]);
        assert_eq!(
            q(Family::AlertsBatchUpdate),
            [per(10, MINUTE), per(500, HOUR)]
        );
        assert_eq!(q(Family::AlertsCreate), [per(15, MINUTE)]);
        assert_eq!(q(Family::PackageUri), [per(2, MINUTE), per(120, HOUR)]);
        assert_eq!(q(Family::LiveResponse), [per(10, MINUTE)]);
        assert_eq!(q(Family::Hunting), [per(45, MINUTE), per(1500, HOUR)]);
        assert_eq!(q(Family::IndicatorsImport), [per(30, MINUTE)]);
        assert_eq!(
            q(Family::IndicatorsBatchDelete),
            [per(30, MINUTE), per(1500, HOUR)]
        );
        assert_eq!(q(Family::StartInvestigation), [per(50, HOUR)]);
        assert!(q(Family::Other).is_empty());
        assert!(q(Family::Tvm).is_empty());
        for family in [
            Family::Machines,
            Family::MachineActions,
            Family::MachineActionsWrite,
            Family::Indicators,
            Family::Investigations,
            Family::Pivots,
            Family::Library,
            Family::LiveResponseResult,
        ] {
            assert_eq!(q(family), [per(100, MINUTE), per(1500, HOUR)], "{family:?}");
        }
    }

    #[test]
    fn all_is_in_declaration_order_with_unique_names() {
        for (i, family) in Family::ALL.iter().enumerate() {
            assert_eq!(family.index(), i, "{family:?}");
        }
        let names: std::collections::HashSet<_> = Family::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Family::ALL.len());
        assert_eq!(Family::MachineActionsWrite.name(), "machine_actions_write");
    }

    #[tokio::test]
    async fn call_over_quota_waits_exactly_until_oldest_leaves() {
        let (clock, shared) = manual();
        let limiter = RateLimiter::new(shared);

        limiter.acquire(Family::Machines).await;
        clock.advance(secs(10));
        for _ in 0..89 {
            limiter.acquire(Family::Machines).await;
        }
        assert!(
            clock.sleeps().is_empty(),
            "the first 90 calls (90% of 100) fit"
        );

        limiter.acquire(Family::Machines).await;
        assert_eq!(clock.sleeps(), vec![secs(50)]);

        // The next oldest calls started at +10 s, now 60 s after the first call.
        limiter.acquire(Family::Machines).await;
        assert_eq!(clock.sleeps(), vec![secs(50), secs(10)]);
    }

    #[tokio::test]
    async fn hour_window_is_enforced_too() {
        let (clock, shared) = manual();
        let limiter = limiter_with(
            shared,
            Family::Hunting,
            vec![per(10, MINUTE), per(15, HOUR)],
        );
        for _ in 0..10 {
            limiter.acquire(Family::Hunting).await;
        }
        for _ in 0..5 {
            limiter.acquire(Family::Hunting).await;
        }
        assert_eq!(clock.sleeps(), vec![secs(60)]);

        // The minute window has room again, the hour window does not until the first call is an hour old.
        limiter.acquire(Family::Hunting).await;
        assert_eq!(clock.sleeps(), vec![secs(60), secs(3540)]);
    }

    #[tokio::test]
    async fn documented_hour_only_quota() {
        let (clock, shared) = manual();
        let limiter = RateLimiter::new(shared);
        for _ in 0..51 {
            limiter.acquire(Family::StartInvestigation).await;
        }
        assert_eq!(clock.sleeps(), vec![HOUR]);
    }

    #[tokio::test]
    async fn disabled_never_waits() {
        let (clock, shared) = manual();
        let limiter = RateLimiter::disabled(shared);
        assert!(!limiter.enabled());
        for &family in Family::ALL {
            for _ in 0..200 {
                limiter.acquire(family).await;
                assert_eq!(limiter.try_acquire(family), Ok(()));
            }
        }
        assert!(clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn family_without_quota_never_waits() {
        let (clock, shared) = manual();
        let limiter = limiter_with(shared, Family::Hunting, Vec::new());
        assert!(limiter.enabled());
        for _ in 0..5000 {
            limiter.acquire(Family::Other).await;
            limiter.acquire(Family::Hunting).await;
        }
        assert!(clock.sleeps().is_empty());
    }

    #[test]
    fn try_acquire_reports_the_wait_and_records_only_on_success() {
        let (clock, shared) = manual();
        let limiter = limiter_with(shared, Family::PackageUri, vec![per(2, MINUTE)]);
        assert_eq!(limiter.try_acquire(Family::PackageUri), Ok(()));
        clock.advance(secs(20));
        assert_eq!(limiter.try_acquire(Family::PackageUri), Ok(()));

        assert_eq!(limiter.try_acquire(Family::PackageUri), Err(secs(40)));
        clock.advance(secs(39));
        assert_eq!(limiter.try_acquire(Family::PackageUri), Err(secs(1)));
        clock.advance(secs(1) - Duration::from_nanos(1));
        assert_eq!(
            limiter.try_acquire(Family::PackageUri),
            Err(Duration::from_nanos(1))
        );
        clock.advance(Duration::from_nanos(1));
        assert_eq!(limiter.try_acquire(Family::PackageUri), Ok(()));
        assert_eq!(limiter.try_acquire(Family::PackageUri), Err(secs(20)));
        assert!(clock.sleeps().is_empty());
    }

    #[test]
    fn overrides_leave_other_families_documented() {
        let (_clock, shared) = manual();
        let limiter = limiter_with(shared, Family::Alerts, vec![per(1, HOUR)]);
        assert_eq!(limiter.try_acquire(Family::Alerts), Ok(()));
        assert_eq!(limiter.try_acquire(Family::Alerts), Err(HOUR));
        for _ in 0..2 {
            assert_eq!(limiter.try_acquire(Family::PackageUri), Ok(()));
        }
        assert_eq!(limiter.try_acquire(Family::PackageUri), Err(MINUTE));
    }

    #[test]
    fn zero_quotas_are_ignored() {
        let (_clock, shared) = manual();
        let limiter = limiter_with(
            shared,
            Family::Alerts,
            vec![per(0, MINUTE), per(5, Duration::ZERO), per(2, MINUTE)],
        );
        assert_eq!(limiter.try_acquire(Family::Alerts), Ok(()));
        assert_eq!(limiter.try_acquire(Family::Alerts), Ok(()));
        assert_eq!(limiter.try_acquire(Family::Alerts), Err(MINUTE));
    }

    #[tokio::test]
    async fn a_service_429_pauses_the_whole_family() {
        use crate::pipeline::clock::Clock;
        let (manual, clock) = manual();
        let limiter = RateLimiter::new(clock);
        let start = manual.now();
        limiter.pause(Family::Hunting, secs(30));
        limiter.pause(Family::Hunting, secs(5));
        assert_eq!(limiter.try_acquire(Family::Hunting), Err(secs(30)));
        assert_eq!(limiter.try_acquire(Family::Alerts), Ok(()));
        limiter.acquire(Family::Hunting).await;
        assert_eq!(manual.now().saturating_duration_since(start), secs(30));
        assert_eq!(limiter.try_acquire(Family::Hunting), Ok(()));
    }

    #[test]
    fn clones_share_windows() {
        let (_clock, shared) = manual();
        let limiter = limiter_with(shared, Family::LiveResponse, vec![per(1, MINUTE)]);
        let clone = limiter.clone();
        assert_eq!(limiter.try_acquire(Family::LiveResponse), Ok(()));
        assert_eq!(clone.try_acquire(Family::LiveResponse), Err(MINUTE));
    }

    #[test]
    fn debug_output_is_short() {
        let (_clock, shared) = manual();
        let limiter = RateLimiter::new(shared);
        for _ in 0..50 {
            let _ = limiter.try_acquire(Family::Alerts);
        }
        let text = format!("{limiter:?}");
        assert!(text.starts_with("RateLimiter { enabled: true"), "{text}");
        assert!(text.len() < 300, "{text}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_acquires_never_exceed_any_window() {
        let (clock, shared) = manual();
        let hunting = vec![per(7, secs(10)), per(25, MINUTE)];
        let live = vec![per(3, secs(5))];
        let limiter = RateLimiter::with_quotas(
            shared,
            HashMap::from([
                (Family::Hunting, hunting.clone()),
                (Family::LiveResponse, live.clone()),
            ]),
        );

        let mut tasks = Vec::new();
        for task in 0..40 {
            let limiter = limiter.clone();
            let family = if task % 4 == 0 {
                Family::LiveResponse
            } else {
                Family::Hunting
            };
            tasks.push(tokio::spawn(async move {
                let mut times = Vec::new();
                for _ in 0..10 {
                    times.push(limiter.acquire_at(family, None).await.expect("unbounded"));
                }
                (family, times)
            }));
        }

        let mut by_family: HashMap<Family, Vec<Instant>> = HashMap::new();
        for task in tasks {
            let (family, times) = task.await.expect("task panicked");
            by_family.entry(family).or_default().extend(times);
        }
        assert_eq!(by_family[&Family::Hunting].len(), 300);
        assert_eq!(by_family[&Family::LiveResponse].len(), 100);
        for quota in hunting {
            assert_within_quota(&by_family[&Family::Hunting], quota);
        }
        for quota in live {
            assert_within_quota(&by_family[&Family::LiveResponse], quota);
        }
        assert!(!clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn acquire_sleeps_on_the_real_clock() {
        let clock: SharedClock = Arc::new(SystemClock);
        let limiter = limiter_with(
            clock.clone(),
            Family::Hunting,
            vec![per(2, Duration::from_millis(40))],
        );
        let start = clock.now();
        for _ in 0..3 {
            limiter.acquire(Family::Hunting).await;
        }
        assert!(clock.now() - start >= Duration::from_millis(40));
    }

    #[tokio::test]
    async fn a_scaled_clock_waits_out_a_documented_minute_in_a_fraction_of_it() {
        use super::super::clock::ScaledClock;
        // 6000x: the documented minute of the live response quota (10 a minute, 9 with the
        // margin) lasts 10 ms of real time.
        let clock: SharedClock = Arc::new(ScaledClock::new(6000.0).expect("a valid factor"));
        let limiter = RateLimiter::new(clock.clone());
        let (start, real) = (clock.now(), Instant::now());
        let mut times = Vec::new();
        for _ in 0..19 {
            times.push(
                limiter
                    .acquire_at(Family::LiveResponse, None)
                    .await
                    .expect("unbounded"),
            );
        }
        assert!(
            clock.now() - start >= secs(120),
            "calls 10 and 19 wait a scaled minute each"
        );
        assert!(
            real.elapsed() < Duration::from_secs(5),
            "{:?}",
            real.elapsed()
        );
        assert_within_quota(&times, per(9, MINUTE));
    }

    #[tokio::test]
    async fn cancelled_acquire_records_nothing_and_frees_the_line() {
        let clock: SharedClock = Arc::new(SystemClock);
        let limiter = limiter_with(
            clock.clone(),
            Family::Hunting,
            vec![per(1, Duration::from_millis(60))],
        );
        limiter.acquire(Family::Hunting).await;
        let cancelled =
            tokio::time::timeout(Duration::from_millis(5), limiter.acquire(Family::Hunting)).await;
        assert!(cancelled.is_err());

        let start = clock.now();
        limiter.acquire(Family::Hunting).await;
        assert!(clock.now() - start < Duration::from_millis(200));
        assert!(limiter.try_acquire(Family::Hunting).is_err());
    }

    #[test]
    fn documented_quotas_keep_a_margin() {
        let (_clock, shared) = manual();
        let limiter = RateLimiter::new(shared);
        let fits = |family| {
            (0..10_000)
                .take_while(|_| limiter.try_acquire(family).is_ok())
                .count()
        };
        assert_eq!(fits(Family::Alerts), 90);
        assert_eq!(fits(Family::Hunting), 40);
        assert_eq!(fits(Family::PackageUri), 1);
        assert_eq!(fits(Family::LiveResponse), 9);
    }

    #[tokio::test]
    async fn an_absurd_pause_is_clamped_and_a_budget_is_never_overrun() {
        let (manual, clock) = manual();
        let limiter = RateLimiter::new(clock);
        limiter.pause(Family::Hunting, Duration::from_secs(1_000_000_000_000));
        assert_eq!(limiter.try_acquire(Family::Hunting), Err(MAX_PAUSE));
        // A call that may wait 300 s gives up at once, saying how long it would have waited.
        assert_eq!(
            limiter.acquire_within(Family::Hunting, secs(300)).await,
            Err(MAX_PAUSE)
        );
        assert!(manual.sleeps().is_empty());
        // Within the budget, it waits.
        limiter.pause(Family::Alerts, secs(30));
        assert_eq!(
            limiter.acquire_within(Family::Alerts, secs(300)).await,
            Ok(())
        );
        assert_eq!(manual.sleeps(), vec![secs(30)]);
        manual.advance(MAX_PAUSE);
        assert_eq!(
            limiter.acquire_within(Family::Hunting, secs(1)).await,
            Ok(())
        );
    }

    #[tokio::test]
    async fn a_window_wait_past_the_budget_gives_up_without_recording() {
        let (manual, clock) = manual();
        let limiter = limiter_with(clock, Family::Hunting, vec![per(1, MINUTE)]);
        assert_eq!(
            limiter.acquire_within(Family::Hunting, secs(5)).await,
            Ok(())
        );
        assert_eq!(
            limiter.acquire_within(Family::Hunting, secs(5)).await,
            Err(MINUTE)
        );
        assert!(manual.sleeps().is_empty());
        manual.advance(secs(56));
        assert_eq!(
            limiter.acquire_within(Family::Hunting, secs(5)).await,
            Ok(())
        );
        assert_eq!(manual.sleeps(), vec![secs(4)]);
    }

    #[test]
    fn one_budget_per_app_tenant_and_clock() {
        let (_m, clock) = manual();
        let a = RateLimiter::shared("https://login.example/", "T", "app", clock.clone(), false);
        let b = RateLimiter::shared("https://LOGIN.example", "t", "APP", clock.clone(), false);
        let other_app =
            RateLimiter::shared("https://login.example", "t", "app2", clock.clone(), false);
        let (_m2, other_clock) = manual();
        let other_clock =
            RateLimiter::shared("https://login.example", "t", "app", other_clock, false);
        for _ in 0..9 {
            a.try_acquire(Family::LiveResponse).unwrap();
        }
        assert!(
            b.try_acquire(Family::LiveResponse).is_err(),
            "b has its own budget"
        );
        assert!(other_app.try_acquire(Family::LiveResponse).is_ok());
        assert!(other_clock.try_acquire(Family::LiveResponse).is_ok());
        // Once every client of a test clock is gone, its budget goes too.
        drop((a, b));
        let again = RateLimiter::shared("https://login.example", "t", "app", clock, false);
        assert!(again.try_acquire(Family::LiveResponse).is_ok());
    }
}
