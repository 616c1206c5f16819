-- Runs still saying "running" under a lock this session now holds died before finishing: a shard's
-- own earlier runs ($1: its lock key), or, for an unsharded run ($1 NULL), all of them.
UPDATE import_runs SET status = 'interrupted', finished_at = now(),
       error = 'the process ended before the run finished; the next run completed its work'
WHERE status = 'running' AND ($1::text IS NULL OR lock_key = $1);
