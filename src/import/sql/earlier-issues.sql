-- The import issues of the runs before run $1: after a run learns new tokens, they are redacted again
-- (src/import/token-rerun.ts).
SELECT id, path, pointer, message FROM import_issues WHERE run_id < $1 ORDER BY id;
