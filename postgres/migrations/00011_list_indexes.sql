-- The order list's text search (FindOrders' Query: LIKE '%...%' on the PO number, the customer and
-- the sender) can use no B-tree to find rows; with the searched columns included, it scans this
-- index in the list's order instead of the orders' rows with their lines and drafts. It replaces
-- orders_received, its key.

-- +goose Up
CREATE INDEX orders_search ON orders (received_at, id) INCLUDE (po_number, customer_id, sender);
DROP INDEX orders_received;

-- +goose Down
CREATE INDEX orders_received ON orders (received_at, id);
DROP INDEX orders_search;
