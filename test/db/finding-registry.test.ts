/**
 * The finding registry (src/reconcile/registry.ts) against the code: each kind is produced by
 * exactly the source it declares (its rule file, or its SQL file), with its declared severity, and
 * the database's id function agrees with the ids the rules computed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { FINDING_KINDS, FINDING_REGISTRY, SQL_FINDING_KINDS } from '../../src/reconcile/registry.ts';
import { findingScenario } from '../helpers/finding-scenario.ts';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const filesIn = (dir: string, ext: string) =>
  readdirSync(new URL(`../../${dir}`, import.meta.url))
    .filter((f) => f.endsWith(ext))
    .map((f) => `${dir}/${f}`);

/** Kinds each source file produces: `kind: '...'` in a rule, jobmig_finding_id(..., '...', ...) in SQL. */
function producedKinds(): Map<string, string[]> {
  const produced = new Map<string, string[]>();
  for (const file of filesIn('src/reconcile/rules', '.ts'))
    produced.set(
      file,
      [...read(file).matchAll(/\bkind: '(\w+)'/g)].map((m) => m[1]!),
    );
  for (const file of [...filesIn('src/import/sql', '.sql'), ...filesIn('src/staging/sql', '.sql')])
    produced.set(
      file,
      [...read(file).matchAll(/jobmig_finding_id\(\w+, '(\w+)'/g)].map((m) => m[1]!),
    );
  return produced;
}

test('every kind is produced by its declared file and by no other', (t) => {
  const produced = producedKinds();
  for (const kind of FINDING_KINDS) {
    const { source } = FINDING_REGISTRY[kind];
    const producers = [...produced].filter(([, kinds]) => kinds.includes(kind)).map(([file]) => file);
    t.deepEqual(producers, [source.file], kind);
  }
  const all = [...produced.values()].flat();
  t.deepEqual(
    all.filter((k) => !(k in FINDING_REGISTRY)),
    [],
    'kinds produced but not registered',
  );
});

test("the merge's list of database-computed kinds is the registry's", (t) => {
  const merge = read('src/import/sql/merge-batch.sql');
  const list = /r\.kind NOT IN \(([^)]*)\)/
    .exec(merge)![1]!
    .split(',')
    .map((k) => k.trim().replace(/'/g, ''));
  t.deepEqual(list.sort(), [...SQL_FINDING_KINDS].sort());
});

test('an import: rule kinds come from the rules, sql kinds from the database, at their severity', async (t) => {
  const { db, ruleFindings } = await findingScenario(t);
  const fromRules = new Set(ruleFindings.map((f) => `${f.job_id}/${f.id}`));
  for (const f of ruleFindings)
    t.is(FINDING_REGISTRY[f.kind as keyof typeof FINDING_REGISTRY]?.source.kind, 'rule');
  const { rows } = await db.pool.query(
    `SELECT job_id, id, kind, severity, id = jobmig_finding_id(job_id, kind, source_values) AS values_id
     FROM reconciliation`,
  );
  const sqlKinds = new Set<string>();
  for (const row of rows) {
    const info = FINDING_REGISTRY[row.kind as keyof typeof FINDING_REGISTRY];
    t.is(row.severity, info.severity, row.kind);
    const byRule = fromRules.has(`${row.job_id}/${row.id}`);
    t.is(byRule, info.source.kind === 'rule', `${row.kind} of ${row.job_id}`);
    // A rule finding's id is the database's id of its stored values.
    if (byRule) t.true(row.values_id, `${row.kind} of ${row.job_id}`);
    else sqlKinds.add(row.kind);
  }
  t.deepEqual([...sqlKinds].sort(), [...SQL_FINDING_KINDS].sort());
});
