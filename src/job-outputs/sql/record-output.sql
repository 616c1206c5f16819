-- Record a regenerated output file: insert its artifacts row, or re-point and re-hash the existing one.
-- The media trigger (schema/003_write_model.sql) refuses this for an uploaded medium's row.
-- $1 job_id, $2 path, $3 kind, $4 snapshot, $5 size, $6 mtime, $7 sha256, $8 row_sha256.
INSERT INTO artifacts (job_id, path, kind, round_id, snapshot, section_id, media_id, size, mtime, sha256, row_sha256)
VALUES ($1, $2, $3, NULL, $4, NULL, NULL, $5, $6, $7, $8)
ON CONFLICT (job_id, path) DO UPDATE SET
  kind = excluded.kind, snapshot = excluded.snapshot, size = excluded.size, mtime = excluded.mtime,
  sha256 = excluded.sha256, row_sha256 = excluded.row_sha256;
