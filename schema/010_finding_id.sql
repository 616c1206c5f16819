-- The one formula of a finding's id (src/reconcile/finding.ts computes the same on worker threads;
-- test/finding-id-sql.test.ts holds the two together on arbitrary values). The id is 'F' and the first
-- 15 hex digits of the sha256 of job id, kind and the parts that identify the disagreement, joined by
-- newlines: the same disagreement keeps its id across runs, and reviewer state stays attached to it.
--   rule findings (src/reconcile/rules/):  one part, the canonical JSON of the finding's values
--   final_changed_on_disk:                 stored and disk sha256 of final.json
--   duplicate_job_number:                  the job number, then every job folder using it
--   source_missing:                        no parts
CREATE FUNCTION jobmig_finding_id(job_id text, kind text, parts text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN 'F' || left(encode(sha256(convert_to(array_to_string(ARRAY[job_id, kind] || parts, E'\n'), 'UTF8')),
                          'hex'), 15);

-- Canonical JSON is what JavaScript's JSON.stringify writes for the value with its object keys sorted
-- (src/reconcile/finding.ts): no spaces; keys that are array indexes ("0" to "4294967294") first in
-- numeric order, then the others in UTF-16 code unit order; strings escaped as JSON.stringify and
-- jsonb both escape them; numbers as JavaScript prints the nearest double (1e+21, 1.5e-7, 100).

-- A key's place among the others: array indexes by value, then the rest by UTF-16 code units, which
-- put U+E000..U+FFFF after every supplementary character (surrogates sort below them).
CREATE FUNCTION jobmig_js_index_key(key text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN key ~ '^(0|[1-9][0-9]{0,9})$' THEN
         CASE WHEN key::bigint <= 4294967294 THEN key::bigint END
       END;

CREATE FUNCTION jobmig_utf16_order(key text) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ARRAY(SELECT CASE WHEN ascii(c) BETWEEN 57344 AND 65535 THEN ascii(c) + 2097152 ELSE ascii(c) END
             FROM unnest(string_to_array(key, NULL)) WITH ORDINALITY AS u(c, i) ORDER BY i);

-- A double as JavaScript's Number.prototype.toString writes it (ECMA-262 Number::toString): the
-- shortest digits that read back as the same double, in plain notation from 1e-6 up to 1e21.
CREATE FUNCTION jobmig_js_number(value double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET extra_float_digits = 1 -- float8 text output is then the shortest exact form
AS $$
DECLARE
  m text[];
  digits text;
  n integer; -- the value is 0.<digits> times 10^n
  k integer;
BEGIN
  IF value = 0 THEN
    RETURN '0';
  END IF;
  m := regexp_match(value::text, '^(-?)([0-9]+)(?:\.([0-9]+))?(?:e([-+][0-9]+))?$');
  digits := m[2] || coalesce(m[3], '');
  n := length(m[2]) + coalesce(m[4]::integer, 0);
  n := n - (length(digits) - length(ltrim(digits, '0')));
  digits := rtrim(ltrim(digits, '0'), '0');
  k := length(digits);
  RETURN m[1] || CASE
    WHEN k <= n AND n <= 21 THEN digits || repeat('0', n - k)
    WHEN 0 < n AND n <= 21 THEN left(digits, n) || '.' || substr(digits, n + 1)
    WHEN -6 < n AND n <= 0 THEN '0.' || repeat('0', -n) || digits
    ELSE left(digits, 1) || CASE WHEN k > 1 THEN '.' || substr(digits, 2) ELSE '' END
         || 'e' || CASE WHEN n - 1 >= 0 THEN '+' ELSE '-' END || abs(n - 1)::text
  END;
END $$;

CREATE FUNCTION jobmig_canonical_json(value jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  CASE jsonb_typeof(value)
    WHEN 'object' THEN
      RETURN '{' || coalesce((
        SELECT string_agg(to_jsonb(key)::text || ':' || jobmig_canonical_json(v), ','
                          ORDER BY jobmig_js_index_key(key) NULLS LAST, jobmig_utf16_order(key))
        FROM jsonb_each(value) AS e(key, v)), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((
        SELECT string_agg(jobmig_canonical_json(v), ',' ORDER BY i)
        FROM jsonb_array_elements(value) WITH ORDINALITY AS e(v, i)), '') || ']';
    WHEN 'number' THEN
      RETURN jobmig_js_number((value #>> '{}')::double precision);
    ELSE
      RETURN value::text; -- string, boolean, null
  END CASE;
END $$;

-- The id of a rule finding from its source_values, as src/reconcile/finding.ts findingId computes it.
CREATE FUNCTION jobmig_finding_id(job_id text, kind text, finding_values jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN jobmig_finding_id(job_id, kind, ARRAY[jobmig_canonical_json(finding_values)]);
