-- The file path of every issue run $1 logged (each counts as an error of the table it would have fed).
SELECT path FROM import_issues WHERE run_id = $1;
