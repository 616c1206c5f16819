-- Devices: status, role, last seen, current assignments, active tokens (--kind pending|approved|revoked)
-- $1 job_id (NULL = every device; else the device that job is assigned to), $2 device status (NULL = all).
-- Active token: in tokens.json, not revoked, not expired. Tokens are counted, never shown.
SELECT d.device_id,
       d.device_name,
       d.status,
       d.role,
       d.app_version,
       d.last_seen_at,
       d.gone_run_id IS NULL AS in_devices_json,
       p.name AS profile_name,
       coalesce(a.assignments, 0) AS current_assignments,
       coalesce(a.jobs, '[]') AS assigned_jobs,
       coalesce(t.active, 0) AS active_tokens,
       t.latest_expiry AS active_tokens_expire_at
FROM devices d
LEFT JOIN operator_profiles p ON p.device_id = d.device_id
LEFT JOIN LATERAL (
  SELECT count(*)::int AS assignments, jsonb_agg(x.job_id ORDER BY x.job_id COLLATE "C") AS jobs
  FROM job_assignments x WHERE x.device_id = d.device_id
) a ON true
LEFT JOIN LATERAL (
  SELECT count(*)::int AS active, max(x.expires_at) AS latest_expiry
  FROM device_tokens x
  WHERE x.device_id = d.device_id AND x.gone_run_id IS NULL AND x.revoked IS NOT TRUE
    AND (x.expires_at IS NULL OR x.expires_at > now())
) t ON true
WHERE ($1::text IS NULL
       OR EXISTS (SELECT 1 FROM job_assignments x WHERE x.device_id = d.device_id AND x.job_id = $1::text))
  AND ($2::text IS NULL OR lower(d.status) = lower($2::text))
ORDER BY d.device_id COLLATE "C"
