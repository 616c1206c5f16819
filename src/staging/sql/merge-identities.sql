-- Add the identities (customers, billing profiles, operators, trees) a batch refers to, in their own
-- short transaction before the batch's. Ids, and the codes derived from them, are max + n in order
-- of first appearance (seq = COPY order = job folder order), so they are gap-free and the same
-- whether a run finished in one go or was interrupted and completed. The lock serializes concurrent
-- importers (shards) here and only here; readers are not blocked.
-- The spelling kept is the one of the lowest job id naming the identity (source_job_id), so the
-- attributes do not depend on which run or shard got there first; only ids and codes do.
LOCK TABLE customers, billing_profiles, operators, trees IN SHARE ROW EXCLUSIVE MODE;

WITH cand AS (
  SELECT DISTINCT ON (name_key) name_key, name, source_job_id, seq
  FROM stg_customers ORDER BY name_key, source_job_id COLLATE "C", seq
), new AS (
  SELECT c.*, row_number() OVER (ORDER BY c.seq) AS n
  FROM cand c WHERE NOT EXISTS (SELECT 1 FROM customers x WHERE x.name_key = c.name_key)
), ins AS (
  INSERT INTO customers (id, name_key, name, source_job_id)
  SELECT (SELECT coalesce(max(id), 0) FROM customers) + n, name_key, name, source_job_id FROM new
  RETURNING 1
), upd AS (
  UPDATE customers x SET name = c.name, source_job_id = c.source_job_id
  FROM cand c
  WHERE x.name_key = c.name_key
    AND (x.source_job_id IS NULL OR c.source_job_id COLLATE "C" <= x.source_job_id COLLATE "C")
    AND (x.name, x.source_job_id) IS DISTINCT FROM (c.name, c.source_job_id)
  RETURNING 1
)
SELECT 'customers' AS tbl, (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated, 0 AS deleted;

WITH cand AS (
  SELECT DISTINCT ON (profile_key) * FROM stg_billing_profiles ORDER BY profile_key, source_job_id COLLATE "C", seq
), new AS (
  SELECT c.*, row_number() OVER (ORDER BY c.seq) AS n
  FROM cand c WHERE NOT EXISTS (SELECT 1 FROM billing_profiles x WHERE x.profile_key = c.profile_key)
), ins AS (
  INSERT INTO billing_profiles (id, profile_key, billing_name, billing_address, billing_contact_name, source_job_id)
  SELECT (SELECT coalesce(max(id), 0) FROM billing_profiles) + n, profile_key, billing_name, billing_address,
         billing_contact_name, source_job_id
  FROM new
  RETURNING 1
), upd AS (
  UPDATE billing_profiles x
  SET billing_name = c.billing_name, billing_address = c.billing_address,
      billing_contact_name = c.billing_contact_name, source_job_id = c.source_job_id
  FROM cand c
  WHERE x.profile_key = c.profile_key
    AND (x.source_job_id IS NULL OR c.source_job_id COLLATE "C" <= x.source_job_id COLLATE "C")
    AND (x.billing_name, x.billing_address, x.billing_contact_name, x.source_job_id)
        IS DISTINCT FROM (c.billing_name, c.billing_address, c.billing_contact_name, c.source_job_id)
  RETURNING 1
)
SELECT 'billing_profiles' AS tbl, (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated, 0 AS deleted;

INSERT INTO stg_operator_candidates
  (name_key, name, isa_number, phone, correspondence_email, source_job_id, source_profile, seq)
SELECT name_key, name, isa_number, phone, correspondence_email, source_job_id, NULL, seq FROM stg_operators;

\ir merge-operators.sql

WITH cand AS (
  SELECT cu.id AS customer_id, s.tree_key, s.tree_number, s.tree_number_raw, s.source_job_id, s.seq
  FROM (SELECT DISTINCT ON (customer_key, tree_key) * FROM stg_trees
        ORDER BY customer_key, tree_key, source_job_id COLLATE "C", seq) s
  JOIN customers cu ON cu.name_key = s.customer_key
), new AS (
  SELECT c.*, row_number() OVER (ORDER BY c.seq) AS n
  FROM cand c WHERE NOT EXISTS (SELECT 1 FROM trees x WHERE x.customer_id = c.customer_id AND x.tree_key = c.tree_key)
), ins AS (
  INSERT INTO trees (id, customer_id, tree_key, tree_number, tree_number_raw, source_job_id)
  SELECT (SELECT coalesce(max(id), 0) FROM trees) + n, customer_id, tree_key, tree_number, tree_number_raw, source_job_id
  FROM new
  RETURNING 1
), upd AS (
  UPDATE trees x SET tree_number = c.tree_number, tree_number_raw = c.tree_number_raw, source_job_id = c.source_job_id
  FROM cand c
  WHERE x.customer_id = c.customer_id AND x.tree_key = c.tree_key
    AND (x.source_job_id IS NULL OR c.source_job_id COLLATE "C" <= x.source_job_id COLLATE "C")
    AND (x.tree_number, x.tree_number_raw, x.source_job_id) IS DISTINCT FROM (c.tree_number, c.tree_number_raw, c.source_job_id)
  RETURNING 1
)
SELECT 'trees' AS tbl, (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated, 0 AS deleted;
