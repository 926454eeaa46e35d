-- The catalogue: categories (a tree), products with price, stock and a version for
-- optimistic concurrency, full-text search, and the outbox.

CREATE TABLE categories (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    parent_id  uuid REFERENCES categories (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- "Shoes" and "shoes" are the same category.
CREATE UNIQUE INDEX categories_name_key ON categories (lower(name));

CREATE TABLE products (
    id          uuid PRIMARY KEY,
    sku         text NOT NULL,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    price       bigint NOT NULL CHECK (price >= 0),
    currency    char(3) NOT NULL,
    category_id uuid REFERENCES categories (id),
    -- The last line of defence for "stock never goes negative": the adjustment itself is a
    -- guarded UPDATE, and this refuses anything that slips past it.
    stock       bigint NOT NULL DEFAULT 0 CHECK (stock >= 0),
    version     bigint NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    -- PostgreSQL's own text search, name weighted above description.
    search      tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', name), 'A') ||
                    setweight(to_tsvector('english', description), 'B')
                ) STORED
);
CREATE UNIQUE INDEX products_sku_key ON products (sku);
CREATE INDEX products_search ON products USING gin (search);
CREATE INDEX products_category ON products (category_id);
CREATE INDEX products_price ON products (price, id);
CREATE INDEX products_created ON products (created_at DESC, id);
CREATE INDEX products_name ON products (lower(name), id);

CREATE TABLE outbox (
    id           uuid PRIMARY KEY,
    aggregate_id uuid NOT NULL,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    sent_at      timestamptz
);
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
