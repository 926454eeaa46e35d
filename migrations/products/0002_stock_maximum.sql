-- Stock has a ceiling (the products service's MAX_STOCK) so that an adjustment can never
-- overflow bigint. NOT VALID: it holds for every write from now on without scanning, or
-- failing on, rows written before it.
ALTER TABLE products
    ADD CONSTRAINT products_stock_max CHECK (stock <= 1000000000000) NOT VALID;
