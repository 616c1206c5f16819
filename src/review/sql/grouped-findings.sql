-- Continues the WITH of matching-findings.sql (hence the leading comma): each matching finding with its
-- cause group, the registry's cause key (view finding_causes): findings of one cause are decided as one.
, grouped AS (
  SELECT r.id, r.job_id, j.job_number, r.kind, r.severity, r.status, r.summary, r.source_values,
         r.first_run_id, c.cause_key AS group_id
  FROM matching m
  JOIN reconciliation r ON r.job_id = m.job_id AND r.id = m.id
  JOIN finding_causes c ON c.job_id = r.job_id AND c.id = r.id
  LEFT JOIN jobs j ON j.job_id = r.job_id
)
