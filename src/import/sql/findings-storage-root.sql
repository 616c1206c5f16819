-- The storage root's findings, recomputed whole at the end of a run that read a storage root: they
-- compare files a rerun may not have re-read (devices, tokens, assignments, profiles, finals), so the
-- database works them out from the stored rows. $1 = run id, $2 = every job folder the run found.
-- Findings about a file rather than a job carry that file's path (relative to the storage root) in job_id.
-- Ids are stable like the rules' (job, kind, values). Tokens are named by a hash prefix only.
-- Times in values are ISO text in UTC, whatever the session's TimeZone: ids must not depend on it.
WITH found AS (
  SELECT unnest($2::text[]) AS job_id
), known AS (
  SELECT device_id, status FROM devices WHERE gone_run_id IS NULL
), current_tokens AS (
  SELECT * FROM device_tokens WHERE gone_run_id IS NULL
), cur (job_id, kind, severity, summary, source_values, paths) AS (
  SELECT a.job_id, 'assignment_job_missing', 'warning',
         'job ' || a.job_id || ' is assigned to device ' || coalesce(a.device_id, '(none)') || ' but has no job folder',
         jsonb_build_object('job_assignments', a.device_id, 'job_folder', 'missing'),
         jsonb_build_array('security/job_assignments.json')
  FROM job_assignments a WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.job_id = a.job_id)
  UNION ALL
  SELECT a.job_id, 'assignment_device_unknown', 'warning',
         'job ' || a.job_id || ' is assigned to device ' || coalesce(a.device_id, '(none)') || ', which devices.json does not list',
         jsonb_build_object('job_assignments', a.device_id, 'devices', NULL),
         jsonb_build_array('security/job_assignments.json', 'security/devices.json')
  FROM job_assignments a WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.device_id = a.device_id)
  UNION ALL
  SELECT a.job_id, 'assignment_device_inactive', 'warning',
         'job ' || a.job_id || ' is assigned to device ' || a.device_id || ', which is ' || k.status,
         jsonb_build_object('job_assignments', a.device_id, 'devices', k.status),
         jsonb_build_array('security/job_assignments.json', 'security/devices.json')
  FROM job_assignments a JOIN known k ON k.device_id = a.device_id
  WHERE lower(k.status) IN ('pending', 'revoked')
  UNION ALL
  SELECT 'security/tokens.json', 'token_device_unknown', 'warning',
         'a token (sha256 ' || left(t.token_sha256, 12) || ') names device ' || coalesce(t.device_id, '(none)')
           || ', which devices.json does not list',
         jsonb_build_object('tokens', jsonb_build_object('device_id', t.device_id, 'token_sha256_prefix', left(t.token_sha256, 12)),
                            'devices', NULL),
         jsonb_build_array('security/tokens.json', 'security/devices.json')
  FROM current_tokens t WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.device_id = t.device_id)
  UNION ALL
  SELECT 'security/tokens.json', 'token_plaintext_active', 'error',
         'device ' || coalesce(device_id, '(none)') || ' has ' || count(*) || ' active token(s) in plain text on disk'
           || ', expiring ' || coalesce(to_char(max(expires_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'never') || ': rotate them',
         jsonb_build_object('device_id', device_id, 'expires_at', to_char(max(expires_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                            'token_sha256_prefixes', jsonb_agg(left(token_sha256, 12) ORDER BY token_sha256)),
         jsonb_build_array('security/tokens.json')
  FROM current_tokens
  WHERE revoked IS NOT TRUE AND (expires_at IS NULL OR expires_at > now())
  GROUP BY device_id
  UNION ALL
  SELECT p.source_path, 'profile_unattributed', 'info',
         'profile ' || p.source_path || ' belongs to no known device (an admin console profile, or a device not listed)',
         jsonb_build_object('profile', p.name, 'devices', NULL),
         jsonb_build_array(p.source_path)
  FROM operator_profiles p WHERE p.device_id IS NULL
  UNION ALL
  SELECT f.job_id, 'profile_final_mismatch', 'warning',
         'the ' || f.kind || ' of ' || f.job_id || ' by ' || coalesce(f.user_name, '(none)')
           || ' has a profile that differs from device ' || p.device_id || '''s profile (ISA number, phone)',
         jsonb_build_object('profile', jsonb_build_object('device_id', p.device_id, 'isa_number', p.isa_number, 'phone', p.phone),
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
), seen AS (
  INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id, last_run_id)
  SELECT job_id,
         'F' || left(encode(sha256(convert_to(job_id || E'\n' || kind || E'\n' || source_values::text, 'UTF8')), 'hex'), 15),
         kind, severity, summary, source_values, paths, $1, $1
  FROM cur
  ON CONFLICT (job_id, id) DO UPDATE SET
    severity = excluded.severity, summary = excluded.summary, paths = excluded.paths,
    last_run_id = excluded.last_run_id, gone_run_id = NULL, updated_at = now()
  RETURNING job_id, id, (xmax = 0) AS inserted
), gone AS (
  UPDATE reconciliation r SET gone_run_id = $1, updated_at = now()
  WHERE r.kind IN ('assignment_job_missing', 'assignment_device_unknown', 'assignment_device_inactive',
                   'token_device_unknown', 'token_plaintext_active', 'profile_unattributed', 'profile_final_mismatch')
    AND r.gone_run_id IS NULL
    AND NOT EXISTS (SELECT 1 FROM seen s WHERE s.job_id = r.job_id AND s.id = r.id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM seen WHERE inserted) AS inserted, (SELECT count(*) FROM gone) AS gone;
