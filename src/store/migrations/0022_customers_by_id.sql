-- The customer list pages a workspace's customers in the order of their ids
-- (services/customers/customer_records.cc). Without an index that starts
-- with the workspace and keeps that order, SQLite chose one of the contact
-- indexes and sorted every customer of the workspace for each page: 1.7 s
-- for the first 50 of 1,000,000 customers, 5 ms with this index.
CREATE INDEX customers_workspace_id ON customers (workspace_id, id);
