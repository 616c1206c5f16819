-- The fingerprint stored for each job ($1: only these job folders; NULL: all), so a run skips the
-- folders that did not change.
SELECT job_id, fingerprint FROM jobs WHERE $1::text[] IS NULL OR job_id = ANY ($1::text[]);
