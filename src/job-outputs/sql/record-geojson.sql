-- Record a regenerated GeoJSON file's content, as the import would read it.
-- $1 job_id, $2 kind, $3 source_path, $4 payload, $5 payload_sha256, $6 row_sha256.
INSERT INTO job_geojson_exports (job_id, kind, source_path, payload, payload_sha256, row_sha256)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (job_id, kind) DO UPDATE SET
  source_path = excluded.source_path, payload = excluded.payload,
  payload_sha256 = excluded.payload_sha256, row_sha256 = excluded.row_sha256;
