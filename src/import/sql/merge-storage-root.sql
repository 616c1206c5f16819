-- Merge the staged storage-root rows (src/model/storage-staging-tables.ts) in one transaction. The
-- run id comes from the session setting jobmig.run_id. A list is only compared whole (rows dropped,
-- devices and tokens marked gone) when stg_storage_lists names it: a list that was not read, or could
-- not be parsed, keeps every row it gave before. Each statement that writes a table returns
-- (tbl, inserted, updated, deleted).

-- Device history, worked out against the rows as they were before this run.
INSERT INTO stg_device_events (device_id, event_type, payload)
SELECT s.device_id, e.event_type, e.payload
FROM stg_devices s
LEFT JOIN devices d ON d.device_id = s.device_id
CROSS JOIN LATERAL (VALUES
  (CASE WHEN d.device_id IS NULL THEN 'registered' WHEN d.gone_run_id IS NOT NULL THEN 'reappeared' END,
   jsonb_build_object('status', s.status, 'role', s.role, 'created_at', s.created_at,
                      'approved_at', s.approved_at, 'revoked_at', s.revoked_at)),
  (CASE WHEN d.device_id IS NOT NULL AND lower(d.status) IS DISTINCT FROM lower(s.status) THEN
     CASE lower(s.status) WHEN 'approved' THEN 'approved' WHEN 'revoked' THEN 'revoked' ELSE 'status_changed' END
   END,
   jsonb_build_object('from', d.status, 'to', s.status, 'approved_at', s.approved_at, 'revoked_at', s.revoked_at)),
  (CASE WHEN d.device_id IS NOT NULL AND d.role IS DISTINCT FROM s.role THEN 'role_changed' END,
   jsonb_build_object('from', d.role, 'to', s.role))
) AS e (event_type, payload)
WHERE e.event_type IS NOT NULL
ORDER BY s.device_id COLLATE "C";

INSERT INTO stg_device_events (device_id, event_type, payload)
SELECT d.device_id, 'removed', jsonb_build_object('status', d.status, 'role', d.role)
FROM devices d
WHERE EXISTS (SELECT 1 FROM stg_storage_lists l WHERE l.list = 'devices') AND d.gone_run_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM stg_devices s WHERE s.device_id = d.device_id)
ORDER BY d.device_id COLLATE "C";

WITH up AS (
  INSERT INTO devices (device_id, device_name, app_version, status, role, created_at, updated_at, approved_at,
    revoked_at, last_seen_at, profile_summary, raw, row_sha256, first_run_id, last_run_id)
  SELECT device_id, device_name, app_version, status, role, created_at, updated_at, approved_at, revoked_at,
    last_seen_at, profile_summary, raw, row_sha256,
    current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM stg_devices
  ON CONFLICT (device_id) DO UPDATE SET
    device_name = excluded.device_name, app_version = excluded.app_version, status = excluded.status,
    role = excluded.role, created_at = excluded.created_at, updated_at = excluded.updated_at,
    approved_at = excluded.approved_at, revoked_at = excluded.revoked_at, last_seen_at = excluded.last_seen_at,
    profile_summary = excluded.profile_summary, raw = excluded.raw, row_sha256 = excluded.row_sha256,
    last_run_id = excluded.last_run_id, gone_run_id = NULL
  WHERE devices.row_sha256 <> excluded.row_sha256 OR devices.gone_run_id IS NOT NULL
  RETURNING (xmax = 0) AS inserted
), gone AS (
  UPDATE devices d SET gone_run_id = current_setting('jobmig.run_id')::bigint
  WHERE EXISTS (SELECT 1 FROM stg_storage_lists l WHERE l.list = 'devices') AND d.gone_run_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM stg_devices s WHERE s.device_id = d.device_id)
  RETURNING 1
)
SELECT 'devices' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM gone) AS deleted;

-- Token history: issued, revoked, removed from the file. Named by hash; never the token.
INSERT INTO stg_device_events (device_id, event_type, payload)
SELECT s.device_id, e.event_type,
       jsonb_build_object('token_sha256', s.token_sha256, 'role', s.role, 'issued_at', s.issued_at,
                          'expires_at', s.expires_at)
FROM stg_device_tokens s
LEFT JOIN device_tokens t ON t.token_sha256 = s.token_sha256
CROSS JOIN LATERAL (VALUES
  (CASE WHEN t.token_sha256 IS NULL THEN 'token_issued' END),
  (CASE WHEN s.revoked IS TRUE AND t.revoked IS NOT TRUE THEN 'token_revoked' END)
) AS e (event_type)
WHERE e.event_type IS NOT NULL AND s.device_id IS NOT NULL
ORDER BY s.device_id COLLATE "C", s.issued_at, s.token_sha256;

INSERT INTO stg_device_events (device_id, event_type, payload)
SELECT t.device_id, 'token_removed', jsonb_build_object('token_sha256', t.token_sha256, 'expires_at', t.expires_at)
FROM device_tokens t
WHERE EXISTS (SELECT 1 FROM stg_storage_lists l WHERE l.list = 'tokens') AND t.gone_run_id IS NULL
  AND t.device_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM stg_device_tokens s WHERE s.token_sha256 = t.token_sha256)
ORDER BY t.device_id COLLATE "C", t.token_sha256;

WITH up AS (
  INSERT INTO device_tokens (token_sha256, device_id, role, issued_at, expires_at, revoked, updated_at, raw,
    row_sha256, first_run_id, last_run_id)
  SELECT token_sha256, device_id, role, issued_at, expires_at, revoked, updated_at, raw, row_sha256,
    current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM stg_device_tokens
  ON CONFLICT (token_sha256) DO UPDATE SET
    device_id = excluded.device_id, role = excluded.role, issued_at = excluded.issued_at,
    expires_at = excluded.expires_at, revoked = excluded.revoked, updated_at = excluded.updated_at,
    raw = excluded.raw, row_sha256 = excluded.row_sha256, last_run_id = excluded.last_run_id, gone_run_id = NULL
  WHERE device_tokens.row_sha256 <> excluded.row_sha256 OR device_tokens.gone_run_id IS NOT NULL
  RETURNING (xmax = 0) AS inserted
), gone AS (
  UPDATE device_tokens t SET gone_run_id = current_setting('jobmig.run_id')::bigint
  WHERE EXISTS (SELECT 1 FROM stg_storage_lists l WHERE l.list = 'tokens') AND t.gone_run_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM stg_device_tokens s WHERE s.token_sha256 = t.token_sha256)
  RETURNING 1
)
SELECT 'device_tokens' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM gone) AS deleted;

-- Devices only: an event of a device no devices.json ever listed has nowhere to go.
WITH ins AS (
  INSERT INTO device_events (device_id, event_type, payload, run_id)
  SELECT e.device_id, e.event_type, e.payload, current_setting('jobmig.run_id')::bigint
  FROM stg_device_events e
  WHERE EXISTS (SELECT 1 FROM devices d WHERE d.device_id = e.device_id)
  ORDER BY e.seq
  RETURNING 1
)
SELECT 'device_events' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;

-- Assignment history (job_events): the file holds only the current assignment, so history is what
-- changed since the last run. Jobs not imported (no job folder) have no events; a finding names them.
INSERT INTO stg_assignment_events (job_id, event_type, payload)
SELECT s.job_id,
       CASE WHEN a.job_id IS NULL THEN 'assigned' ELSE 'reassigned' END,
       CASE WHEN a.job_id IS NULL
            THEN jsonb_build_object('device_id', s.device_id, 'assigned_at', s.assigned_at,
                                    'assigned_by', s.assigned_by)
            ELSE jsonb_build_object('from_device_id', a.device_id, 'to_device_id', s.device_id,
                                    'assigned_at', s.assigned_at, 'assigned_by', s.assigned_by) END
FROM stg_job_assignments s
LEFT JOIN job_assignments a ON a.job_id = s.job_id
WHERE a.job_id IS NULL OR a.device_id IS DISTINCT FROM s.device_id;

INSERT INTO stg_assignment_events (job_id, event_type, payload)
SELECT a.job_id, 'unassigned', jsonb_build_object('device_id', a.device_id, 'assigned_at', a.assigned_at)
FROM job_assignments a
WHERE EXISTS (SELECT 1 FROM stg_storage_lists l WHERE l.list = 'assignments')
  AND NOT EXISTS (SELECT 1 FROM stg_job_assignments s WHERE s.job_id = a.job_id);

WITH del AS (
  DELETE FROM job_assignments a
  WHERE EXISTS (SELECT 1 FROM stg_storage_lists l WHERE l.list = 'assignments')
    AND NOT EXISTS (SELECT 1 FROM stg_job_assignments s WHERE s.job_id = a.job_id)
  RETURNING 1
), up AS (
  INSERT INTO job_assignments (job_id, device_id, assigned_by, assigned_at, raw, row_sha256, first_run_id,
    last_run_id)
  SELECT job_id, device_id, assigned_by, assigned_at, raw, row_sha256,
    current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM stg_job_assignments
  ON CONFLICT (job_id) DO UPDATE SET
    device_id = excluded.device_id, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at,
    raw = excluded.raw, row_sha256 = excluded.row_sha256, last_run_id = excluded.last_run_id
  WHERE job_assignments.row_sha256 <> excluded.row_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'job_assignments' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

WITH ins AS (
  INSERT INTO job_events (job_id, event_type, payload, run_id)
  SELECT e.job_id, e.event_type, e.payload, current_setting('jobmig.run_id')::bigint
  FROM stg_assignment_events e JOIN jobs j ON j.job_id = e.job_id
  ORDER BY e.job_id COLLATE "C"
  RETURNING 1
)
SELECT 'job_events' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;

-- A job folder imported after its assignment was first read (or restored) starts its history too:
-- an assigned event for a current assignment of a job that has none.
WITH ins AS (
  INSERT INTO job_events (job_id, event_type, payload, run_id)
  SELECT a.job_id, 'assigned',
         jsonb_build_object('device_id', a.device_id, 'assigned_at', a.assigned_at, 'assigned_by', a.assigned_by),
         current_setting('jobmig.run_id')::bigint
  FROM job_assignments a JOIN jobs j ON j.job_id = a.job_id
  WHERE NOT EXISTS (SELECT 1 FROM job_events e
                    WHERE e.job_id = a.job_id AND e.event_type IN ('assigned', 'reassigned', 'unassigned'))
  ORDER BY a.job_id COLLATE "C"
  RETURNING 1
)
SELECT 'job_events' AS tbl, count(*) AS inserted, 0 AS updated, 0 AS deleted FROM ins;

-- Assessors known only from a profile are operators too: numbered gap-free after the existing ones,
-- as merge-identities.sql numbers them. A job naming the assessor later takes over the spelling.
LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE;

WITH cand AS (
  SELECT DISTINCT ON (name_key) * FROM stg_profile_operators ORDER BY name_key, source_profile, seq
), new AS (
  SELECT c.*, row_number() OVER (ORDER BY c.seq) AS n
  FROM cand c WHERE NOT EXISTS (SELECT 1 FROM operators x WHERE x.name_key = c.name_key)
), ins AS (
  INSERT INTO operators (id, name_key, name, isa_number, phone, correspondence_email, source_profile)
  SELECT (SELECT coalesce(max(id), 0) FROM operators) + n, name_key, name, isa_number, phone,
         correspondence_email, source_profile
  FROM new
  RETURNING 1
), upd AS (
  UPDATE operators x
  SET name = c.name, isa_number = c.isa_number, phone = c.phone, correspondence_email = c.correspondence_email,
      source_profile = c.source_profile
  FROM cand c
  WHERE x.name_key = c.name_key AND x.source_job_id IS NULL
    AND (x.source_profile IS NULL OR c.source_profile <= x.source_profile)
    AND (x.name, x.isa_number, x.phone, x.correspondence_email, x.source_profile)
        IS DISTINCT FROM (c.name, c.isa_number, c.phone, c.correspondence_email, c.source_profile)
  RETURNING 1
)
SELECT 'operators' AS tbl, (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated,
       0 AS deleted;

WITH del AS (
  DELETE FROM operator_profiles p
  WHERE NOT EXISTS (SELECT 1 FROM stg_profile_files f WHERE f.profile_sha256 = p.profile_sha256)
  RETURNING 1
), up AS (
  INSERT INTO operator_profiles (profile_sha256, operator_key, name, phone, isa_number, correspondence_street,
    correspondence_city, correspondence_state, correspondence_zip, correspondence_email, source_path, raw,
    row_sha256, first_run_id, last_run_id)
  SELECT profile_sha256, operator_key, name, phone, isa_number, correspondence_street, correspondence_city,
    correspondence_state, correspondence_zip, correspondence_email, source_path, raw, row_sha256,
    current_setting('jobmig.run_id')::bigint, current_setting('jobmig.run_id')::bigint
  FROM stg_operator_profiles
  ON CONFLICT (profile_sha256) DO UPDATE SET
    operator_key = excluded.operator_key, name = excluded.name, phone = excluded.phone,
    isa_number = excluded.isa_number, correspondence_street = excluded.correspondence_street,
    correspondence_city = excluded.correspondence_city, correspondence_state = excluded.correspondence_state,
    correspondence_zip = excluded.correspondence_zip, correspondence_email = excluded.correspondence_email,
    source_path = excluded.source_path, raw = excluded.raw, row_sha256 = excluded.row_sha256,
    last_run_id = excluded.last_run_id
  WHERE operator_profiles.row_sha256 <> excluded.row_sha256
  RETURNING (xmax = 0) AS inserted
)
SELECT 'operator_profiles' AS tbl, (SELECT count(*) FROM up WHERE inserted) AS inserted,
       (SELECT count(*) FROM up WHERE NOT inserted) AS updated, (SELECT count(*) FROM del) AS deleted;

-- Attribution and operator of every profile (a device or an assessor may be new in this run): a
-- profile belongs to the device whose sha256('device:' || device_id) is its file name.
UPDATE operator_profiles p SET device_id = m.device_id, operator_id = m.operator_id
FROM (
  SELECT p2.profile_sha256, d.device_id, o.id AS operator_id
  FROM operator_profiles p2
  LEFT JOIN (SELECT device_id, encode(sha256(convert_to('device:' || device_id, 'UTF8')), 'hex') AS key_sha256
             FROM devices) d ON d.key_sha256 = p2.profile_sha256
  LEFT JOIN operators o ON o.name_key = p2.operator_key
) m
WHERE m.profile_sha256 = p.profile_sha256
  AND (p.device_id, p.operator_id) IS DISTINCT FROM (m.device_id, m.operator_id);
