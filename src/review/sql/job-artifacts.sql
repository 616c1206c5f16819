-- The artifact rows of one job among the given paths: the only files the review app serves.
-- $1 job_id, $2 paths relative to the jobs root.
SELECT path, kind, size FROM artifacts WHERE job_id = $1 AND path = ANY ($2::text[]);
