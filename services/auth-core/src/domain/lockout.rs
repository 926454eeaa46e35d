//! Lockout: too many failed logins within a window lock the e-mail address for a while.
//!
//! Failures are counted per normalised e-mail whether or not an account exists, so the
//! answers reveal nothing about which addresses are registered. Failures made while locked
//! do not extend the lock.
//!
//! A password is checked only once admitted ([`LoginAttempts::admit`]): the failures of
//! the window and the checks still in flight together never exceed the threshold, so
//! however many guesses arrive at once, no more than the threshold are ever verified per
//! window. Each admitted check holds its place until it settles as a failure or a success;
//! a hold whose check never settled (its process died) lapses after [`HOLD`].

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub threshold: u32,
    pub window: Duration,
    pub duration: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            threshold: 5,
            window: Duration::minutes(15),
            duration: Duration::minutes(15),
        }
    }
}

/// How long an admitted check may take before its hold lapses: far longer than any
/// password check, short enough that holds left by a dead process do not lock anyone out
/// for long.
pub const HOLD: Duration = Duration::seconds(30);

/// The failed-login state of one e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginAttempts {
    pub failures: u32,
    pub window_start: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
    /// Checks admitted and not settled yet, valid until `in_flight_until`.
    pub in_flight: u32,
    pub in_flight_until: Option<DateTime<Utc>>,
}

/// Whether a password check may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Check it, then settle with [`LoginAttempts::after_failure`] or
    /// [`LoginAttempts::after_success`].
    Admitted,
    /// Locked until then: nothing is checked.
    Locked(DateTime<Utc>),
    /// The checks in flight may still lock the address: ask again once they settled.
    Busy,
}

impl LoginAttempts {
    pub fn none(now: DateTime<Utc>) -> Self {
        Self {
            failures: 0,
            window_start: now,
            locked_until: None,
            in_flight: 0,
            in_flight_until: None,
        }
    }

    /// When the lock ends, if the address is locked at `now`.
    pub fn locked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// The checks in flight at `now` (none once their holds lapsed).
    fn in_flight_at(&self, now: DateTime<Utc>) -> u32 {
        match self.in_flight_until {
            Some(until) if until > now => self.in_flight,
            _ => 0,
        }
    }

    /// Whether one more password check may go ahead at `now`, and the state that holds its
    /// place if so.
    pub fn admit(self, policy: &LockoutPolicy, now: DateTime<Utc>) -> (Self, Admission) {
        if let Some(until) = self.locked_until(now) {
            return (self, Admission::Locked(until));
        }
        let mut next = self;
        next.in_flight = self.in_flight_at(now);
        if now - self.window_start > policy.window {
            next.failures = 0;
            next.window_start = now;
        }
        if next.failures + next.in_flight >= policy.threshold {
            return (self, Admission::Busy);
        }
        next.in_flight += 1;
        next.in_flight_until = Some(now + HOLD);
        (next, Admission::Admitted)
    }

    /// One admitted check settled: its hold is given back.
    fn release(mut self, now: DateTime<Utc>) -> Self {
        self.in_flight = self.in_flight_at(now).saturating_sub(1);
        if self.in_flight == 0 {
            self.in_flight_until = None;
        }
        self
    }

    /// The state after an admitted check settled without an outcome that counts (its answer
    /// was not told, or the address was locked meanwhile): its hold is given back.
    pub fn after_refusal(self, now: DateTime<Utc>) -> Self {
        self.release(now)
    }

    /// The state after an admitted check succeeded: the failures are forgotten, but never
    /// a lock (one set meanwhile is not this check's to lift).
    pub fn after_success(self, now: DateTime<Utc>) -> Self {
        let mut next = self.release(now);
        next.failures = 0;
        next.window_start = now;
        next
    }

    /// Whether this row says nothing worth keeping at `now`: no failures in a live window,
    /// no lock, nothing in flight.
    pub fn is_spent(&self, policy: &LockoutPolicy, now: DateTime<Utc>) -> bool {
        self.locked_until(now).is_none()
            && self.in_flight_at(now) == 0
            && (self.failures == 0 || now - self.window_start > policy.window)
    }

    /// The state after an admitted check failed at `now` (its hold given back), and whether
    /// that failure set the lock.
    pub fn after_failure(self, policy: &LockoutPolicy, now: DateTime<Utc>) -> (Self, bool) {
        let this = self.release(now);
        if this.locked_until(now).is_some() {
            return (this, false);
        }
        let (failures, window_start) = if now - this.window_start > policy.window {
            (1, now)
        } else {
            (this.failures + 1, this.window_start)
        };
        if failures >= policy.threshold {
            // The count starts afresh once the lock ends.
            (
                Self {
                    failures: 0,
                    window_start: now,
                    locked_until: Some(now + policy.duration),
                    ..this
                },
                true,
            )
        } else {
            (
                Self {
                    failures,
                    window_start,
                    locked_until: None,
                    ..this
                },
                false,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn the_threshold_th_failure_in_the_window_locks() {
        let policy = LockoutPolicy::default();
        let mut state = LoginAttempts::none(at(0));
        for i in 0..4 {
            let (next, locked) = state.after_failure(&policy, at(i));
            assert!(!locked);
            state = next;
        }
        let (state, locked) = state.after_failure(&policy, at(5));
        assert!(locked);
        assert_eq!(state.locked_until(at(5)), Some(at(20)));
        assert_eq!(state.locked_until(at(20)), None);
    }

    #[test]
    fn failures_outside_the_window_start_a_new_count() {
        let policy = LockoutPolicy::default();
        let mut state = LoginAttempts::none(at(0));
        for i in 0..4 {
            state = state.after_failure(&policy, at(i)).0;
        }
        let (state, locked) = state.after_failure(&policy, at(30));
        assert!(!locked);
        assert_eq!(state.failures, 1);
    }

    /// Admits one check at `now` or panics.
    fn admitted(state: LoginAttempts, policy: &LockoutPolicy, now: DateTime<Utc>) -> LoginAttempts {
        let (next, admission) = state.admit(policy, now);
        assert_eq!(admission, Admission::Admitted);
        next
    }

    #[test]
    fn no_more_checks_than_the_threshold_are_admitted_at_once() {
        let policy = LockoutPolicy::default();
        let mut state = LoginAttempts::none(at(0));
        for _ in 0..5 {
            state = admitted(state, &policy, at(0));
        }
        assert_eq!(state.admit(&policy, at(0)).1, Admission::Busy);
        // They all fail: the fifth failure locks, and nothing more is admitted.
        let mut locked = false;
        for _ in 0..5 {
            let (next, l) = state.after_failure(&policy, at(1));
            state = next;
            locked |= l;
        }
        assert!(locked);
        assert_eq!(state.admit(&policy, at(2)).1, Admission::Locked(at(16)));
    }

    #[test]
    fn settled_failures_and_checks_in_flight_share_the_threshold() {
        let policy = LockoutPolicy::default();
        let mut state = LoginAttempts::none(at(0));
        for _ in 0..3 {
            state = admitted(state, &policy, at(0))
                .after_failure(&policy, at(0))
                .0;
        }
        state = admitted(state, &policy, at(1));
        state = admitted(state, &policy, at(1));
        assert_eq!(state.admit(&policy, at(1)).1, Admission::Busy);
        // One in flight succeeds: the failures are forgotten, room again.
        state = state.after_success(at(1));
        assert_eq!(state.failures, 0);
        assert_eq!(state.in_flight, 1);
        assert_eq!(state.admit(&policy, at(1)).1, Admission::Admitted);
    }

    #[test]
    fn a_success_never_lifts_a_lock_it_did_not_set() {
        let policy = LockoutPolicy {
            threshold: 1,
            ..LockoutPolicy::default()
        };
        let state = LoginAttempts {
            locked_until: Some(at(10)),
            in_flight: 1,
            in_flight_until: Some(at(1)),
            ..LoginAttempts::none(at(0))
        };
        assert_eq!(state.after_success(at(0)).locked_until(at(0)), Some(at(10)));
        assert_eq!(state.admit(&policy, at(0)).1, Admission::Locked(at(10)));
    }

    #[test]
    fn a_refused_check_gives_its_place_back_and_counts_nothing() {
        let policy = LockoutPolicy::default();
        let state = admitted(LoginAttempts::none(at(0)), &policy, at(0))
            .after_failure(&policy, at(0))
            .0;
        let state = admitted(state, &policy, at(0)).after_refusal(at(0));
        assert_eq!((state.failures, state.in_flight), (1, 0));
    }

    #[test]
    fn holds_of_checks_that_never_settled_lapse() {
        let policy = LockoutPolicy::default();
        let mut state = LoginAttempts::none(at(0));
        for _ in 0..5 {
            state = admitted(state, &policy, at(0));
        }
        assert_eq!(state.admit(&policy, at(0)).1, Admission::Busy);
        let later = at(0) + HOLD + Duration::seconds(1);
        let state = admitted(state, &policy, later);
        assert_eq!(state.in_flight, 1);
    }

    #[test]
    fn a_row_is_spent_once_its_window_passed_with_no_lock_or_check_in_flight() {
        let policy = LockoutPolicy::default();
        let state = admitted(LoginAttempts::none(at(0)), &policy, at(0));
        assert!(!state.is_spent(&policy, at(0)), "a check in flight");
        let (state, _) = state.after_failure(&policy, at(0));
        assert!(!state.is_spent(&policy, at(1)), "a failure in the window");
        assert!(state.is_spent(&policy, at(16)));
    }

    #[test]
    fn failures_while_locked_do_not_extend_the_lock() {
        let policy = LockoutPolicy {
            threshold: 1,
            ..LockoutPolicy::default()
        };
        let (locked, _) = LoginAttempts::none(at(0)).after_failure(&policy, at(0));
        let (again, relocked) = locked.after_failure(&policy, at(10));
        assert!(!relocked);
        assert_eq!(again.locked_until, Some(at(15)));
    }
}
