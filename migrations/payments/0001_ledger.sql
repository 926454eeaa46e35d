-- The ledger: one payment per order, and the outbox of its events.

-- A payment is `processing` from the moment a charge is claimed until the provider's
-- answer is recorded (`captured` or `declined`); only a captured payment becomes
-- `refunded`. `processing` rows are never shown: a charge that dies half-way is settled by
-- the next request for the same order, which asks the provider again under the same
-- idempotency key (the order id), so the provider charges once.
CREATE TABLE payments (
    id                 uuid PRIMARY KEY,
    order_id           uuid NOT NULL UNIQUE,
    user_id            uuid NOT NULL,
    amount             bigint NOT NULL CHECK (amount >= 0),
    currency           char(3) NOT NULL,
    status             text NOT NULL
        CHECK (status IN ('processing', 'captured', 'declined', 'refunded')),
    -- The provider's name for the charge, once it has answered; its reason for a decline.
    provider_reference text,
    decline_reason     text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'processing') = (provider_reference IS NULL))
);
CREATE INDEX payments_user ON payments (user_id, created_at DESC, id DESC)
    WHERE status <> 'processing';
CREATE INDEX payments_created ON payments (created_at DESC, id DESC)
    WHERE status <> 'processing';
CREATE INDEX payments_processing ON payments (created_at) WHERE status = 'processing';

CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    aggregate_id uuid NOT NULL,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
