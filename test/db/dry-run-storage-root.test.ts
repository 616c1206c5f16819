/**
 * `import --dry-run` on a storage root: after security/ and profiles/ change, the dry run counts
 * what the real run then does to devices, tokens, assignments and profiles, and the assignment
 * events it writes; and it writes nothing, even for a SELECT-only role.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { dryRunImport } from '../../src/import/dry-run.ts';
import { runImport } from '../../src/import/run.ts';
import { jobmig } from '../helpers/cli.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { wholeDatabaseDump } from '../helpers/dump.ts';
import { selectOnlyRole } from '../helpers/reader.ts';
import { copyStorageRoot } from '../helpers/store.ts';

const STORAGE_TABLES = [
  'devices',
  'device_tokens',
  'job_assignments',
  'operator_profiles',
  'device_events',
  'operators',
  'job_events',
  'import_issues',
];

async function editList(root: string, file: string, edit: (list: Record<string, unknown>[]) => void) {
  const full = path.join(root, 'security', file);
  const doc = JSON.parse(await readFile(full, 'utf8'));
  const key = Object.keys(doc)[0]!;
  edit(doc[key]);
  await writeFile(full, JSON.stringify(doc, null, 2));
}

/** A device added and one revoked, a token revoked, assignments reassigned, removed and added, a profile gone. */
async function changeSecurity(root: string): Promise<void> {
  await editList(root, 'devices.json', (devices) => {
    devices.push({ device_id: 'dev-cutover-tablet', status: 'approved', role: 'arborist' });
    const dana = devices.find((d) => d?.device_id === 'dev-dana-ipad')!;
    Object.assign(dana, { status: 'revoked', revoked_at: '2025-01-01T00:00:00Z' });
  });
  await editList(root, 'tokens.json', (tokens) => {
    const marcus = tokens.find((x) => x?.device_id === 'dev-marcus-phone')!;
    marcus.revoked = true;
  });
  await editList(root, 'job_assignments.json', (assignments) => {
    const f0 = assignments.find((a) => a?.job_id === 'job_f0a1b2c3d4e5')!;
    f0.device_id = 'dev-priya-tablet'; // reassigned
    const gone = assignments.findIndex((a) => a?.job_id === 'job_c1d2e3f4a5b6');
    assignments.splice(gone, 1); // unassigned
    assignments.push({ job_id: 'job_9e4f1b6a2d35', device_id: 'dev-cutover-tablet', assigned_at: null });
  });
  const profile = '59253f714ddce6d632d7ff9c32782240542a9d53c4a405d6c766b825c8e4ce14.json';
  await rm(path.join(root, 'profiles', profile));
}

const pick = (counts: Record<string, unknown>) =>
  Object.fromEntries(STORAGE_TABLES.map((t) => [t, counts[t]]));

test('a dry run over a changed security/ counts exactly what the real run then does', async (t) => {
  const { root, cleanup } = await copyStorageRoot();
  const db = await createTestDatabase();
  t.teardown(async () => {
    await db.drop();
    await cleanup();
  });
  await runImport(db.pool, { jobsRoot: root });
  await changeSecurity(root);
  const reader = await selectOnlyRole(t, db);
  const before = await wholeDatabaseDump(db.pool);

  const dry = await dryRunImport(db.pool, { jobsRoot: root });
  const out = await jobmig(['import', root, '--dry-run', '--json', '--database-url', reader.url]);
  t.is(out.code, 0, out.stderr);
  t.deepEqual(JSON.parse(out.stdout).counts, dry.counts, 'a SELECT-only role counts the same');
  t.is(await wholeDatabaseDump(db.pool), before, 'the dry runs wrote nothing');
  t.deepEqual(dry.assignmentEvents, { assigned: 1, reassigned: 1, unassigned: 1 });
  t.like(dry.counts.devices, { inserted: 1, updated: 1, deleted: 0 });
  t.like(dry.counts.device_tokens, { updated: 1 });
  t.like(dry.counts.job_assignments, { inserted: 1, updated: 1, deleted: 1 });
  t.like(dry.counts.operator_profiles, { deleted: 1 });

  const text = await jobmig(['import', root, '--dry-run', '--database-url', reader.url]);
  t.regex(text.stdout, /assignment events it would write: 1 assigned, 1 reassigned, 1 unassigned\n/);
  t.notRegex(text.stdout, /not compared/);

  const real = await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(pick(real.counts), pick(dry.counts), 'what the dry run said the run would do');
  const { rows } = await db.pool.query(
    `SELECT event_type, count(*)::int AS n FROM job_events
     WHERE run_id = $1 AND event_type IN ('assigned', 'reassigned', 'unassigned') GROUP BY event_type`,
    [real.runId],
  );
  t.deepEqual(
    Object.fromEntries(rows.map((r) => [r.event_type, r.n])),
    dry.assignmentEvents as Record<string, number>,
  );
});
