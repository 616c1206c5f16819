-- The jobs root of the latest import run: where commands that touch files look by default.
SELECT jobs_root FROM import_runs ORDER BY id DESC LIMIT 1;
