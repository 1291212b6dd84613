-- The shop's tables, run at start by `sqlx::migrate!` (src/store.rs) on
-- SQLite and Postgres alike: one text for both, so BIGINT and TEXT columns
-- only, and no database-made IDs (SQLite's AUTOINCREMENT and Postgres'
-- IDENTITY share no syntax).

-- The last order number given. One row, incremented in the transaction that
-- creates an order: Postgres locks the row and SQLite the file, so two
-- replicas never give the same number.
CREATE TABLE order_numbers (
    last BIGINT NOT NULL
);
INSERT INTO order_numbers (last) VALUES (0);

-- An order and its invoice (each order has one): what was bought, the
-- invoice Mileston made for it and its amount, and whether a verified
-- webhook said it was paid.
CREATE TABLE orders (
    number BIGINT PRIMARY KEY,
    item TEXT NOT NULL,
    amount TEXT NOT NULL,
    invoice TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid'))
);

-- Every webhook delivery applied, by `Event::dedup_key()`: Mileston sends no
-- delivery ID and retries any answer but 200, and any replica may get any
-- delivery. The key is unique; it is inserted in the transaction that marks
-- the order paid, so a delivery is applied once whoever receives it.
CREATE TABLE processed_deliveries (
    dedup_key TEXT PRIMARY KEY,
    invoice TEXT NOT NULL
);
