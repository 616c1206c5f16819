/**
 * The finding id formula exists twice: findingId in TypeScript (the rules run on worker threads)
 * and jobmig_finding_id in schema/010 (the kinds the database computes). Property tests against a
 * real PostgreSQL hold them, and their canonical JSON, to the same text on arbitrary values.
 */
import test from 'ava';
import fc from 'fast-check';
import { canonicalJson, findingId, findingIdOfParts } from '../../src/reconcile/finding.ts';
import { holds } from '../helpers/property.ts';
import { useTestDatabase } from '../helpers/db.ts';

const database = useTestDatabase(test);

/** PostgreSQL cannot store NUL or a lone surrogate in text or jsonb; the importer never hands it one. */
const storable = (s: string) =>
  !/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Any code point, and the ones that decide key order and escaping more often than chance would. */
const unit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(storable),
  fc.constantFrom('\uE000', '\uFFFF', '\u{10000}', '\u{1F600}', '\uD7FF', 'é', '"', '\\', '/', '\n', '\t'),
  fc.constantFrom('\u0001', '\u001f', '\u007f', '\u2028', '\u2029', '\b', '\f', '\r', '0', '1', 'a', 'A'),
);
const text = fc.string({ unit, maxLength: 8 });
/** Keys JavaScript orders specially (array indexes) and ones that only look like them. */
const key = fc.oneof(
  text,
  fc.nat().map(String),
  fc.constantFrom('0', '01', '-1', '1.5', '1e3', '10', '2', '4294967294', '4294967295', '', '__proto__'),
);
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e21, 1e20, 1e-7, 1e-6, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -0, 123456789.125),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 5 })
    .map((entries) => Object.fromEntries(entries) as Record<string, unknown>),
}));
const values = value.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v)) as fc.Arbitrary<
  Record<string, unknown>
>;

/** Fixed, so a failure found once is found again. */
const RUNS = { seed: 16_010, endOnFailure: true };

async function sqlRows(sql: string, params: unknown[]): Promise<string[]> {
  const { rows } = await database().pool.query<{ r: string }>(sql, params);
  return rows.map((row) => row.r);
}

test('jobmig_canonical_json writes what canonicalJson writes, for any JSON value', async (t) => {
  await holds(
    t,
    fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 25 }), async (vs) => {
      const sql = await sqlRows(
        `SELECT jobmig_canonical_json(v::jsonb) AS r
         FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i`,
        [vs.map((v) => JSON.stringify(v))],
      );
      return sql.every((r, i) => r === canonicalJson(vs[i]));
    }),
    { numRuns: 300, ...RUNS },
  );
});

test('jobmig_finding_id(job, kind, values jsonb) equals findingId', async (t) => {
  const finding = fc.record({ job_id: text, kind: text, values });
  await holds(
    t,
    fc.asyncProperty(fc.array(finding, { minLength: 1, maxLength: 25 }), async (fs) => {
      const sql = await sqlRows(
        `SELECT jobmig_finding_id(j, k, v::jsonb) AS r
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(j, k, v, i) ORDER BY i`,
        [fs.map((f) => f.job_id), fs.map((f) => f.kind), fs.map((f) => JSON.stringify(f.values))],
      );
      return sql.every((r, i) => r === findingId(fs[i] as Parameters<typeof findingId>[0]));
    }),
    { numRuns: 200, ...RUNS },
  );
});

test('jobmig_finding_id(job, kind, parts text[]) equals findingIdOfParts', async (t) => {
  const parts = fc.record({ j: text, k: text, p: fc.array(text, { maxLength: 4 }) });
  await holds(
    t,
    fc.asyncProperty(fc.array(parts, { minLength: 1, maxLength: 25 }), async (ps) => {
      const sql = await sqlRows(
        `SELECT jobmig_finding_id(e->>'j', e->>'k', ARRAY(SELECT jsonb_array_elements_text(e->'p'))) AS r
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS u(e, i) ORDER BY i`,
        [JSON.stringify(ps)],
      );
      return sql.every((r, i) => r === findingIdOfParts(ps[i]!.j, ps[i]!.k, ps[i]!.p));
    }),
    { numRuns: 200, ...RUNS },
  );
});

test('the canonical form: key order, spacing and numbers as JavaScript writes them', async (t) => {
  const value = {
    b: [1e21, 1.5e-7, 100, -0],
    '10': 'x',
    '2': 'é\n',
    '': null,
    '01': true,
    '\u{10000}': 1,
    '\uE000': 2,
  };
  const expected = '{"2":"é\\n","10":"x","":null,"01":true,"b":[1e+21,1.5e-7,100,0],"𐀀":1,"\uE000":2}';
  t.is(canonicalJson(value), expected);
  t.deepEqual(await sqlRows('SELECT jobmig_canonical_json($1::jsonb) AS r', [JSON.stringify(value)]), [
    expected,
  ]);
});
