-- The rest of the legacy storage root (LEGACY_LAYOUT.md "The rest of the storage root"): devices,
-- bearer tokens, job assignments and assessor profiles, plus the history the legacy files do not keep
-- (job_events for assignments, device_events for devices). Keyed by the legacy natural keys. Auth rows
-- are audit history ("keep permanently"): a device or token gone from its file is marked, never deleted.

ALTER TABLE import_runs ADD COLUMN storage_root text;   -- the storage root, when the run was given one
-- The profile file (its sha256 name) of an assessor known only from a profile.
ALTER TABLE operators ADD COLUMN source_profile text;

CREATE TABLE devices (
  device_id       text PRIMARY KEY,
  device_name     text,
  app_version     text,
  status          text,                      -- pending, approved, revoked (as written)
  role            text,                      -- arborist, admin (as written)
  created_at      timestamptz,
  updated_at      timestamptz,
  approved_at     timestamptz,
  revoked_at      timestamptz,
  last_seen_at    timestamptz,
  profile_summary jsonb,
  raw             jsonb NOT NULL,            -- the devices.json entry as read
  row_sha256      text NOT NULL,
  first_run_id    bigint NOT NULL REFERENCES import_runs (id),
  last_run_id     bigint NOT NULL REFERENCES import_runs (id),
  gone_run_id     bigint REFERENCES import_runs (id)   -- set while the device is absent from devices.json
);

-- The plaintext token is a live bearer secret: only its sha256 is kept, and raw has no token member.
CREATE TABLE device_tokens (
  token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),  -- hex sha256 of the token's UTF-8 bytes
  device_id    text,
  role         text,
  issued_at    timestamptz,
  expires_at   timestamptz,
  revoked      boolean,
  updated_at   timestamptz,
  raw          jsonb NOT NULL,
  row_sha256   text NOT NULL,
  first_run_id bigint NOT NULL REFERENCES import_runs (id),
  last_run_id  bigint NOT NULL REFERENCES import_runs (id),
  gone_run_id  bigint REFERENCES import_runs (id)
);
CREATE INDEX device_tokens_device_idx ON device_tokens (device_id);

-- The current assignment of each job, as job_assignments.json holds it. Its history is job_events
-- (assigned, reassigned, unassigned). No foreign key: an entry may name a job folder that is gone.
CREATE TABLE job_assignments (
  job_id       text PRIMARY KEY,
  device_id    text,
  assigned_by  text,
  assigned_at  timestamptz,
  raw          jsonb NOT NULL,
  row_sha256   text NOT NULL,
  first_run_id bigint NOT NULL REFERENCES import_runs (id),
  last_run_id  bigint NOT NULL REFERENCES import_runs (id)
);
CREATE INDEX job_assignments_device_idx ON job_assignments (device_id);

CREATE TABLE operator_profiles (
  profile_sha256        text PRIMARY KEY,   -- the file's name: sha256 hex of its identity key
  device_id             text,               -- when sha256('device:' || device_id) names the file
  operator_id           bigint REFERENCES operators (id),
  operator_key          text,               -- the name folded as operators.name_key folds it
  name                  text,
  phone                 text,
  isa_number            text,
  correspondence_street text,
  correspondence_city   text,
  correspondence_state  text,
  correspondence_zip    text,
  correspondence_email  text,
  source_path           text NOT NULL,      -- relative to the storage root
  raw                   jsonb NOT NULL,
  row_sha256            text NOT NULL,
  first_run_id          bigint NOT NULL REFERENCES import_runs (id),
  last_run_id           bigint NOT NULL REFERENCES import_runs (id)
);
CREATE INDEX operator_profiles_operator_idx ON operator_profiles (operator_id);

-- Device history: registered, approved, revoked, status_changed, role_changed, removed, token_issued,
-- token_revoked. Append-only like job_events, enforced the same way.
CREATE TABLE device_events (
  device_id  text NOT NULL REFERENCES devices (device_id),
  id         bigint GENERATED ALWAYS AS IDENTITY,
  event_type text NOT NULL,
  payload    jsonb NOT NULL DEFAULT '{}',
  run_id     bigint REFERENCES import_runs (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, id)
);

CREATE FUNCTION jobmig_guard_device_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'jobmig: device_events is append-only (no %) (event % of device %)', TG_OP, OLD.id, OLD.device_id
    USING ERRCODE = '55000';
END $$;

CREATE TRIGGER device_events_append_only BEFORE UPDATE OR DELETE ON device_events
  FOR EACH ROW EXECUTE FUNCTION jobmig_guard_device_events();

CREATE TRIGGER device_events_no_truncate BEFORE TRUNCATE ON device_events
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_refuse_truncate();

-- Fingerprints of the storage root's files (security/*.json, profiles/*.json): a rerun reads only
-- the files whose size or mtime changed, and merges only those whose bytes changed.
CREATE TABLE storage_root_files (
  path        text PRIMARY KEY,              -- relative to the storage root
  fingerprint text NOT NULL,                 -- size and mtime, or 'missing'
  sha256      text,                          -- of the bytes last read; NULL when missing
  last_run_id bigint NOT NULL REFERENCES import_runs (id)
);
