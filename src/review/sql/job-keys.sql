-- One job's key fields as its record says them and as its current snapshot (the correction where
-- there is one, else the final) says them. $1 job_id.
SELECT j.job_id, j.job_number, j.status, j.source, j.record_job_id, j.latest_round_id, j.customer_name,
       j.tree_number, j.tree_species, j.address,
       s.kind AS snapshot_kind, s.round_id AS snapshot_round_id,
       s.payload ->> 'job_id' AS snapshot_job_id, s.payload ->> 'job_number' AS snapshot_job_number,
       s.payload #>> '{form,data,client_tree_details,client}' AS snapshot_client,
       s.payload #>> '{form,data,client_tree_details,tree_number}' AS snapshot_tree_number,
       s.payload #>> '{form,data,client_tree_details,tree_species}' AS snapshot_tree_species,
       s.payload #>> '{form,data,client_tree_details,address_tree_location}' AS snapshot_address,
       s.user_name AS snapshot_user_name
FROM jobs j
LEFT JOIN LATERAL (
  SELECT f.kind, f.round_id, f.payload, f.user_name
  FROM job_finals f
  WHERE f.job_id = j.job_id
  ORDER BY f.kind = 'correction' DESC
  LIMIT 1
) s ON true
WHERE j.job_id = $1;
