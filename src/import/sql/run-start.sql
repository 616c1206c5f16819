-- A run's row: $1 jobs root, $2 storage root (or NULL), $3 the options asked for (JSON), $4 lock key.
INSERT INTO import_runs (jobs_root, storage_root, options, lock_key)
VALUES ($1, $2, $3, $4)
RETURNING id;
