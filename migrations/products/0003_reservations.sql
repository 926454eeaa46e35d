-- The checkout saga's stock reservations, keyed by order: all of an order's lines are
-- reserved at once or none are, a redelivered or repeated `orders.order.placed` reserves
-- once, and a cancellation that arrives before the order's placement leaves a `released`
-- tombstone so that the late placement reserves nothing. Reserved quantities are taken
-- from `products.stock` (what is still available); a release gives them back and a
-- shipment makes them final (`committed`). For every product:
--   stock at the start = products.stock + reserved + committed quantities, less and plus
--   the adjustments (`products.stock.changed` with another reason).
CREATE TABLE reservations (
    order_id   uuid PRIMARY KEY,
    state      text NOT NULL CHECK (state IN ('reserved', 'failed', 'released', 'committed')),
    -- Why a failed reservation failed, and which products, to answer a repeated placement.
    failure_reason      text CHECK (failure_reason IN ('out_of_stock', 'unknown_product')),
    failed_product_ids  uuid[],
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- No foreign key to products: a product deleted while reserved leaves its line, and
-- releasing it gives back nothing.
CREATE TABLE reservation_lines (
    order_id   uuid NOT NULL REFERENCES reservations (order_id) ON DELETE CASCADE,
    product_id uuid NOT NULL,
    quantity   bigint NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, product_id)
);
CREATE INDEX reservation_lines_product ON reservation_lines (product_id);

-- Events already applied, by CloudEvents id: delivery is at least once, effects are once.
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
