-- Profiles and addresses, the inbox of processed events, and the outbox.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A profile's id is the account id auth gave it. A deleted profile stays as a tombstone
-- (personal data removed) so that neither a late registration event nor a lazy creation
-- brings it back.
CREATE TABLE profiles (
    id         uuid PRIMARY KEY,
    email      text NOT NULL,
    name       text NOT NULL,
    phone      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
-- Admin search matches any part of the name or the address.
CREATE INDEX profiles_search ON profiles USING gin ((lower(name) || ' ' || lower(email)) gin_trgm_ops)
    WHERE deleted_at IS NULL;
CREATE INDEX profiles_created ON profiles (created_at, id) WHERE deleted_at IS NULL;

CREATE TABLE addresses (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    line1       text NOT NULL,
    line2       text,
    city        text NOT NULL,
    postal_code text NOT NULL,
    country     char(2) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX addresses_user ON addresses (user_id, created_at);

-- Events already applied, by CloudEvents id: delivery is at least once, effects are once.
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    aggregate_id uuid NOT NULL,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
