-- Whether this session's role may record decisions (UPDATE on reconciliation, INSERT on job_events):
-- a role that can only read gets pages without decision buttons.
SELECT current_user AS role,
       has_table_privilege('reconciliation', 'UPDATE') AND has_table_privilege('job_events', 'INSERT')
         AS can_decide;
