//! A circuit breaker for calls to another service: after `threshold` consecutive failures
//! it opens for `cooldown`, during which calls fail at once instead of waiting on a service
//! that is down; then one trial call decides whether it closes again. A named breaker
//! reports its state at `/metrics` as `circuit_breaker_state{breaker}` (0 closed, 1
//! half-open, 2 open).

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
                let value = match read(&state.lock().expect("breaker lock")) {
                    BreakerState::Closed => 0.0,
                    BreakerState::HalfOpen => 1.0,
                    BreakerState::Open => 2.0,
                };
                metrics::gauge!("circuit_breaker_state", "breaker" => name.clone()).set(value);
            }
        });
        self
    }

    /// Whether a call may go ahead now. While half-open, only one trial call does.
    pub fn try_acquire(&self) -> bool {
        let mut s = self.state.lock().expect("breaker lock");
        match s.open_until {
            None => true,
            Some(until) if Instant::now() < until => false,
            Some(_) if s.trial_in_flight => false,
            Some(_) => {
                s.trial_in_flight = true;
                true
            }
        }
    }

    pub fn record_success(&self) {
        let mut s = self.state.lock().expect("breaker lock");
        *s = State::default();
    }

    pub fn record_failure(&self) {
        let mut s = self.state.lock().expect("breaker lock");
        s.failures = s.failures.saturating_add(1);
        s.trial_in_flight = false;
        if s.failures >= self.threshold {
            s.open_until = Some(Instant::now() + self.cooldown);
        }
    }

    pub fn state(&self) -> BreakerState {
        read(&self.state.lock().expect("breaker lock"))
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

    #[test]
    fn opens_after_the_threshold_and_closes_after_a_successful_trial() {
        let b = Breaker::new(2, Duration::from_millis(30));
        assert!(b.try_acquire());
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Closed);
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Open);
        assert!(!b.try_acquire(), "open: fail fast");
        std::thread::sleep(Duration::from_millis(40));
        assert!(b.try_acquire(), "half-open: one trial");
        assert!(!b.try_acquire(), "and only one");
        b.record_success();
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.try_acquire());
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
        b.record_failure();
        assert_eq!(state().as_deref(), Some("2"));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(
            state().as_deref(),
            Some("1"),
            "half-open once the cooldown is over"
        );
        b.record_success();
        assert_eq!(state().as_deref(), Some("0"));
    }

    #[test]
    fn a_failed_trial_opens_it_again() {
        let b = Breaker::new(1, Duration::from_millis(20));
        b.record_failure();
        std::thread::sleep(Duration::from_millis(25));
        assert!(b.try_acquire());
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Open);
    }
}
