//! A circuit breaker for calls to another service: after `threshold` consecutive failures
//! it opens for `cooldown`, during which calls fail at once instead of waiting on a service
//! that is down; then one trial call decides whether it closes again. A named breaker
//! reports its state at `/metrics` as `circuit_breaker_state{breaker}` (0 closed, 1
//! half-open, 2 open).
//!
//! A call goes ahead with a [`Permit`] and reports its outcome through it. A permit dropped
//! without an outcome (the caller's future was cancelled: client gone, a timeout, a race
//! lost) gives its trial back, so a cancelled trial can never leave the breaker refusing
//! every call from then on.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    failures: u32,
    open_until: Option<Instant>,
    trial_in_flight: bool,
}

/// The breaker's state, as metrics and readiness report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

/// Leave to make one call. Report how it went with [`Permit::success`] or
/// [`Permit::failure`]; dropped without either, it changes nothing but gives back the
/// half-open trial it may hold.
#[derive(Debug)]
#[must_use = "a permit reports the call's outcome; dropping it at once wastes a trial"]
pub struct Permit<'a> {
    breaker: &'a Breaker,
    trial: bool,
}

impl Permit<'_> {
    /// The call worked (or the other side answered, even with a refusal): close the breaker.
    pub fn success(self) {
        let mut s = self.breaker.lock();
        *s = State::default();
        std::mem::forget(self);
    }

    /// The call failed: one more failure towards opening; a failed trial opens it again.
    pub fn failure(self) {
        let mut s = self.breaker.lock();
        s.failures = s.failures.saturating_add(1);
        if self.trial {
            s.trial_in_flight = false;
        }
        if s.failures >= self.breaker.threshold {
            s.open_until = Some(Instant::now() + self.breaker.cooldown);
        }
        drop(s);
        std::mem::forget(self);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.trial {
            self.breaker.lock().trial_in_flight = false;
        }
    }
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            state: Arc::new(Mutex::new(State::default())),
        }
    }

    /// Reports this breaker's state at `/metrics` under `name`.
    pub fn named(self, name: impl Into<String>) -> Self {
        let state = Arc::downgrade(&self.state);
        let name: String = name.into();
        crate::metrics::on_scrape(move || {
            if let Some(state) = state.upgrade() {
                let value = match read(&state.lock().unwrap_or_else(|e| e.into_inner())) {
                    BreakerState::Closed => 0.0,
                    BreakerState::HalfOpen => 1.0,
                    BreakerState::Open => 2.0,
                };
                metrics::gauge!("circuit_breaker_state", "breaker" => name.clone()).set(value);
            }
        });
        self
    }

    /// Leave for a call now, or `None` while open. While half-open, only one trial call at
    /// a time gets one.
    pub fn try_acquire(&self) -> Option<Permit<'_>> {
        let mut s = self.lock();
        let trial = match s.open_until {
            None => false,
            Some(until) if Instant::now() < until => return None,
            Some(_) if s.trial_in_flight => return None,
            Some(_) => {
                s.trial_in_flight = true;
                true
            }
        };
        Some(Permit {
            breaker: self,
            trial,
        })
    }

    pub fn state(&self) -> BreakerState {
        read(&self.lock())
    }

    /// The state survives a panic while it was held: every update leaves it consistent.
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn read(s: &State) -> BreakerState {
    match s.open_until {
        None => BreakerState::Closed,
        Some(until) if Instant::now() < until => BreakerState::Open,
        Some(_) => BreakerState::HalfOpen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(b: &Breaker) {
        b.try_acquire().expect("closed").failure();
    }

    #[test]
    fn opens_after_the_threshold_and_closes_after_a_successful_trial() {
        let b = Breaker::new(2, Duration::from_millis(30));
        fail(&b);
        assert_eq!(b.state(), BreakerState::Closed);
        fail(&b);
        assert_eq!(b.state(), BreakerState::Open);
        assert!(b.try_acquire().is_none(), "open: fail fast");
        std::thread::sleep(Duration::from_millis(40));
        let trial = b.try_acquire().expect("half-open: one trial");
        assert!(b.try_acquire().is_none(), "and only one");
        trial.success();
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.try_acquire().is_some());
    }

    #[test]
    fn a_trial_dropped_without_an_outcome_lets_the_next_call_try() {
        let b = Breaker::new(1, Duration::from_millis(20));
        fail(&b);
        std::thread::sleep(Duration::from_millis(25));
        let trial = b.try_acquire().expect("half-open: one trial");
        drop(trial);
        assert_eq!(b.state(), BreakerState::HalfOpen);
        let next = b.try_acquire().expect("the dropped trial was given back");
        next.success();
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[tokio::test]
    async fn a_cancelled_call_gives_its_trial_back() {
        let b = Breaker::new(1, Duration::from_millis(20));
        fail(&b);
        tokio::time::sleep(Duration::from_millis(25)).await;
        // The call holding the trial never finishes: its caller gives up on it.
        let call = async {
            let permit = b.try_acquire().expect("trial");
            std::future::pending::<()>().await;
            permit.success();
        };
        let gave_up = tokio::time::timeout(Duration::from_millis(10), call).await;
        assert!(gave_up.is_err());
        assert!(
            b.try_acquire().is_some(),
            "a cancelled trial must not keep the breaker refusing"
        );
    }

    #[test]
    fn a_named_breaker_reports_its_state_at_each_scrape() {
        let metrics = crate::metrics::handle();
        let state = || {
            crate::metrics::collect();
            metrics
                .render()
                .lines()
                .find(|l| l.starts_with(r#"circuit_breaker_state{breaker="test:named"}"#))
                .map(|l| l.rsplit(' ').next().unwrap_or_default().to_owned())
        };
        let b = Breaker::new(1, Duration::from_millis(30)).named("test:named");
        assert_eq!(state().as_deref(), Some("0"));
        fail(&b);
        assert_eq!(state().as_deref(), Some("2"));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(
            state().as_deref(),
            Some("1"),
            "half-open once the cooldown is over"
        );
        b.try_acquire().expect("trial").success();
        assert_eq!(state().as_deref(), Some("0"));
    }

    #[test]
    fn a_failed_trial_opens_it_again() {
        let b = Breaker::new(1, Duration::from_millis(20));
        fail(&b);
        std::thread::sleep(Duration::from_millis(25));
        b.try_acquire().expect("trial").failure();
        assert_eq!(b.state(), BreakerState::Open);
        assert!(b.try_acquire().is_none());
    }
}
