-- Row counts per table, jobs per status, unrecognised statuses, the storage root and open findings per kind (--kind table|job_status|unrecognised_status|storage_root|open_findings)
-- $1 job_id (NULL = all jobs): job-scoped tables count that job's rows, identity tables the identities it uses,
-- import_runs the runs that changed it, the storage root the job's assignment, its device and that device's
-- tokens and profiles. $2 section (NULL = all).
-- job_status '(unrecognised)': a status was written but is none the server knows (src/model/status.ts);
-- unrecognised_status: one line per status column holding such values (only those that do).
-- storage_root: devices and tokens still in their files (gone ones are history), tokens active (not
-- revoked, not expired: as token_plaintext_active counts them), expired and revoked.
WITH picked AS (
  SELECT job_id, customer_id, billing_profile_id, operator_id, tree_id FROM jobs WHERE $1::text IS NULL OR job_id = $1::text
), table_counts (ordinal, name, count) AS (
  VALUES
    (1, 'customers', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM customers) ELSE (SELECT count(DISTINCT customer_id) FROM picked) END),
    (2, 'billing_profiles', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM billing_profiles) ELSE (SELECT count(DISTINCT billing_profile_id) FROM picked) END),
    (3, 'operators', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM operators) ELSE (SELECT count(DISTINCT operator_id) FROM picked) END),
    (4, 'trees', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM trees) ELSE (SELECT count(DISTINCT tree_id) FROM picked) END),
    (5, 'jobs', (SELECT count(*) FROM picked)),
    (6, 'job_rounds', (SELECT count(*) FROM job_rounds WHERE $1::text IS NULL OR job_id = $1::text)),
    (7, 'round_recordings', (SELECT count(*) FROM round_recordings WHERE $1::text IS NULL OR job_id = $1::text)),
    (8, 'round_images', (SELECT count(*) FROM round_images WHERE $1::text IS NULL OR job_id = $1::text)),
    (9, 'job_finals', (SELECT count(*) FROM job_finals WHERE $1::text IS NULL OR job_id = $1::text)),
    (10, 'job_geojson_exports', (SELECT count(*) FROM job_geojson_exports WHERE $1::text IS NULL OR job_id = $1::text)),
    (11, 'artifacts', (SELECT count(*) FROM artifacts WHERE $1::text IS NULL OR job_id = $1::text)),
    (12, 'job_events', (SELECT count(*) FROM job_events WHERE $1::text IS NULL OR job_id = $1::text)),
    (13, 'reconciliation', (SELECT count(*) FROM reconciliation WHERE $1::text IS NULL OR job_id = $1::text)),
    (14, 'import_runs', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM import_runs)
                             ELSE (SELECT count(DISTINCT run_id) FROM job_events WHERE job_id = $1::text) END),
    (15, 'import_issues', (SELECT count(*) FROM import_issues WHERE $1::text IS NULL OR job_id = $1::text))
), unrecognised (ordinal, name, count) AS (
  VALUES
    (1, 'jobs.status', (SELECT count(*) FROM picked JOIN jobs USING (job_id)
                        WHERE jobs.status IS NULL AND jobs.status_raw IS NOT NULL)),
    (2, 'jobs.latest_round_status', (SELECT count(*) FROM picked JOIN jobs USING (job_id)
                                     WHERE latest_round_status IS NULL AND latest_round_status_raw IS NOT NULL)),
    (3, 'job_rounds.status', (SELECT count(*) FROM job_rounds WHERE ($1::text IS NULL OR job_id = $1::text)
                              AND status IS NULL AND status_raw IS NOT NULL)),
    (4, 'round_recordings.upload_status', (SELECT count(*) FROM round_recordings
                                           WHERE ($1::text IS NULL OR job_id = $1::text)
                                             AND upload_status IS NULL AND upload_status_raw IS NOT NULL))
), assigned AS (
  SELECT a.job_id, a.device_id FROM job_assignments a WHERE $1::text IS NOT NULL AND a.job_id = $1::text
), devices_in AS (
  SELECT d.device_id FROM devices d
  WHERE d.gone_run_id IS NULL AND ($1::text IS NULL OR d.device_id IN (SELECT device_id FROM assigned))
), tokens_in AS (
  SELECT t.revoked, t.expires_at FROM device_tokens t
  WHERE t.gone_run_id IS NULL AND ($1::text IS NULL OR t.device_id IN (SELECT device_id FROM assigned))
), storage_counts (ordinal, name, count) AS (
  VALUES
    (1, 'devices', (SELECT count(*) FROM devices_in)),
    (2, 'tokens_active', (SELECT count(*) FROM tokens_in
                          WHERE revoked IS NOT TRUE AND (expires_at IS NULL OR expires_at > now()))),
    (3, 'tokens_expired', (SELECT count(*) FROM tokens_in WHERE revoked IS NOT TRUE AND expires_at <= now())),
    (4, 'tokens_revoked', (SELECT count(*) FROM tokens_in WHERE revoked IS TRUE)),
    (5, 'assignments', CASE WHEN $1::text IS NULL THEN (SELECT count(*) FROM job_assignments)
                            ELSE (SELECT count(*) FROM assigned) END),
    (6, 'profiles', (SELECT count(*) FROM operator_profiles p
                     WHERE $1::text IS NULL OR p.device_id IN (SELECT device_id FROM assigned)))
), sections AS (
  SELECT 1 AS section_order, 'table' AS section, to_char(ordinal, 'FM00') AS sort_key, name, count::int AS count
  FROM table_counts
  UNION ALL
  SELECT 2, 'job_status', coalesce(status, ''), label, count(*)::int
  FROM (SELECT status, CASE WHEN status IS NOT NULL THEN status
                            WHEN status_raw IS NOT NULL THEN '(unrecognised)' ELSE '(none)' END AS label
        FROM picked JOIN jobs USING (job_id)) s
  GROUP BY status, label
  UNION ALL
  SELECT 3, 'unrecognised_status', to_char(ordinal, 'FM00'), name, count::int FROM unrecognised WHERE count > 0
  UNION ALL
  SELECT 4, 'storage_root', to_char(ordinal, 'FM00'), name, count::int FROM storage_counts
  UNION ALL
  SELECT 5, 'open_findings', kind, kind, count(*)::int
  FROM reconciliation
  WHERE status = 'open' AND ($1::text IS NULL OR job_id = $1::text)
  GROUP BY kind
)
SELECT section, name, count
FROM sections
WHERE $2::text IS NULL OR section = $2::text
ORDER BY section_order, sort_key COLLATE "C", name COLLATE "C"
