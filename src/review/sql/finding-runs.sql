-- The import runs a finding names (first seen, last seen, gone). $1 run ids.
SELECT id::text, started_at, finished_at, status FROM import_runs WHERE id = ANY ($1::bigint[]) ORDER BY id;
