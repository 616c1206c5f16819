-- The storage root's findings, recomputed whole at the end of a run that read a storage root: they
-- compare files a rerun may not have re-read (devices, tokens, assignments, profiles, finals), so the
-- database works them out from the stored rows. $1 = run id, $2 = every job folder the run found.
-- Findings about a file rather than a job carry that file's path (relative to the storage root) in
-- job_id.
-- Ids are the rules' formula over the values (jobmig_finding_id, schema/010); tokens are named by a
-- hash prefix only.
-- Severities are the registry's (src/reconcile/registry.ts).
-- Times in values are ISO text in UTC, whatever the session's TimeZone: ids must not depend on it.
WITH found AS (
  SELECT unnest($2::text[]) AS job_id
), known AS (
  SELECT device_id, status FROM devices WHERE gone_run_id IS NULL
), current_tokens AS (
  SELECT * FROM device_tokens WHERE gone_run_id IS NULL
), assignment_job_missing (job_id, summary, source_values, paths) AS (
  SELECT a.job_id,
         'job ' || a.job_id || ' is assigned to device ' || coalesce(a.device_id, '(none)')
           || ' but has no job folder',
         jsonb_build_object('job_assignments', a.device_id, 'job_folder', 'missing'),
         jsonb_build_array('security/job_assignments.json')
  FROM job_assignments a WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.job_id = a.job_id)
), assignment_device_unknown (job_id, summary, source_values, paths) AS (
  SELECT a.job_id,
         'job ' || a.job_id || ' is assigned to device ' || coalesce(a.device_id, '(none)')
           || ', which devices.json does not list',
         jsonb_build_object('job_assignments', a.device_id, 'devices', NULL),
         jsonb_build_array('security/job_assignments.json', 'security/devices.json')
  FROM job_assignments a WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.device_id = a.device_id)
), assignment_device_inactive (job_id, summary, source_values, paths) AS (
  SELECT a.job_id,
         'job ' || a.job_id || ' is assigned to device ' || a.device_id || ', which is ' || k.status,
         jsonb_build_object('job_assignments', a.device_id, 'devices', k.status),
         jsonb_build_array('security/job_assignments.json', 'security/devices.json')
  FROM job_assignments a JOIN known k ON k.device_id = a.device_id
  WHERE lower(k.status) IN ('pending', 'revoked')
), token_device_unknown (job_id, summary, source_values, paths) AS (
  SELECT 'security/tokens.json',
         'a token (sha256 ' || left(t.token_sha256, 12) || ') names device ' || coalesce(t.device_id,
           '(none)')
           || ', which devices.json does not list',
         jsonb_build_object('tokens', jsonb_build_object('device_id', t.device_id,
                                                         'token_sha256_prefix', left(t.token_sha256, 12)),
                            'devices', NULL),
         jsonb_build_array('security/tokens.json', 'security/devices.json')
  FROM current_tokens t WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.device_id = t.device_id)
), active_tokens AS (
  SELECT device_id, count(*) AS n,
         to_char(max(expires_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at,
         jsonb_agg(left(token_sha256, 12) ORDER BY token_sha256) AS prefixes
  FROM current_tokens
  WHERE revoked IS NOT TRUE AND (expires_at IS NULL OR expires_at > now())
  GROUP BY device_id
), token_plaintext_active (job_id, summary, source_values, paths) AS (
  SELECT 'security/tokens.json',
         'device ' || coalesce(device_id, '(none)') || ' has ' || n ||
           ' active token(s) in plain text on disk'
           || ', expiring ' || coalesce(expires_at, 'never') || ': rotate them',
         jsonb_build_object('device_id', device_id, 'expires_at', expires_at, 'token_sha256_prefixes',
           prefixes),
         jsonb_build_array('security/tokens.json')
  FROM active_tokens
), profile_unattributed (job_id, summary, source_values, paths) AS (
  SELECT p.source_path,
         'profile ' || p.source_path
           || ' belongs to no known device (an admin console profile, or a device not listed)',
         jsonb_build_object('profile', p.name, 'devices', NULL),
         jsonb_build_array(p.source_path)
  FROM operator_profiles p WHERE p.device_id IS NULL
), profile_final_mismatch (job_id, summary, source_values, paths) AS (
  SELECT f.job_id,
         'the ' || f.kind || ' of ' || f.job_id || ' by ' || coalesce(f.user_name, '(none)')
           || ' has a profile that differs from device ' || p.device_id || '''s profile (ISA number, phone)',
         jsonb_build_object('profile', jsonb_build_object('device_id', p.device_id, 'isa_number',
           p.isa_number,
                                                          'phone', p.phone),
                            f.kind, jsonb_build_object('isa_number', f.payload -> 'profile' ->> 'isa_number',
                                                       'phone', f.payload -> 'profile' ->> 'phone')),
         jsonb_build_array(p.source_path, f.source_path)
  FROM operator_profiles p
  JOIN job_finals f ON f.operator_id = p.operator_id
  WHERE p.device_id IS NOT NULL AND jsonb_typeof(f.payload -> 'profile') = 'object'
    AND ((p.isa_number IS NOT NULL AND f.payload -> 'profile' ->> 'isa_number' IS NOT NULL
          AND p.isa_number <> f.payload -> 'profile' ->> 'isa_number')
      OR (p.phone IS NOT NULL AND f.payload -> 'profile' ->> 'phone' IS NOT NULL
          AND p.phone <> f.payload -> 'profile' ->> 'phone'))
), cur AS (
  SELECT jobmig_finding_id(job_id, 'assignment_job_missing', source_values) AS id,
         'assignment_job_missing' AS kind, 'warning' AS severity, *
  FROM assignment_job_missing
  UNION ALL
  SELECT jobmig_finding_id(job_id, 'assignment_device_unknown', source_values) AS id,
         'assignment_device_unknown' AS kind, 'warning' AS severity, *
  FROM assignment_device_unknown
  UNION ALL
  SELECT jobmig_finding_id(job_id, 'assignment_device_inactive', source_values) AS id,
         'assignment_device_inactive' AS kind, 'warning' AS severity, *
  FROM assignment_device_inactive
  UNION ALL
  SELECT jobmig_finding_id(job_id, 'token_device_unknown', source_values) AS id,
         'token_device_unknown' AS kind, 'warning' AS severity, *
  FROM token_device_unknown
  UNION ALL
  SELECT jobmig_finding_id(job_id, 'token_plaintext_active', source_values) AS id,
         'token_plaintext_active' AS kind, 'error' AS severity, *
  FROM token_plaintext_active
  UNION ALL
  SELECT jobmig_finding_id(job_id, 'profile_unattributed', source_values) AS id,
         'profile_unattributed' AS kind, 'info' AS severity, *
  FROM profile_unattributed
  UNION ALL
  SELECT jobmig_finding_id(job_id, 'profile_final_mismatch', source_values) AS id,
         'profile_final_mismatch' AS kind, 'warning' AS severity, *
  FROM profile_final_mismatch
), seen AS (
  INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id,
    last_run_id)
  SELECT job_id, id, kind, severity, summary, source_values, paths, $1, $1
  FROM cur
  ON CONFLICT (job_id, id) DO UPDATE SET
    severity = excluded.severity, summary = excluded.summary, paths = excluded.paths,
    last_run_id = excluded.last_run_id, gone_run_id = NULL, updated_at = now()
  RETURNING job_id, id, (xmax = 0) AS inserted
), gone AS (
  UPDATE reconciliation r SET gone_run_id = $1, updated_at = now()
  WHERE r.kind IN ('assignment_job_missing', 'assignment_device_unknown', 'assignment_device_inactive',
                   'token_device_unknown', 'token_plaintext_active', 'profile_unattributed',
                   'profile_final_mismatch')
    AND r.gone_run_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.job_id = r.job_id AND s.id = r.id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM seen WHERE inserted) AS inserted, (SELECT count(*) FROM gone) AS gone;
