-- Where stored values hold a copy of a token this run learnt or one stored before
-- (schema/018_token_copies.sql): each such value is rewritten redacted (src/import/token-rerun.ts).
-- $1: the token shape; $2: the sha256 of the tokens this run learnt.
SELECT DISTINCT table_name, column_name, row_ctid::text AS row_ctid
FROM jobmig_token_copies($1, $2)
ORDER BY table_name, column_name, row_ctid;
