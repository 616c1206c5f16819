-- A run's end: $1 run id, $2 status, $3 per-table counts (JSON), $4 folder counts (JSON), $5 error.
UPDATE import_runs SET finished_at = now(), status = $2, counts = $3, folders = $4, error = $5
WHERE id = $1;
