-- Row counts per table, jobs per status and open findings per kind (--kind table|job_status|open_findings)
-- $1 job_id (NULL = all jobs): job-scoped tables count that job's rows, identity tables the identities it
-- uses,
-- import_runs the runs that changed it. $2 section (NULL = all).
WITH picked AS (
  SELECT job_id, customer_id, billing_profile_id, operator_id,
    tree_id FROM jobs WHERE $1::text IS NULL OR job_id = $1::text
), table_counts (ordinal, name, count) AS (
  VALUES
    (1, 'customers', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM customers) ELSE (SELECT
      count(DISTINCT customer_id) FROM picked) END),
    (2, 'billing_profiles', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM billing_profiles) ELSE
      (SELECT count(DISTINCT billing_profile_id) FROM picked) END),
    (3, 'operators', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM operators) ELSE (SELECT
      count(DISTINCT operator_id) FROM picked) END),
    (4, 'trees', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM trees) ELSE (SELECT count(DISTINCT
      tree_id) FROM picked) END),
    (5, 'jobs', (SELECT count(*) FROM picked)),
    (6, 'job_rounds', (SELECT count(*) FROM job_rounds WHERE $1::text IS NULL OR job_id = $1::text)),
    (7, 'round_recordings', (SELECT count(*) FROM round_recordings WHERE $1::text IS NULL OR job_id =
      $1::text)),
    (8, 'round_images', (SELECT count(*) FROM round_images WHERE $1::text IS NULL OR job_id = $1::text)),
    (9, 'job_finals', (SELECT count(*) FROM job_finals WHERE $1::text IS NULL OR job_id = $1::text)),
    (10, 'job_geojson_exports', (SELECT count(*) FROM job_geojson_exports WHERE $1::text IS NULL OR job_id =
      $1::text)),
    (11, 'artifacts', (SELECT count(*) FROM artifacts WHERE $1::text IS NULL OR job_id = $1::text)),
    (12, 'job_events', (SELECT count(*) FROM job_events WHERE $1::text IS NULL OR job_id = $1::text)),
    (13, 'reconciliation', (SELECT count(*) FROM reconciliation WHERE $1::text IS NULL OR job_id = $1::text)),
    (14, 'import_runs', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM import_runs)
                             ELSE (SELECT count(DISTINCT run_id) FROM job_events WHERE job_id = $1::text)
                               END),
    (15, 'import_issues', (SELECT count(*) FROM import_issues WHERE $1::text IS NULL OR job_id = $1::text))
), sections AS (
  SELECT 1 AS section_order, 'table' AS section, to_char(ordinal, 'FM00') AS sort_key, name,
    count::int AS count
  FROM table_counts
  UNION ALL
  SELECT 2, 'job_status', coalesce(status, ''), coalesce(status, '(none)'), count(*)::int
  FROM picked JOIN jobs USING (job_id)
  GROUP BY status
  UNION ALL
  SELECT 3, 'open_findings', kind, kind, count(*)::int
  FROM reconciliation
  WHERE status = 'open' AND ($1::text IS NULL OR job_id = $1::text)
  GROUP BY kind
)
SELECT section, name, count
FROM sections
WHERE $2::text IS NULL OR section = $2::text
ORDER BY section_order, sort_key COLLATE "C", name COLLATE "C"
