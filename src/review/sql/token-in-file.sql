-- Whether a token_in_snapshot finding names this file ($1 job, $2 path): such a file is neither shown
-- nor served by the review app (docs/security.md "Tokens").
SELECT EXISTS (
  SELECT 1 FROM reconciliation WHERE kind = 'token_in_snapshot' AND job_id = $1 AND paths ? $2
) AS held;
