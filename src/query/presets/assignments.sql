-- Job assignments: job, job number and status, device and device status, when and by whom (--kind stale)
-- $1 job_id (NULL = all), $2 'stale' = archived jobs still assigned, and jobs assigned to a device that is
-- not approved (pending, revoked, or not in devices.json); NULL = every assignment.
SELECT s.job_id, s.job_number, s.job_status, s.job_imported, s.device_id, s.device_name, s.device_status,
       s.assigned_at, s.assigned_by, s.stale_reason
FROM (
  SELECT a.job_id,
         j.job_number,
         j.status AS job_status,
         j.job_id IS NOT NULL AS job_imported,
         a.device_id,
         d.device_name,
         d.status AS device_status,
         a.assigned_at,
         a.assigned_by,
         CASE
           WHEN j.status = 'ARCHIVED' THEN 'job archived'
           WHEN d.device_id IS NULL OR d.gone_run_id IS NOT NULL THEN 'device not in devices.json'
           WHEN lower(d.status) IS DISTINCT FROM 'approved' THEN 'device ' || coalesce(d.status,
             'without status')
         END AS stale_reason
  FROM job_assignments a
  LEFT JOIN jobs j ON j.job_id = a.job_id
  LEFT JOIN devices d ON d.device_id = a.device_id
  WHERE $1::text IS NULL OR a.job_id = $1::text
) s
WHERE $2::text IS NULL OR ($2::text = 'stale' AND s.stale_reason IS NOT NULL)
ORDER BY s.job_id COLLATE "C"
