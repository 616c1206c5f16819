-- Write the current correction of a job. Replacing one is audited by the job_finals trigger
-- (schema/003_write_model.sql), which appends correction_replaced with the old and new hashes.
-- $1 job_id, $2 round_id, $3 server_revision_id, $4 client_revision_id, $5 archived_at, $6 user_name,
-- $7 operator name_key, $8 source_path, $9 payload, $10 payload_sha256, $11 row_sha256.
INSERT INTO job_finals (job_id, kind, round_id, server_revision_id, client_revision_id, archived_at,
  user_name,
  operator_id, source_path, payload, payload_sha256, row_sha256)
VALUES ($1, 'correction', $2, $3, $4, $5, $6, (SELECT id FROM operators WHERE name_key = $7), $8, $9, $10,
  $11)
ON CONFLICT (job_id, kind) DO UPDATE SET
  round_id = excluded.round_id, server_revision_id = excluded.server_revision_id,
  client_revision_id = excluded.client_revision_id, archived_at = excluded.archived_at,
  user_name = excluded.user_name, operator_id = excluded.operator_id, source_path = excluded.source_path,
  payload = excluded.payload, payload_sha256 = excluded.payload_sha256, row_sha256 = excluded.row_sha256,
  imported_at = now()
WHERE job_finals.payload_sha256 <> excluded.payload_sha256;
