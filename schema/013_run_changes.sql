-- What each import run did to the findings, for `jobmig runs show` and `import --watch`: every
-- finding opened (new), reopened (gone, then seen again) or closed (gone) by a run, one row each.
-- reconciliation keeps only the latest state (a finding closed in run 5 and reopened in run 7 no
-- longer says it was closed in 5); this table keeps the history. A job is "marked gone" by the run
-- that opens or reopens its source_missing finding.
--
-- Written by statement-level triggers on reconciliation (one INSERT ... SELECT per statement from
-- its transition tables), so every writer is recorded and the import's SQL is unchanged. The run is
-- first_run_id for an opened row, gone_run_id for a closed one, last_run_id for a reopened one.
CREATE TABLE finding_changes (
  job_id     text NOT NULL,
  finding_id text NOT NULL,
  run_id     bigint NOT NULL REFERENCES import_runs (id),
  change     text NOT NULL CHECK (change IN ('opened', 'reopened', 'closed')),
  kind       text NOT NULL,                      -- the finding's kind (never changes for an id)
  PRIMARY KEY (job_id, finding_id, run_id, change)
);
CREATE INDEX finding_changes_run_idx ON finding_changes (run_id);

CREATE FUNCTION jobmig_findings_opened() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO finding_changes (job_id, finding_id, run_id, change, kind)
  SELECT job_id, id, first_run_id, 'opened', kind FROM new_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION jobmig_findings_gone_or_back() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO finding_changes (job_id, finding_id, run_id, change, kind)
  SELECT n.job_id, n.id, coalesce(n.gone_run_id, n.last_run_id),
         CASE WHEN n.gone_run_id IS NULL THEN 'reopened' ELSE 'closed' END, n.kind
  FROM new_rows n JOIN old_rows o ON o.job_id = n.job_id AND o.id = n.id
  WHERE o.gone_run_id IS DISTINCT FROM n.gone_run_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER reconciliation_opened AFTER INSERT ON reconciliation
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_findings_opened();

CREATE TRIGGER reconciliation_gone_or_back AFTER UPDATE ON reconciliation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jobmig_findings_gone_or_back();

-- Runs before this file: what reconciliation still shows (first seen, and closed when still gone).
INSERT INTO finding_changes (job_id, finding_id, run_id, change, kind)
SELECT job_id, id, first_run_id, 'opened', kind FROM reconciliation
UNION ALL
SELECT job_id, id, gone_run_id, 'closed', kind FROM reconciliation WHERE gone_run_id IS NOT NULL;

-- The jobs a run added or changed are its `imported` events: found by run without a scan.
CREATE INDEX job_events_imported_run_idx ON job_events (run_id) WHERE event_type = 'imported';

-- A run asked to stop (`import --watch` on SIGINT or SIGTERM) ends at a batch boundary, its
-- bookkeeping done, as `stopped`: what it read is loaded, the next run reads the rest.
ALTER TABLE import_runs DROP CONSTRAINT import_runs_status_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_status_check
  CHECK (status IN ('running', 'completed', 'failed', 'interrupted', 'stopped'));
