-- Stored values holding a copy of a stored token, named by table, column and row key, never by the
-- token (schema/018_token_copies.sql). $1: the token shape (src/util/token-redact.ts).
SELECT table_name, column_name, row_key, token
FROM jobmig_token_copies($1)
ORDER BY table_name, column_name, row_key, token;
