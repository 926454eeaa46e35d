-- Password checks are admitted before they run: a check in flight holds a place, so the
-- failures of a window and the checks still running never exceed the lockout threshold,
-- however many guesses arrive at once. A hold lapses at in_flight_until (its process died).
ALTER TABLE login_attempts
    ADD COLUMN in_flight       integer NOT NULL DEFAULT 0,
    ADD COLUMN in_flight_until timestamptz;
