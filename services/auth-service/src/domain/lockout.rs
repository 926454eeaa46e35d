//! Lockout: too many failed logins within a window lock the e-mail address for a while.
//!
//! Failures are counted per normalised e-mail whether or not an account exists, so the
//! answers reveal nothing about which addresses are registered. Failures made while locked
//! do not extend the lock.

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

/// The failed-login state of one e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginAttempts {
    pub failures: u32,
    pub window_start: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

impl LoginAttempts {
    pub fn none(now: DateTime<Utc>) -> Self {
        Self {
            failures: 0,
            window_start: now,
            locked_until: None,
        }
    }

    /// When the lock ends, if the address is locked at `now`.
    pub fn locked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// The state after one more failure at `now`, and whether that failure set the lock.
    pub fn after_failure(self, policy: &LockoutPolicy, now: DateTime<Utc>) -> (Self, bool) {
        if self.locked_until(now).is_some() {
            return (self, false);
        }
        let (failures, window_start) = if now - self.window_start > policy.window {
            (1, now)
        } else {
            (self.failures + 1, self.window_start)
        };
        if failures >= policy.threshold {
            // The count starts afresh once the lock ends.
            (
                Self {
                    failures: 0,
                    window_start: now,
                    locked_until: Some(now + policy.duration),
                },
                true,
            )
        } else {
            (
                Self {
                    failures,
                    window_start,
                    locked_until: None,
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
