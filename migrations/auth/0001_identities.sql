-- Identities, roles and permissions, refresh tokens, lockout state, the security audit log
-- and the outbox of the auth service.

-- Roles and permissions are data, seeded here; an operation's required permission is
-- declared in specs/*.yaml (`x-permission`).
CREATE TABLE roles (
    name        text PRIMARY KEY,
    description text NOT NULL
);

CREATE TABLE permissions (
    name        text PRIMARY KEY,
    description text NOT NULL
);

CREATE TABLE role_permissions (
    role       text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
    permission text NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
    PRIMARY KEY (role, permission)
);

INSERT INTO roles (name, description) VALUES
    ('customer', 'A shopper; given at registration'),
    ('admin', 'An operator of the platform');

INSERT INTO permissions (name, description) VALUES
    ('products:write', 'Create, change and delete products and stock'),
    ('categories:write', 'Create categories'),
    ('users:read', 'Read any profile'),
    ('users:write', 'Delete profiles'),
    ('roles:write', 'Change the roles of accounts'),
    ('users:unlock', 'Lift a lockout'),
    ('audit:read', 'Read the security audit log'),
    ('notifications:read', 'Read every notification record');

INSERT INTO role_permissions (role, permission)
SELECT 'admin', name FROM permissions;

-- E-mail addresses are stored normalised (trimmed, lower-case), so the unique index is
-- what decides "already registered".
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL UNIQUE,
    name          text NOT NULL,
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_roles (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    text NOT NULL REFERENCES roles (name),
    PRIMARY KEY (user_id, role)
);

-- Refresh tokens are stored only as SHA-256 hashes. Each login starts a family; a rotation
-- spends one token and adds the next to the same family; presenting a spent token revokes
-- the whole family.
CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    family_id  uuid NOT NULL,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Failed logins per normalised e-mail, whether or not an account exists, so an unknown
-- address locks exactly like a known one. Kept in the database so that the lock holds
-- across instances and restarts.
CREATE TABLE login_attempts (
    email        text PRIMARY KEY,
    failures     integer NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz
);

-- Append-only: the service never updates or deletes rows here.
CREATE TABLE audit_events (
    id          uuid PRIMARY KEY,
    event_type  text NOT NULL,
    user_id     uuid,
    ip          text,
    user_agent  text,
    request_id  text,
    outcome     text NOT NULL CHECK (outcome IN ('success', 'failure')),
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_user ON audit_events (user_id, occurred_at DESC);
CREATE INDEX audit_events_type ON audit_events (event_type, occurred_at DESC);
CREATE INDEX audit_events_time ON audit_events (occurred_at DESC);

-- Events written in the same transaction as the change they describe; the relay publishes
-- them to SNS and sets sent_at.
CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    aggregate_id uuid NOT NULL,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
