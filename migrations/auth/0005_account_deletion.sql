-- An account deleted at users (`users.user.deleted`) keeps its id and its audit trail, but
-- its e-mail, name and password hash are erased: it can never log in or refresh again, and
-- its address may register anew as another account.
ALTER TABLE users
    ALTER COLUMN email DROP NOT NULL,
    ALTER COLUMN password_hash DROP NOT NULL,
    ADD COLUMN deleted_at timestamptz;

-- Events applied here, so that a redelivered one is applied once (inbox).
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
