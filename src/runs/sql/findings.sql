-- The findings one run ($1) opened (new), reopened (gone, then seen again) and closed (gone).
SELECT c.change, f.id, f.job_id, f.kind, f.severity, f.summary
FROM finding_changes c
JOIN reconciliation f ON f.job_id = c.job_id AND f.id = c.finding_id
WHERE c.run_id = $1
ORDER BY c.change, f.job_id COLLATE "C", f.kind, f.id
