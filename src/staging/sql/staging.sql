-- Per-session staging tables the loader COPYs each batch into. ON COMMIT DELETE ROWS: every batch
-- transaction starts empty. Identity rows carry seq (COPY order) so codes follow first appearance.
CREATE TEMP TABLE IF NOT EXISTS stg_jobs (
  job_id text, job_number text, status text, status_raw text, latest_round_id text, latest_round_status text,
  tree_number text, customer_name text, address text, tree_species text, reason text, job_name text,
  job_address text, job_phone text, contact_preference text, billing_name text, billing_address text,
  billing_contact_name text, location_notes text, record_job_id text, customer_key text, billing_key text,
  operator_key text, tree_key text, record jsonb, source text, fingerprint text, content_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_customers (
  name_key text, name text, source_job_id text, seq bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_billing_profiles (
  profile_key text, billing_name text, billing_address text, billing_contact_name text, source_job_id text,
  seq bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_operators (
  name_key text, name text, isa_number text, phone text, correspondence_email text, source_job_id text,
  seq bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_trees (
  customer_key text, tree_key text, tree_number bigint, tree_number_raw text, source_job_id text,
  seq bigint GENERATED ALWAYS AS IDENTITY
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_rounds (
  job_id text, round_id text, status text, server_revision_id text, manifest_items integer,
  manifest jsonb, review jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_recordings (
  job_id text, section_id text, recording_id text, round_id text, round_source text, mentioned_in text[], file_path text,
  content_type text, bytes bigint, upload_status text, duration_ms bigint, uploaded_at timestamptz,
  transcript_path text, meta jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_images (
  job_id text, image_id text, section_id text, round_id text, round_source text, mentioned_in text[], file_path text,
  report_path text, content_type text, bytes bigint, report_bytes bigint, caption text,
  latitude double precision, longitude double precision, uploaded_at timestamptz, meta jsonb, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_finals (
  job_id text, kind text, round_id text, server_revision_id text, client_revision_id text,
  archived_at timestamptz, user_name text, operator_key text, source_path text, payload jsonb,
  payload_sha256 text, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_geojson (
  job_id text, kind text, source_path text, payload jsonb, payload_sha256 text, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_artifacts (
  job_id text, path text, kind text, round_id text, snapshot text, section_id text, media_id text,
  size bigint, mtime timestamptz, sha256 text, row_sha256 text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stg_findings (
  job_id text, id text, kind text, severity text, summary text, source_values jsonb, paths jsonb
) ON COMMIT DELETE ROWS;
-- The jobs of a batch whose rows are merged: content changed (inserted or updated), or, in a --full
-- run (session setting jobmig.full = on), every job, so rows deleted or altered by hand are repaired.
CREATE TEMP TABLE IF NOT EXISTS batch_changed (
  job_id text PRIMARY KEY, inserted boolean, content_changed boolean
) ON COMMIT DELETE ROWS;
