-- Rewrite import issues by id with their redacted text (src/import/token-rerun.ts).
UPDATE import_issues i
SET path = r.path, pointer = r.pointer, message = r.message
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS r(id, path, pointer, message)
WHERE i.id = r.id;
