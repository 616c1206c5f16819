-- Copies of bearer tokens in stored values (docs/security.md "Tokens"): every token-shaped word of
-- every text, json, jsonb and text[] column of this schema's tables whose sha256 is a stored
-- device_tokens.token_sha256 or one of `extra_hashes` (tokens an import learnt before storing them).
-- Returns the table, the column, the row's primary key and ctid, and the token's hash label; never
-- the token. `word_pattern` is the token shape, given by the caller
-- (src/util/token-redact.ts TOKEN_WORD_SOURCE) so that SQL and TypeScript agree on what a word is.
-- Used by `jobmig verify` (src/verify/sql/token-copies.sql) and by the import after its token set
-- changed. A DBA can run it: SELECT * FROM jobmig_token_copies('[A-Za-z0-9_-]{20,}');
-- The key may itself hold a token when a name did (a job folder named like one): callers redact it.
CREATE FUNCTION jobmig_token_copies(word_pattern text, extra_hashes text[] DEFAULT '{}')
RETURNS TABLE (table_name text, column_name text, row_key text, row_ctid tid, token text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  c record;
  key_expr text;
  value_expr text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM device_tokens) AND cardinality(extra_hashes) = 0 THEN
    RETURN;
  END IF;
  FOR c IN
    SELECT col.table_name::text AS tab, col.column_name::text AS col,
           col.data_type IN ('json', 'jsonb', 'ARRAY') AS escaped
    FROM information_schema.columns col
    JOIN information_schema.tables t
      ON t.table_schema = col.table_schema AND t.table_name = col.table_name
    WHERE col.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      AND (col.data_type IN ('text', 'character varying', 'json', 'jsonb')
           OR col.udt_name IN ('_text', '_varchar'))
    ORDER BY 1, 2
  LOOP
    -- The primary key as "column=value, ..." (the row's ctid when a table has none).
    SELECT string_agg(format('%L || ''='' || coalesce(%I::text, ''null'')', a.attname, a.attname),
                      ' || '', '' || ' ORDER BY k.ord)
      INTO key_expr
      FROM pg_index i
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
     WHERE i.indrelid = format('%I', c.tab)::regclass AND i.indisprimary;
    key_expr := coalesce(key_expr, '''ctid='' || ctid::text');
    -- In JSON and array text an escape (\n, \u00e9, \") is not part of a word: masked to spaces.
    value_expr := CASE WHEN c.escaped
      THEN format('regexp_replace(%I::text, ''\\(u[0-9a-fA-F]{4}|.)'', '' '', ''g'')', c.col)
      ELSE format('%I::text', c.col) END;
    RETURN QUERY EXECUTE format(
      'SELECT DISTINCT %L::text, %L::text, r.row_key, r.row_ctid, ''token sha256:'' || left(d.h, 12)
         FROM (SELECT %s AS row_key, ctid AS row_ctid, %s AS v FROM %I WHERE %I IS NOT NULL) r
         CROSS JOIN LATERAL regexp_matches(r.v, ''('' || $1 || '')'', ''g'') AS m
         JOIN (SELECT token_sha256 FROM device_tokens UNION SELECT unnest($2)) AS d(h)
           ON d.h = encode(sha256(convert_to(m[1], ''UTF8'')), ''hex'')',
      c.tab, c.col, key_expr, value_expr, c.tab, c.col)
    USING word_pattern, extra_hashes;
  END LOOP;
END $$;
