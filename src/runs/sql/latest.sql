-- The id of the newest import run (no row when there is none).
SELECT max(id) AS id FROM import_runs HAVING max(id) IS NOT NULL
