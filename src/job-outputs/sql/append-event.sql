-- Append one job_events row. $1 job_id, $2 event_type, $3 payload (jsonb).
INSERT INTO job_events (job_id, event_type, payload) VALUES ($1, $2, $3);
