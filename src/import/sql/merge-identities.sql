-- Add the identities (customers, billing profiles, operators, trees) a batch refers to, in their own
-- short transaction before the batch's. Ids, and the codes derived from them, are max + n in order
-- of first appearance (seq = COPY order = job folder order), so they are gap-free and the same
-- whether a run finished in one go or was interrupted and completed. The lock serializes concurrent
-- importers (shards) here and only here; readers are not blocked. Existing identities never change.
LOCK TABLE customers, billing_profiles, operators, trees IN SHARE ROW EXCLUSIVE MODE;

WITH new AS (
  SELECT s.name_key, s.name, row_number() OVER (ORDER BY s.seq) AS n
  FROM (SELECT DISTINCT ON (name_key) name_key, name, seq FROM stg_customers ORDER BY name_key, seq) s
  WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.name_key = s.name_key)
), ins AS (
  INSERT INTO customers (id, name_key, name)
  SELECT (SELECT coalesce(max(id), 0) FROM customers) + n, name_key, name FROM new
  RETURNING 1
)
SELECT 'customers' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;

WITH new AS (
  SELECT s.*, row_number() OVER (ORDER BY s.seq) AS n
  FROM (SELECT DISTINCT ON (profile_key) * FROM stg_billing_profiles ORDER BY profile_key, seq) s
  WHERE NOT EXISTS (SELECT 1 FROM billing_profiles b WHERE b.profile_key = s.profile_key)
), ins AS (
  INSERT INTO billing_profiles (id, profile_key, billing_name, billing_address, billing_contact_name)
  SELECT (SELECT coalesce(max(id), 0) FROM billing_profiles) + n, profile_key, billing_name, billing_address,
         billing_contact_name
  FROM new
  RETURNING 1
)
SELECT 'billing_profiles' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;

WITH new AS (
  SELECT s.*, row_number() OVER (ORDER BY s.seq) AS n
  FROM (SELECT DISTINCT ON (name_key) * FROM stg_operators ORDER BY name_key, seq) s
  WHERE NOT EXISTS (SELECT 1 FROM operators o WHERE o.name_key = s.name_key)
), ins AS (
  INSERT INTO operators (id, name_key, name, isa_number, phone, correspondence_email)
  SELECT (SELECT coalesce(max(id), 0) FROM operators) + n, name_key, name, isa_number, phone, correspondence_email
  FROM new
  RETURNING 1
)
SELECT 'operators' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;

WITH new AS (
  SELECT c.id AS customer_id, s.tree_key, s.tree_number, s.tree_number_raw, row_number() OVER (ORDER BY s.seq) AS n
  FROM (SELECT DISTINCT ON (customer_key, tree_key) * FROM stg_trees ORDER BY customer_key, tree_key, seq) s
  JOIN customers c ON c.name_key = s.customer_key
  WHERE NOT EXISTS (SELECT 1 FROM trees t WHERE t.customer_id = c.id AND t.tree_key = s.tree_key)
), ins AS (
  INSERT INTO trees (id, customer_id, tree_key, tree_number, tree_number_raw)
  SELECT (SELECT coalesce(max(id), 0) FROM trees) + n, customer_id, tree_key, tree_number, tree_number_raw FROM new
  RETURNING 1
)
SELECT 'trees' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;
