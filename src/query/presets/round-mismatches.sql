-- Record-versus-snapshot round disagreements from the findings, with reviewer state (--kind latest_round_mismatch|final_round_missing)
-- $1 job_id (NULL = all jobs), $2 finding kind (NULL = both round kinds). Closed (gone) findings are listed
-- with status gone.
SELECT r.job_id,
       j.job_number,
       r.kind,
       CASE WHEN r.source_values ? 'correction' THEN 'correction' ELSE 'final' END AS snapshot,
       r.source_values ->> 'job_record' AS record_round_id,
       coalesce(r.source_values ->> 'correction', r.source_values ->> 'final') AS snapshot_round_id,
       r.id AS finding_id,
       r.severity,
       r.status,
       r.review_note,
       r.reviewed_by,
       r.reviewed_at
FROM reconciliation r
LEFT JOIN jobs j ON j.job_id = r.job_id
WHERE r.kind IN ('latest_round_mismatch', 'final_round_missing')
  AND ($1::text IS NULL OR r.job_id = $1::text)
  AND ($2::text IS NULL OR r.kind = $2::text)
ORDER BY r.job_id COLLATE "C", r.kind COLLATE "C", r.id COLLATE "C"
