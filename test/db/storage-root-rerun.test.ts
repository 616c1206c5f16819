/**
 * The storage root across runs: assignment and device history, bad files that must not lose rows,
 * missing files read as empty lists, fingerprints, and reviewer state of the storage-root findings.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { runImport } from '../../src/import/run.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

function importedRoot(t: ExecutionContext): Promise<{ db: TestDatabase; root: string }> {
  return fixturesWithDatabase(t, { storageRoot: true, imported: true });
}

async function editJson(file: string, edit: (value: any) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8'));
  edit(value);
  await writeFile(file, JSON.stringify(value, null, 2));
}

async function rows(db: TestDatabase, sql: string, params: unknown[] = []) {
  return (await db.pool.query(sql, params)).rows;
}

const lastRunIssues = (db: TestDatabase) =>
  rows(
    db,
    'SELECT path, pointer, message FROM import_issues WHERE run_id = (SELECT max(id) FROM import_runs)',
  );

test('a job reassigned on disk gives exactly one reassigned event (old and new device) after the rerun', async (t) => {
  const { db, root } = await importedRoot(t);
  await editJson(path.join(root, 'security/job_assignments.json'), (v) => {
    const a = v.assignments.find((x: any) => x.job_id === 'job_f0a1b2c3d4e5');
    a.device_id = 'dev-priya-tablet';
    a.assigned_at = '2024-12-02T09:00:00Z';
  });
  await runImport(db.pool, { jobsRoot: root });
  const events = await rows(db, "SELECT job_id, payload FROM job_events WHERE event_type = 'reassigned'");
  t.is(events.length, 1);
  t.is(events[0].job_id, 'job_f0a1b2c3d4e5');
  t.like(events[0].payload, { from_device_id: 'dev-marcus-phone', to_device_id: 'dev-priya-tablet' });
  await runImport(db.pool, { jobsRoot: root, full: true });
  t.is((await rows(db, "SELECT 1 FROM job_events WHERE event_type = 'reassigned'")).length, 1);
});

test('an assignment removed from the file is deleted and appends unassigned with the old device', async (t) => {
  const { db, root } = await importedRoot(t);
  await editJson(path.join(root, 'security/job_assignments.json'), (v) => {
    v.assignments = v.assignments.filter((x: any) => x.job_id !== 'job_c1d2e3f4a5b6');
  });
  await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(await rows(db, "SELECT 1 FROM job_assignments WHERE job_id = 'job_c1d2e3f4a5b6'"), []);
  const events = await rows(db, "SELECT job_id, payload FROM job_events WHERE event_type = 'unassigned'");
  t.deepEqual(
    events.map((e) => [e.job_id, e.payload.device_id]),
    [['job_c1d2e3f4a5b6', 'dev-new-tablet']],
  );
  // The finding about the pending device's assignment has left the disk.
  const gone = await rows(
    db,
    "SELECT status FROM reconciliation WHERE kind = 'assignment_device_inactive' AND job_id = 'job_c1d2e3f4a5b6'",
  );
  t.deepEqual(gone, [{ status: 'gone' }]);
});

test('a truncated devices.json deletes no device and is exactly one issue', async (t) => {
  const { db, root } = await importedRoot(t);
  const file = path.join(root, 'security/devices.json');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
  const before = await rows(db, 'SELECT device_id, row_sha256, gone_run_id FROM devices ORDER BY device_id');
  await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(
    await rows(db, 'SELECT device_id, row_sha256, gone_run_id FROM devices ORDER BY device_id'),
    before,
  );
  const issues = await lastRunIssues(db);
  t.deepEqual(
    issues.map((i) => [i.path, i.pointer]),
    [['security/devices.json', '']],
  );
  t.regex(issues[0].message, /invalid JSON at position \d+; file not used, what it gave before is kept/);
  t.deepEqual(await rows(db, "SELECT 1 FROM device_events WHERE event_type = 'removed'"), []);
  // Nothing about the devices was closed as gone either.
  t.deepEqual(await rows(db, 'SELECT kind FROM reconciliation WHERE gone_run_id IS NOT NULL'), []);
});

test('an unparsable assignments or tokens file keeps what it gave before', async (t) => {
  const { db, root } = await importedRoot(t);
  await writeFile(path.join(root, 'security/job_assignments.json'), '{"assignments": [');
  await writeFile(path.join(root, 'security/tokens.json'), 'not json at all');
  await runImport(db.pool, { jobsRoot: root });
  t.is((await rows(db, 'SELECT 1 FROM job_assignments')).length, 6);
  t.is((await rows(db, 'SELECT 1 FROM device_tokens WHERE gone_run_id IS NULL')).length, 5);
  t.deepEqual((await lastRunIssues(db)).map((i) => i.path).sort(), [
    'security/job_assignments.json',
    'security/tokens.json',
  ]);
  t.deepEqual(await rows(db, "SELECT 1 FROM job_events WHERE event_type = 'unassigned'"), []);
});

test('a missing security file is an empty list: assignments removed, tokens marked gone, no issue', async (t) => {
  const { db, root } = await importedRoot(t);
  await rm(path.join(root, 'security/job_assignments.json'));
  await rm(path.join(root, 'security/tokens.json'));
  const summary = await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(await rows(db, 'SELECT 1 FROM job_assignments'), []);
  t.is((await rows(db, 'SELECT 1 FROM device_tokens WHERE gone_run_id IS NOT NULL')).length, 5);
  t.is((await rows(db, "SELECT 1 FROM job_events WHERE event_type = 'unassigned'")).length, 5);
  t.is((await rows(db, "SELECT 1 FROM device_events WHERE event_type = 'token_removed'")).length, 4);
  t.deepEqual(await lastRunIssues(db), []);
  t.is(summary.counts.device_tokens?.deleted, 5);
  const open = await rows(
    db,
    "SELECT 1 FROM reconciliation WHERE kind = 'token_plaintext_active' AND status = 'open'",
  );
  t.deepEqual(open, []);
});

test('a storage root without security/ or profiles/ imports its jobs and nothing else', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { storageRoot: true });
  await rm(path.join(root, 'security'), { recursive: true });
  await rm(path.join(root, 'profiles'), { recursive: true });
  const summary = await runImport(db.pool, { jobsRoot: root });
  t.is(summary.root.kind, 'storage_root');
  t.is(summary.counts.jobs?.inserted, 10);
  t.deepEqual(await rows(db, 'SELECT 1 FROM devices UNION ALL SELECT 1 FROM operator_profiles'), []);
  t.deepEqual(await rows(db, "SELECT 1 FROM import_issues WHERE path LIKE 'security/%'"), []);
});

test('device history: approved, revoked, role changed, removed', async (t) => {
  const { db, root } = await importedRoot(t);
  await editJson(path.join(root, 'security/devices.json'), (v) => {
    const byId = (id: string) => v.devices.find((d: any) => d.device_id === id);
    byId('dev-new-tablet').status = 'approved';
    byId('dev-dana-ipad').status = 'revoked';
    byId('dev-priya-tablet').role = 'admin';
    v.devices = v.devices.filter((d: any) => d.device_id !== 'dev-office-desktop');
  });
  await runImport(db.pool, { jobsRoot: root });
  const events = await rows(
    db,
    'SELECT device_id, event_type, payload FROM device_events WHERE run_id = (SELECT max(id) FROM import_runs) ORDER BY device_id',
  );
  t.deepEqual(
    events.map((e) => [e.device_id, e.event_type]),
    [
      ['dev-dana-ipad', 'revoked'],
      ['dev-new-tablet', 'approved'],
      ['dev-office-desktop', 'removed'],
      ['dev-priya-tablet', 'role_changed'],
    ],
  );
  t.like(events[3].payload, { from: 'arborist', to: 'admin' });
  // The removed device is kept, marked gone.
  t.is(
    (await rows(db, "SELECT gone_run_id FROM devices WHERE device_id = 'dev-office-desktop'"))[0]
      .gone_run_id !== null,
    true,
  );
});

test('device_events is append-only: no update, delete or truncate', async (t) => {
  const { db } = await importedRoot(t);
  for (const sql of [
    "UPDATE device_events SET event_type = 'x'",
    'DELETE FROM device_events',
    'TRUNCATE device_events',
  ]) {
    const err = await t.throwsAsync(db.pool.query(sql));
    t.regex(err!.message, /^jobmig: device_events is /);
  }
});

test('an unparsable profile keeps its row and is one issue; a profile gone from disk is deleted', async (t) => {
  const { db, root } = await importedRoot(t);
  const dana = 'b00f6e4ed92f29568062f521eebb42832d0428defbf9b7201474625eba00d55b';
  const priya = '59253f714ddce6d632d7ff9c32782240542a9d53c4a405d6c766b825c8e4ce14';
  await writeFile(path.join(root, `profiles/${dana}.json`), '{"name": "Dana');
  await rm(path.join(root, `profiles/${priya}.json`));
  await writeFile(path.join(root, 'profiles/notes.txt'), 'not a profile');
  await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(await rows(db, 'SELECT name FROM operator_profiles WHERE profile_sha256 = $1', [dana]), [
    { name: 'Dana Whitfield' },
  ]);
  t.deepEqual(await rows(db, 'SELECT 1 FROM operator_profiles WHERE profile_sha256 = $1', [priya]), []);
  t.deepEqual((await lastRunIssues(db)).map((i) => [i.path, i.pointer]).sort(), [
    [`profiles/${dana}.json`, ''],
    ['profiles/notes.txt', ''],
  ]);
});

test('fingerprints: an unchanged file is not read; a touched file with the same bytes is read, not merged', async (t) => {
  const { db, root } = await importedRoot(t);
  const later = new Date(Date.now() + 60_000);
  await utimes(path.join(root, 'security/devices.json'), later, later);
  const touched = await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(touched.storage, { files_found: 7, files_read: 1, skipped_unchanged: 6 });
  t.like(touched.counts.devices ?? {}, { read: 0, inserted: 0, updated: 0, deleted: 0 });
  const again = await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(again.storage, { files_found: 7, files_read: 0, skipped_unchanged: 7 });
  const full = await runImport(db.pool, { jobsRoot: root, full: true });
  t.deepEqual(full.storage, { files_found: 7, files_read: 7, skipped_unchanged: 0 });
  t.like(full.counts.devices ?? {}, { read: 6, inserted: 0, updated: 0 });
});

test('storage-root findings keep their id and reviewer state across runs, and close as gone when fixed', async (t) => {
  const { db, root } = await importedRoot(t);
  const [f] = await rows(db, "SELECT id FROM reconciliation WHERE kind = 'assignment_device_unknown'");
  await db.pool.query(
    "UPDATE reconciliation SET review_status = 'acknowledged', review_note = 'n' WHERE id = $1",
    [f.id],
  );
  await editJson(path.join(root, 'security/job_assignments.json'), (v) => {
    v.assignments[0].assigned_by = 'admin:someone-else';
  });
  await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(await rows(db, 'SELECT status, review_note FROM reconciliation WHERE id = $1', [f.id]), [
    { status: 'acknowledged', review_note: 'n' },
  ]);
  await editJson(path.join(root, 'security/devices.json'), (v) => {
    v.devices.push({ device_id: 'dev-ghost-phone', status: 'approved', role: 'arborist' });
  });
  await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(await rows(db, 'SELECT status, review_status FROM reconciliation WHERE id = $1', [f.id]), [
    { status: 'gone', review_status: 'acknowledged' },
  ]);
  // Re-importing the job the assignment names must not close the storage root's finding about it.
  await runImport(db.pool, { jobsRoot: root, jobs: ['job_c1d2e3f4a5b6'], full: true });
  const inactive = await rows(
    db,
    "SELECT status FROM reconciliation WHERE kind = 'assignment_device_inactive' AND job_id = 'job_c1d2e3f4a5b6'",
  );
  t.deepEqual(inactive, [{ status: 'open' }]);
});

test('logs/ and the top-level files of the storage root are never opened (a FIFO there would hang)', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { storageRoot: true });
  await rm(path.join(root, 'logs/server.log'));
  execFileSync('mkfifo', [path.join(root, 'logs/server.log'), path.join(root, 'NOTES.txt')]);
  const summary = await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(summary.storage, { files_found: 7, files_read: 7, skipped_unchanged: 0 });
  t.deepEqual(
    await rows(
      db,
      "SELECT path FROM import_issues WHERE path LIKE 'logs%' OR path LIKE '%NOTES%' OR path LIKE 'README%'",
    ),
    [],
  );
});

test('a job folder that appears after its assignment was read gets its assigned event then, once', async (t) => {
  const { db, root } = await importedRoot(t);
  await mkdir(path.join(root, 'jobs/job_0badc0ffee00'));
  await writeFile(
    path.join(root, 'jobs/job_0badc0ffee00/job_record.json'),
    JSON.stringify({ job_id: 'job_0badc0ffee00', job_number: 'J0013', status: 'DRAFT' }),
  );
  await runImport(db.pool, { jobsRoot: root });
  await runImport(db.pool, { jobsRoot: root, full: true });
  const events = await rows(
    db,
    "SELECT event_type, payload FROM job_events WHERE job_id = 'job_0badc0ffee00' AND event_type <> 'imported'",
  );
  t.deepEqual(
    events.map((e) => [e.event_type, e.payload.device_id]),
    [['assigned', 'dev-marcus-phone']],
  );
  const missing = await rows(db, "SELECT status FROM reconciliation WHERE kind = 'assignment_job_missing'");
  t.deepEqual(missing, [{ status: 'gone' }]);
});

test('a security file replaced by a directory or a link is one issue and keeps its rows', async (t) => {
  const { db, root } = await importedRoot(t);
  await rm(path.join(root, 'security/devices.json'));
  await mkdir(path.join(root, 'security/devices.json'));
  await rm(path.join(root, 'security/tokens.json'));
  await symlink('/etc/passwd', path.join(root, 'security/tokens.json'));
  await runImport(db.pool, { jobsRoot: root });
  t.is((await rows(db, 'SELECT 1 FROM devices WHERE gone_run_id IS NULL')).length, 6);
  t.is((await rows(db, 'SELECT 1 FROM device_tokens WHERE gone_run_id IS NULL')).length, 5);
  t.deepEqual((await lastRunIssues(db)).map((i) => [i.path, i.pointer]).sort(), [
    ['security/devices.json', ''],
    ['security/tokens.json', ''],
  ]);
});

test('two shards at once: the storage root is merged once, each assignment gets one assigned event', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { storageRoot: true });
  await Promise.all(
    [1, 2].map((index) => runImport(db.pool, { jobsRoot: root, shard: { index, count: 2 }, lock: 'wait' })),
  );
  t.is((await rows(db, 'SELECT 1 FROM devices')).length, 6);
  t.is((await rows(db, 'SELECT 1 FROM device_events')).length, 11);
  const assigned = await rows(
    db,
    "SELECT job_id FROM job_events WHERE event_type = 'assigned' ORDER BY job_id",
  );
  t.deepEqual(
    assigned.map((r) => r.job_id),
    ['job_4a1f0c2b9e01', 'job_c1d2e3f4a5b6', 'job_d4e5f6a7b8c9', 'job_e7f8a9b0c1d2', 'job_f0a1b2c3d4e5'],
  );
  t.is(
    (
      await rows(db, 'SELECT 1 FROM reconciliation WHERE kind LIKE ANY (ARRAY[$1, $2, $3])', [
        'assignment%',
        'token%',
        'profile%',
      ])
    ).length,
    11,
  );
});
