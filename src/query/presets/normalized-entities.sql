-- Customers, billing profiles, operators and trees with their job counts (--kind customer|billing_profile|operator|tree)
-- $1 job_id (NULL = every identity; else only the identities that job uses), $2 entity kind (NULL = all
-- four).
WITH picked AS (
  SELECT job_id, customer_id, billing_profile_id, operator_id,
    tree_id FROM jobs WHERE $1::text IS NULL OR job_id = $1::text
), usage AS (
  -- One pass over jobs instead of a correlated count per identity (jobs has no index on these columns).
  SELECT 'customer' AS entity, customer_id AS id, count(*) AS jobs FROM jobs WHERE customer_id IS NOT NULL
    GROUP BY customer_id
  UNION ALL
  SELECT 'billing_profile', billing_profile_id, count(*) FROM jobs WHERE billing_profile_id IS NOT NULL GROUP
    BY billing_profile_id
  UNION ALL
  SELECT 'operator', operator_id, count(*) FROM jobs WHERE operator_id IS NOT NULL GROUP BY operator_id
  UNION ALL
  SELECT 'tree', tree_id, count(*) FROM jobs WHERE tree_id IS NOT NULL GROUP BY tree_id
), entities AS (
  SELECT 1 AS entity_order, 'customer' AS entity, c.id, c.code, c.name, '{}'::jsonb AS details
  FROM customers c
  WHERE $1::text IS NULL OR c.id IN (SELECT customer_id FROM picked)
  UNION ALL
  SELECT 2, 'billing_profile', b.id, b.code, b.billing_name,
         jsonb_build_object('address', b.billing_address, 'contact', b.billing_contact_name)
  FROM billing_profiles b
  WHERE $1::text IS NULL OR b.id IN (SELECT billing_profile_id FROM picked)
  UNION ALL
  SELECT 3, 'operator', o.id, o.code, o.name,
         jsonb_build_object('isa_number', o.isa_number, 'phone', o.phone, 'email', o.correspondence_email)
  FROM operators o
  WHERE $1::text IS NULL OR o.id IN (SELECT operator_id FROM picked)
  UNION ALL
  SELECT 4, 'tree', t.id, t.code, c.name || ' tree ' || t.tree_number_raw,
         jsonb_build_object('customer', c.code, 'tree_key', t.tree_key, 'tree_number', t.tree_number)
  FROM trees t
  JOIN customers c ON c.id = t.customer_id
  WHERE $1::text IS NULL OR t.id IN (SELECT tree_id FROM picked)
)
SELECT e.entity, e.code, e.name, e.details, coalesce(u.jobs, 0)::int AS jobs
FROM entities e
LEFT JOIN usage u ON u.entity = e.entity AND u.id = e.id
WHERE $2::text IS NULL OR e.entity = $2::text
ORDER BY e.entity_order, e.id
