-- Operators: the one place their ids are allocated, gap-free after the highest (max + n) in candidate
-- order (seq), for the operators job folders name (merge-identities.sql) and for the assessors known
-- only from a profile (merge-storage-root.sql). Each fills stg_operator_candidates, then includes this
-- file (psql: \ir), which takes the candidates out of it. Spelling: a job's wins over a profile's; among
-- jobs the lowest job id's (source_job_id), among profiles the first profile's (source_profile).
LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE;

WITH taken AS (
  DELETE FROM stg_operator_candidates RETURNING *
), cand AS (
  SELECT DISTINCT ON (name_key) * FROM taken
  ORDER BY name_key, source_job_id COLLATE "C", source_profile, seq
), new AS (
  SELECT c.*, row_number() OVER (ORDER BY c.seq) AS n
  FROM cand c WHERE NOT EXISTS (SELECT 1 FROM operators x WHERE x.name_key = c.name_key)
), ins AS (
  INSERT INTO operators (id, name_key, name, isa_number, phone, correspondence_email, source_job_id, source_profile)
  SELECT (SELECT coalesce(max(id), 0) FROM operators) + n, name_key, name, isa_number, phone,
         correspondence_email, source_job_id, source_profile
  FROM new
  RETURNING 1
), upd AS (
  UPDATE operators x
  SET name = c.name, isa_number = c.isa_number, phone = c.phone, correspondence_email = c.correspondence_email,
      source_job_id = coalesce(c.source_job_id, x.source_job_id),
      source_profile = coalesce(c.source_profile, x.source_profile)
  FROM cand c
  WHERE x.name_key = c.name_key
    AND CASE WHEN c.source_job_id IS NOT NULL
             THEN x.source_job_id IS NULL OR c.source_job_id COLLATE "C" <= x.source_job_id COLLATE "C"
             ELSE x.source_job_id IS NULL AND (x.source_profile IS NULL OR c.source_profile <= x.source_profile)
        END
    AND (x.name, x.isa_number, x.phone, x.correspondence_email, x.source_job_id, x.source_profile)
        IS DISTINCT FROM (c.name, c.isa_number, c.phone, c.correspondence_email,
                          coalesce(c.source_job_id, x.source_job_id), coalesce(c.source_profile, x.source_profile))
  RETURNING 1
)
SELECT 'operators' AS tbl, (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated,
       0 AS deleted;
