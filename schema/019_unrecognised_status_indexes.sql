-- `query summary` counts the status values the server does not know (schema/014: typed column NULL,
-- raw kept). Such rows are rare, but counting them read every row of job_rounds and round_recordings:
-- at 20,000 jobs, 280,000 rows and about 270 ms of the summary's 1.2 s. These partial indexes hold only
-- those rows, so each count reads an index that is nearly always empty. Writers pay an entry only for
-- a row with an unknown status.
CREATE INDEX jobs_status_unrecognised_idx ON jobs (job_id)
  WHERE status IS NULL AND status_raw IS NOT NULL;
CREATE INDEX jobs_latest_round_status_unrecognised_idx ON jobs (job_id)
  WHERE latest_round_status IS NULL AND latest_round_status_raw IS NOT NULL;
CREATE INDEX job_rounds_status_unrecognised_idx ON job_rounds (job_id)
  WHERE status IS NULL AND status_raw IS NOT NULL;
CREATE INDEX round_recordings_upload_status_unrecognised_idx ON round_recordings (job_id)
  WHERE upload_status IS NULL AND upload_status_raw IS NOT NULL;
