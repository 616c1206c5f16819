-- Jobs in the database whose folder is not among the given ones (gone from disk, or another root).
-- $1 job ids found on disk (text[]).
SELECT job_id FROM jobs WHERE NOT (job_id = ANY ($1::text[])) ORDER BY job_id COLLATE "C"
