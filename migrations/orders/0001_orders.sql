-- Carts, orders and their lines, checkout's idempotency keys, the inbox of products'
-- answers, and the outbox.

CREATE TABLE carts (
    user_id    uuid PRIMARY KEY,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cart_lines (
    user_id    uuid NOT NULL REFERENCES carts (user_id) ON DELETE CASCADE,
    product_id uuid NOT NULL,
    quantity   integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, product_id)
);

-- An order and where it is in the saga. `stage` is the state machine's (orders-core's
-- domain::order): `placed` and `reserved` are both `pending` to customers. The saga's
-- next step for the order (publish the placement again, charge, refund) is due at
-- `next_attempt_at` (null: nothing to do) and held by one worker until `leased_until`.
CREATE TABLE orders (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL,
    email               text NOT NULL,
    stage               text NOT NULL
        CHECK (stage IN ('placed', 'reserved', 'confirmed', 'shipped', 'cancelled')),
    cancellation_reason text
        CHECK (cancellation_reason IN ('out_of_stock', 'payment_declined', 'customer_request', 'admin_request')),
    cancel_requested    text
        CHECK (cancel_requested IN ('customer_request', 'admin_request')),
    refund              text NOT NULL DEFAULT 'not_due' CHECK (refund IN ('not_due', 'due', 'done')),
    total               bigint NOT NULL CHECK (total >= 0),
    currency            char(3) NOT NULL,
    ship_line1          text NOT NULL,
    ship_line2          text,
    ship_city           text NOT NULL,
    ship_postal_code    text NOT NULL,
    ship_country        char(2) NOT NULL,
    -- The provider's token, kept only until the order is charged.
    payment_token       text,
    payment_id          uuid,
    charge_attempts     integer NOT NULL DEFAULT 0,
    attempts            integer NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,
    leased_until        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             bigint NOT NULL DEFAULT 1,
    CHECK ((stage = 'cancelled') = (cancellation_reason IS NOT NULL)),
    CHECK (stage IN ('placed', 'reserved') OR payment_token IS NULL)
);
CREATE INDEX orders_user ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_created ON orders (created_at DESC, id DESC);
CREATE INDEX orders_due ON orders (next_attempt_at) WHERE next_attempt_at IS NOT NULL;

CREATE TABLE order_lines (
    order_id   uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    product_id uuid NOT NULL,
    sku        text NOT NULL,
    name       text NOT NULL,
    quantity   integer NOT NULL CHECK (quantity > 0),
    unit_price bigint NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, position)
);

-- Checkout's Idempotency-Key, per caller: claimed when a call starts (`order_id` null),
-- answered when it placed its order; kept 25 hours. `claim_id` names the call holding the
-- claim: a call that took over a stale claim is the only one that may answer it.
CREATE TABLE idempotency_keys (
    user_id     uuid NOT NULL,
    key         text NOT NULL,
    fingerprint text NOT NULL,
    claim_id    uuid NOT NULL,
    order_id    uuid REFERENCES orders (id) ON DELETE CASCADE,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_claimed ON idempotency_keys (claimed_at);

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
