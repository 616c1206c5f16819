-- The exact bytes of final.json and final_correction.json: the archived snapshots are the legal
-- record, and jsonb does not keep them (it reorders keys, normalises whitespace and numbers).
-- payload stays the queryable copy; snapshot_bytes is the record, and payload_sha256 is its hash.

ALTER TABLE job_finals ADD COLUMN snapshot_bytes bytea;

-- Rows imported before this migration have no bytes (NULL); the next import fills them in from files
-- that still hash to payload_sha256 (src/import/sql/merge-batch.sql), never from any other file.
ALTER TABLE job_finals ADD CONSTRAINT job_finals_snapshot_bytes_sha256
  CHECK (snapshot_bytes IS NULL OR encode(sha256(snapshot_bytes), 'hex') = payload_sha256);

-- lz4 where the server was built with it (PostgreSQL 14+ with --with-lz4), else the default pglz.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings
             WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE job_finals ALTER COLUMN snapshot_bytes SET COMPRESSION lz4;
  END IF;
END $$;

-- Rule 1 of schema/003_write_model.sql, with one exception: an archived final's missing bytes may be
-- filled in once (the CHECK above ties them to the stored hash); nothing else of it ever changes.
-- Stored bytes are never removed, from a final or a correction.
CREATE OR REPLACE FUNCTION jobmig_guard_job_finals() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.kind = 'final' THEN
      RAISE EXCEPTION 'jobmig: archived final of job % is immutable (no DELETE)', OLD.job_id
        USING ERRCODE = '55000';
    END IF;
    RAISE EXCEPTION 'jobmig: correction of job % may be replaced, never deleted', OLD.job_id
      USING ERRCODE = '55000';
  END IF;
  IF OLD.snapshot_bytes IS NOT NULL AND NEW.snapshot_bytes IS NULL THEN
    RAISE EXCEPTION 'jobmig: stored snapshot bytes of job % (%) are never removed', OLD.job_id, OLD.kind
      USING ERRCODE = '55000';
  END IF;
  IF OLD.kind = 'final' AND NOT jobmig_fills_final_bytes(OLD, NEW, TG_RELID) THEN
    RAISE EXCEPTION 'jobmig: archived final of job % is immutable (no UPDATE)', OLD.job_id
      USING ERRCODE = '55000';
  END IF;
  IF NEW.job_id IS DISTINCT FROM OLD.job_id OR NEW.kind IS DISTINCT FROM OLD.kind THEN
    RAISE EXCEPTION 'jobmig: correction of job % cannot change its job or kind', OLD.job_id
      USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END $$;

-- True when an UPDATE of a final only sets its bytes where there were none. Generated columns are left
-- out of the comparison: a BEFORE trigger sees them as NULL in NEW.
CREATE FUNCTION jobmig_fills_final_bytes(old_row job_finals, new_row job_finals, rel oid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT old_row.snapshot_bytes IS NULL AND new_row.snapshot_bytes IS NOT NULL
     AND to_jsonb(old_row) - skipped = to_jsonb(new_row) - skipped
  FROM (SELECT array_agg(attname::text) || '{snapshot_bytes}' AS skipped
        FROM pg_attribute WHERE attrelid = rel AND attgenerated <> '' AND NOT attisdropped) g
$$;
