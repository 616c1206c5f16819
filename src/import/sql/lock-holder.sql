-- The running import that holds a lock: any running one for the global key ($1 true; shards hold it
-- shared), else the run of shard key $2.
SELECT id, started_at, lock_key FROM import_runs
WHERE status = 'running' AND ($1::boolean OR lock_key = $2)
ORDER BY id DESC LIMIT 1;
