-- What notifications sends, one row per message, and the inbox of processed events.

CREATE TABLE notifications (
    id         uuid PRIMARY KEY,
    -- The event that caused it: one notification per event and template.
    event_id   uuid NOT NULL,
    user_id    uuid NOT NULL,
    channel    text NOT NULL CHECK (channel IN ('email')),
    template   text NOT NULL CHECK (template IN ('welcome', 'account_locked', 'password_changed')),
    recipient  text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    status     text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts   integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    UNIQUE (event_id, template)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_created ON notifications (created_at DESC, id);

CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
