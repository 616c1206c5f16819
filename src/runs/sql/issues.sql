-- The import issues of one run ($1), in the order they were recorded.
SELECT job_id, path, pointer, message FROM import_issues WHERE run_id = $1 ORDER BY id
