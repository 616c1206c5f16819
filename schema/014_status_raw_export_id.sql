-- Status columns hold only the values the legacy server knows (src/model/status.ts, after case
-- folding); an unknown value leaves the typed column null, its *_raw column keeps it as written, and
-- the import records an issue at its JSON pointer. jobs.status_raw already exists (001).
-- jobs.snapshot_job_id: the job_id inside a staged export's final.json when the export folder is
-- named otherwise (J0001, S0003): `--job` and the review app's search find the job by it too.
-- Rows imported before this migration are re-planned by the next import (planner version 5).
ALTER TABLE jobs ADD COLUMN latest_round_status_raw text;
ALTER TABLE jobs ADD COLUMN snapshot_job_id text;
CREATE INDEX jobs_snapshot_job_id_idx ON jobs (snapshot_job_id) WHERE snapshot_job_id IS NOT NULL;
ALTER TABLE job_rounds ADD COLUMN status_raw text;
ALTER TABLE round_recordings ADD COLUMN upload_status_raw text;
