-- The artifact row behind path number $2 (from 0) of finding $1, if that path is an artifact of the
-- finding's own job: the only way the app finds a finding's file.
SELECT r.job_id, a.path, a.kind, a.size
FROM reconciliation r
JOIN artifacts a ON a.job_id = r.job_id AND a.path = r.paths ->> $2::int
WHERE r.id = $1;
