-- Per-session staging tables for the storage root's files (src/model/security-rows.ts), COPYed by
-- src/import/security-load.ts and merged by merge-security.sql in one transaction.
CREATE TEMP TABLE IF NOT EXISTS stg_devices (
  device_id text, device_name text, app_version text, status text, role text, created_at timestamptz,
  updated_at timestamptz, approved_at timestamptz, revoked_at timestamptz, last_seen_at timestamptz,
  profile_summary jsonb, raw jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_device_tokens (
  token_sha256 text, device_id text, role text, issued_at timestamptz, expires_at timestamptz, revoked boolean,
  updated_at timestamptz, raw jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_job_assignments (
  job_id text, device_id text, assigned_by text, assigned_at timestamptz, raw jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_operator_profiles (
  profile_sha256 text, operator_key text, name text, phone text, isa_number text, correspondence_street text,
  correspondence_city text, correspondence_state text, correspondence_zip text, correspondence_email text,
  source_path text, raw jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_profile_operators (
  name_key text, name text, isa_number text, phone text, correspondence_email text, source_profile text,
  seq bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DELETE ROWS;
-- The lists this run read whole (devices, tokens, assignments): only they may drop rows or mark them gone.
CREATE TEMP TABLE IF NOT EXISTS stg_storage_lists (list text) ON COMMIT DELETE ROWS;
-- Every profile file on disk, read this run or not: profiles whose file is gone are deleted.
CREATE TEMP TABLE IF NOT EXISTS stg_profile_files (profile_sha256 text) ON COMMIT DELETE ROWS;
-- Events worked out before the rows they compare are overwritten.
CREATE TEMP TABLE IF NOT EXISTS stg_device_events (
  device_id text, event_type text, payload jsonb, seq bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_assignment_events (
  job_id text, event_type text, payload jsonb
) ON COMMIT DELETE ROWS;
