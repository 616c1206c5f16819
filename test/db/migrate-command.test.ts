/**
 * `jobmig migrate status|print|apply` and --no-migrate / JOBMIG_MIGRATE=never, run as the CLI against
 * fresh databases on the real PostgreSQL: pending and applied states, the printed SQL run by psql,
 * drift naming the file, and a command refusing (leaving the database untouched) while one is pending.
 */
import { execFile } from 'node:child_process';
import test from 'ava';
import { readSchemaFiles, SCHEMA_DIR } from '../../src/db/migrate.ts';
import { jobmig } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

async function freshDatabase(t: { teardown: (fn: () => Promise<void>) => void }): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  t.teardown(() => db.drop());
  return db;
}

async function hasBookkeeping(db: TestDatabase): Promise<boolean> {
  const { rows } = await db.pool.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  return rows[0].present;
}

interface State {
  name: string;
  state: string;
  sha256: string | null;
  file: string;
  appliedAt: string | null;
}

async function status(db: TestDatabase) {
  const result = await jobmig(['migrate', 'status', '--json', '--database-url', db.url]);
  return { ...result, states: JSON.parse(result.stdout) as State[] };
}

test('status lists every migration as pending on an empty database and applies nothing', async (t) => {
  const db = await freshDatabase(t);
  const files = await readSchemaFiles(SCHEMA_DIR);
  const { code, states, stderr } = await status(db);
  t.is(code, 0, stderr);
  t.deepEqual(
    states.map((s) => [s.name, s.state, s.sha256, s.file]),
    files.map((f) => [f.name, 'pending', f.sha256, 'pending']),
  );
  t.false(await hasBookkeeping(db));
  const text = await jobmig(['migrate', 'status', '--database-url', db.url]);
  t.regex(text.stdout, new RegExp(`0 applied, ${files.length} pending`));
});

test('--no-migrate and JOBMIG_MIGRATE=never refuse in one line while a migration is pending', async (t) => {
  const db = await freshDatabase(t);
  const flag = await jobmig(['runs', 'list', '--no-migrate', '--database-url', db.url]);
  process.env.JOBMIG_MIGRATE = 'never';
  const env = await jobmig(['findings', 'list', '--database-url', db.url]).finally(() => {
    delete process.env.JOBMIG_MIGRATE;
  });
  for (const r of [flag, env]) {
    t.is(r.code, 2);
    t.is(r.stdout, '');
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.regex(r.stderr, /^jobmig: schema migration schema\/001_core\.sql, .* are pending and --no-migrate/);
    t.regex(r.stderr, /run `jobmig migrate apply`, or the SQL `jobmig migrate print` writes/);
  }
  t.false(await hasBookkeeping(db), 'the refusing commands created nothing');
});

test('the printed SQL, run by psql, applies and records every migration as apply would', async (t) => {
  const db = await freshDatabase(t);
  const printed = await jobmig(['migrate', 'print', '--database-url', db.url]);
  t.is(printed.code, 0, printed.stderr);
  const psql = execFile('psql', ['-q', '-X', '-d', db.url, '-f', '-']);
  psql.stdin!.end(printed.stdout);
  const code = await new Promise<number | null>((resolve) => psql.on('exit', resolve));
  t.is(code, 0);
  const after = await status(db);
  t.true(after.states.length > 0);
  t.true(after.states.every((s) => s.state === 'applied' && s.file === 'matches' && s.appliedAt));
  const again = await jobmig(['migrate', 'print', '--database-url', db.url]);
  t.regex(again.stdout, /^-- 0 pending jobmig schema migration/);
  const runs = await jobmig(['runs', 'list', '--no-migrate', '--database-url', db.url]);
  t.is(runs.code, 0, runs.stderr);
  t.is(runs.stdout, 'no import runs\n');
});

test('apply applies each pending migration and records it; a second apply has nothing to do', async (t) => {
  const db = await freshDatabase(t);
  const files = await readSchemaFiles(SCHEMA_DIR);
  const first = await jobmig(['migrate', 'apply', '--json', '--database-url', db.url]);
  t.is(first.code, 0, first.stderr);
  t.deepEqual(JSON.parse(first.stdout), { applied: files.map((f) => f.name) });
  const { rows } = await db.pool.query('SELECT name, sha256 FROM schema_migrations ORDER BY name');
  t.deepEqual(
    rows,
    files.map((f) => ({ name: f.name, sha256: f.sha256 })),
  );
  const second = await jobmig(['migrate', 'apply', '--database-url', db.url]);
  t.is(second.stdout, 'nothing pending: no migration applied\n');
});

test('an applied file that no longer matches its checksum is drift: status names it and exits 1', async (t) => {
  const db = await freshDatabase(t);
  t.is((await jobmig(['migrate', 'apply', '--database-url', db.url])).code, 0);
  // As if schema/002 had been edited after it was applied: the recorded checksum is the old file's.
  await db.pool.query(
    "UPDATE schema_migrations SET sha256 = repeat('0', 64) WHERE name = '002_reconciliation.sql'",
  );
  const { code, states, stderr } = await status(db);
  t.is(code, 1);
  t.is(
    stderr,
    'jobmig: schema/002_reconciliation.sql changed after it was applied (drift): restore the applied file\n',
  );
  t.deepEqual(
    states.filter((s) => s.file !== 'matches').map((s) => [s.name, s.file]),
    [['002_reconciliation.sql', 'drift']],
  );
  const other = await jobmig(['runs', 'list', '--database-url', db.url]);
  t.is(other.code, 2);
  t.regex(other.stderr, /schema\/002_reconciliation\.sql was changed after it was applied/);
});

test('a recorded migration without a checksum shows unknown and is not drift', async (t) => {
  const db = await freshDatabase(t);
  t.is((await jobmig(['migrate', 'apply', '--database-url', db.url])).code, 0);
  await db.pool.query("UPDATE schema_migrations SET sha256 = '' WHERE name = '001_core.sql'");
  const { code, states, stderr } = await status(db);
  t.is(code, 0, stderr);
  t.like(states[0], { name: '001_core.sql', state: 'applied', sha256: null, file: 'unknown' });
  const runs = await jobmig(['runs', 'list', '--database-url', db.url]);
  t.is(runs.code, 0, runs.stderr);
});
