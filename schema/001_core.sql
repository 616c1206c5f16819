-- jobmig core schema: the read model of the design note (shared/seeds/000_400beb0692bfa348.txt).
-- Job-scoped tables are keyed by the legacy natural keys and lead with job_id, so reruns upsert by
-- key and a distributed PostgreSQL (Citus) can co-locate a job's rows by distributing on job_id.
-- Identity tables (customers, billing_profiles, operators, trees) are small and shared: reference tables.

-- Stable human codes (C0001, B0001, O0001, T0001). Width grows past 9999 instead of truncating.
-- Identity ids are given gap-free by the loader (max + n, under a table lock: see
-- src/import/sql/merge-identities.sql), not by sequences, so an interrupted run that is completed
-- later ends with exactly the ids and codes of a run that was never interrupted.
CREATE FUNCTION jobmig_code(prefix text, n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN prefix || lpad(n::text, greatest(4, length(n::text)), '0');

CREATE TABLE customers (
  id         bigint PRIMARY KEY,
  code       text GENERATED ALWAYS AS (jobmig_code('C', id)) STORED UNIQUE,
  name_key   text NOT NULL UNIQUE,            -- normalized name: case, width and spacing folded
  name       text NOT NULL,                   -- first spelling seen
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE billing_profiles (
  id                   bigint PRIMARY KEY,
  code                 text GENERATED ALWAYS AS (jobmig_code('B', id)) STORED UNIQUE,
  profile_key          text NOT NULL UNIQUE,   -- normalized [name, address, contact] as JSON
  billing_name         text,
  billing_address      text,
  billing_contact_name text,
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operators (
  id                   bigint PRIMARY KEY,
  code                 text GENERATED ALWAYS AS (jobmig_code('O', id)) STORED UNIQUE,
  name_key             text NOT NULL UNIQUE,
  name                 text NOT NULL,
  isa_number           text,
  phone                text,
  correspondence_email text,
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE trees (
  id              bigint PRIMARY KEY,
  code            text GENERATED ALWAYS AS (jobmig_code('T', id)) STORED UNIQUE,
  customer_id     bigint NOT NULL REFERENCES customers (id),
  tree_key        text NOT NULL,               -- the number when one can be read ("three" -> 3), else normalized text
  tree_number     bigint,
  tree_number_raw text NOT NULL,               -- first spelling seen
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (customer_id, tree_key)
);

CREATE TABLE jobs (
  job_id               text PRIMARY KEY,       -- the job folder's name: unique on disk by construction
  job_number           text,
  status               text,                   -- normalized (upper case); status_raw keeps what was written
  status_raw           text,
  latest_round_id      text,
  latest_round_status  text,
  tree_number          text,
  customer_name        text,
  address              text,
  tree_species         text,
  reason               text,
  job_name             text,
  job_address          text,
  job_phone            text,
  contact_preference   text,
  billing_name         text,
  billing_address      text,
  billing_contact_name text,
  location_notes       text,
  record_job_id        text,                   -- job_id as written inside job_record.json
  customer_id          bigint REFERENCES customers (id),
  billing_profile_id   bigint REFERENCES billing_profiles (id),
  operator_id          bigint REFERENCES operators (id),
  tree_id              bigint REFERENCES trees (id),
  record               jsonb,                  -- job_record.json as read, unknown fields included
  source               text NOT NULL CHECK (source IN ('record', 'final_only', 'folder_only')),
  fingerprint          text NOT NULL,          -- folder listing hash (paths, sizes, mtimes)
  content_sha256       text NOT NULL,          -- hash of every row the folder became
  first_run_id         bigint NOT NULL,
  last_run_id          bigint NOT NULL,
  imported_at          timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_job_number_idx ON jobs (job_number);
CREATE INDEX jobs_status_idx ON jobs (status);

CREATE TABLE job_rounds (
  job_id             text NOT NULL REFERENCES jobs (job_id),
  round_id           text NOT NULL,
  status             text,
  server_revision_id text,
  manifest_items     integer,
  manifest           jsonb,
  review             jsonb,
  row_sha256         text NOT NULL,
  PRIMARY KEY (job_id, round_id)
);

CREATE TABLE round_recordings (
  job_id          text NOT NULL REFERENCES jobs (job_id),
  section_id      text NOT NULL,
  recording_id    text NOT NULL,
  round_id        text,                        -- derived from manifests, then reviews; null = unplaced
  round_source    text CHECK (round_source IN ('manifest', 'review')),
  file_path       text,                        -- relative to the jobs root; null = metadata without bytes
  content_type    text,
  bytes           bigint,
  upload_status   text,
  duration_ms     bigint,
  uploaded_at     timestamptz,
  transcript_path text,
  meta            jsonb,
  row_sha256      text NOT NULL,
  PRIMARY KEY (job_id, section_id, recording_id)
);
CREATE INDEX round_recordings_round_idx ON round_recordings (job_id, round_id);

CREATE TABLE round_images (
  job_id       text NOT NULL REFERENCES jobs (job_id),
  image_id     text NOT NULL,
  section_id   text NOT NULL,
  round_id     text,
  round_source text CHECK (round_source IN ('manifest', 'review')),
  file_path    text,
  report_path  text,
  content_type text,
  bytes        bigint,
  report_bytes bigint,
  caption      text,
  latitude     double precision,
  longitude    double precision,
  uploaded_at  timestamptz,
  meta         jsonb,
  row_sha256   text NOT NULL,
  PRIMARY KEY (job_id, image_id)
);
CREATE INDEX round_images_round_idx ON round_images (job_id, round_id);

CREATE TABLE job_finals (
  job_id             text NOT NULL REFERENCES jobs (job_id),
  kind               text NOT NULL CHECK (kind IN ('final', 'correction')),
  round_id           text,
  server_revision_id text,
  client_revision_id text,
  archived_at        timestamptz,
  user_name          text,
  operator_id        bigint REFERENCES operators (id),
  source_path        text NOT NULL,
  payload            jsonb NOT NULL,           -- the snapshot: the reporting record
  payload_sha256     text NOT NULL,            -- sha256 of the file's bytes
  row_sha256         text NOT NULL,
  imported_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, kind)
);

CREATE TABLE job_geojson_exports (
  job_id         text NOT NULL REFERENCES jobs (job_id),
  kind           text NOT NULL CHECK (kind IN ('final', 'correction')),
  source_path    text NOT NULL,
  payload        jsonb NOT NULL,
  payload_sha256 text NOT NULL,
  row_sha256     text NOT NULL,
  PRIMARY KEY (job_id, kind)
);

CREATE TABLE artifacts (
  job_id     text NOT NULL REFERENCES jobs (job_id),
  path       text NOT NULL,                    -- relative to the jobs root
  kind       text NOT NULL CHECK (kind IN ('audio', 'transcript_txt', 'image', 'report_image', 'review_json',
               'manifest_json', 'final_json', 'final_pdf', 'report_pdf', 'report_docx', 'geojson', 'other')),
  round_id   text,
  snapshot   text CHECK (snapshot IN ('final', 'correction')),
  section_id text,
  media_id   text,
  size       bigint NOT NULL,
  mtime      timestamptz NOT NULL,
  sha256     text,                             -- known for the JSON files the import reads
  row_sha256 text NOT NULL,
  PRIMARY KEY (job_id, path)
);
CREATE INDEX artifacts_kind_idx ON artifacts (kind);

CREATE TABLE import_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  jobs_root   text NOT NULL,
  options     jsonb NOT NULL,
  lock_key    text NOT NULL,                   -- which import lock the run held (one per shard)
  counts      jsonb,                           -- per table: read, inserted, updated, deleted, errors
  folders     jsonb,                           -- job folders found, skipped unchanged, read, files read, missing
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  error       text
);

CREATE TABLE job_events (
  job_id     text NOT NULL REFERENCES jobs (job_id),
  id         bigint GENERATED ALWAYS AS IDENTITY,
  event_type text NOT NULL,
  payload    jsonb NOT NULL DEFAULT '{}',
  run_id     bigint REFERENCES import_runs (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, id)
);

CREATE TABLE import_issues (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id  bigint NOT NULL REFERENCES import_runs (id),
  job_id  text,
  path    text NOT NULL,                       -- relative to the jobs root
  pointer text NOT NULL DEFAULT '',            -- JSON pointer inside the file; '' = the whole file
  message text NOT NULL
);
CREATE INDEX import_issues_run_idx ON import_issues (run_id);
