import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection.ts';
import { runImport } from '../../src/import/run.ts';
import { listPresets } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { jobmig } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { rowCounts, wholeDatabaseDump } from '../helpers/dump.ts';
import { FIXTURES } from '../helpers/store.ts';

const HOSTILE = [
  "'; drop table jobs; --",
  "job_1' OR '1'='1",
  'job_1"; DELETE FROM reconciliation; --',
  "x') UNION SELECT current_user, null --",
  '$1',
  '\\x00; truncate artifacts',
];

// Roles are per server, not per database: a unique name, dropped at the end.
const READER = `jobmig_reader_${randomBytes(4).toString('hex')}`;
let database: TestDatabase | undefined;
const db = (): TestDatabase => database!;
let readerUrl = '';
let countsAfterImport: Record<string, number> = {};

test.before(async () => {
  database = await createTestDatabase();
  await runImport(database.pool, { jobsRoot: FIXTURES });
  countsAfterImport = await rowCounts(database.pool);
  // A password, because the embedded server authenticates with SCRAM (the machine's trusts 127.0.0.1).
  const password = randomBytes(9).toString('hex');
  await database.pool.query(`CREATE ROLE ${READER} LOGIN PASSWORD '${password}'`);
  await database.pool.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${READER}`);
  const url = new URL(database.url);
  url.username = READER;
  url.password = password;
  readerUrl = url.toString();
});
test.after.always(async () => {
  await database?.pool.query(`DROP OWNED BY ${READER}`).catch(() => undefined);
  await database?.drop();
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${READER}`).finally(() => admin.end());
});

test.serial(
  'hostile --job and --kind values are values: no rows, every table intact (every preset)',
  async (t) => {
    for (const preset of listPresets()) {
      for (const value of HOSTILE) {
        for (const filter of [{ job: value }, { kind: value }]) {
          const rows: unknown[][] = [];
          await runPreset(db().pool, preset, filter, {
            columns: () => {},
            rows: (page) => void rows.push(...page),
          });
          // summary always lists the tables: for a job that does not exist, every count is 0.
          const expected =
            preset.name === 'summary' && 'job' in filter ? rows.map((r) => ['table', r[1], 0]) : [];
          t.is(rows.length, expected.length === 0 ? 0 : 15, `${preset.name} ${JSON.stringify(filter)}`);
          t.deepEqual(rows, expected, `${preset.name} ${JSON.stringify(filter)}`);
        }
      }
    }
    t.deepEqual(await rowCounts(db().pool), countsAfterImport);
  },
);

test.serial(
  'hostile values through the CLI: query and findings list print nothing and change nothing',
  async (t) => {
    for (const value of HOSTILE.slice(0, 2)) {
      const byJob = await jobmig([
        'query',
        'findings',
        '--job',
        value,
        '--format',
        'json',
        '--database-url',
        db().url,
      ]);
      t.is(byJob.code, 0, byJob.stderr);
      t.deepEqual(JSON.parse(byJob.stdout), []);
      const byKind = await jobmig([
        'query',
        'archived-finals',
        '--kind',
        value,
        '--format',
        'ndjson',
        '--database-url',
        db().url,
      ]);
      t.is(byKind.code, 0, byKind.stderr);
      t.is(byKind.stdout, '');
      const list = await jobmig(['findings', 'list', '--job', value, '--json', '--database-url', db().url]);
      t.is(list.code, 0, list.stderr);
      t.deepEqual(JSON.parse(list.stdout), []);
    }
    t.deepEqual(await rowCounts(db().pool), countsAfterImport);
  },
);

test.serial('a SELECT-only role: query, verify and findings list/show work with --read-only', async (t) => {
  const summary = await jobmig([
    'query',
    'summary',
    '--kind',
    'table',
    '--format',
    'json',
    '--read-only',
    '--database-url',
    readerUrl,
  ]);
  t.is(summary.code, 0, summary.stderr);
  const counts = Object.fromEntries(
    JSON.parse(summary.stdout).map((r: { name: string; count: number }) => [r.name, r.count]),
  );
  t.is(counts.jobs, 10);
  t.is(counts.round_recordings, 30);

  const verify = await jobmig(['verify', FIXTURES, '--read-only', '--database-url', readerUrl]);
  t.is(verify.code, 0, verify.stderr);
  t.regex(verify.stdout, /^no differences/);

  const list = await jobmig([
    'findings',
    'list',
    '--kind',
    'latest_round_mismatch',
    '--json',
    '--read-only',
    '--database-url',
    readerUrl,
  ]);
  t.is(list.code, 0, list.stderr);
  const findings = JSON.parse(list.stdout) as { id: string }[];
  t.is(findings.length, 4);
  const show = await jobmig([
    'findings',
    'show',
    findings[0]!.id,
    '--json',
    '--read-only',
    '--database-url',
    readerUrl,
  ]);
  t.is(show.code, 0, show.stderr);
  t.is(JSON.parse(show.stdout).id, findings[0]!.id);
});

test.serial('a SELECT-only role: every read command works without a flag', async (t) => {
  const before = await wholeDatabaseDump(db().pool);
  const summary = await jobmig(['query', 'summary', '--format', 'json', '--database-url', readerUrl]);
  t.is(summary.code, 0, summary.stderr);
  t.true(JSON.parse(summary.stdout).length > 0);
  const verify = await jobmig(['verify', FIXTURES, '--database-url', readerUrl]);
  t.is(verify.code, 0, verify.stderr);
  t.regex(verify.stdout, /^no differences/);
  const list = await jobmig(['findings', 'list', '--json', '--database-url', readerUrl]);
  t.is(list.code, 0, list.stderr);
  const id = (JSON.parse(list.stdout) as { id: string }[])[0]!.id;
  const show = await jobmig(['findings', 'show', id, '--json', '--database-url', readerUrl]);
  t.is(show.code, 0, show.stderr);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-reader-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const ext of ['html', 'csv', 'md']) {
    const report = await jobmig(['report', path.join(dir, `r.${ext}`), '--database-url', readerUrl]);
    t.is(report.code, 0, `report .${ext}: ${report.stderr}`);
  }
  const runs = await jobmig(['runs', 'list', '--json', '--database-url', readerUrl]);
  t.is(runs.code, 0, runs.stderr);
  t.is(JSON.parse(runs.stdout).length, 1);
  const run = await jobmig(['runs', 'show', 'latest', '--database-url', readerUrl]);
  t.is(run.code, 0, run.stderr);
  const dry = await jobmig(['import', FIXTURES, '--dry-run', '--json', '--database-url', readerUrl]);
  t.is(dry.code, 0, dry.stderr);
  t.is(JSON.parse(dry.stdout).unchanged, 10);
  t.is(await wholeDatabaseDump(db().pool), before, 'the reader changed nothing');
});

test.serial(
  'a pending migration the role cannot apply: one line naming it, for every read path',
  async (t) => {
    const latest = await db().pool.query<{ name: string; sha256: string; applied_at: Date }>(
      'DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations) RETURNING *',
    );
    const { name, sha256, applied_at } = latest.rows[0]!;
    t.teardown(() =>
      db().pool.query('INSERT INTO schema_migrations (name, sha256, applied_at) VALUES ($1, $2, $3)', [
        name,
        sha256,
        applied_at,
      ]),
    );
    for (const flags of [[], ['--read-only']]) {
      const query = await jobmig(['query', 'summary', ...flags, '--database-url', readerUrl]);
      t.is(query.code, 2);
      t.is(query.stdout, '');
      t.is(query.stderr.trim().split('\n').length, 1, query.stderr);
      t.is(
        query.stderr.trim(),
        `jobmig: schema migration schema/${name} is pending and role ${READER} cannot apply it: ` +
          'the database owner must run it (any jobmig command run as the owner applies pending migrations)',
      );
    }
    const ack = await jobmig([
      'findings',
      'ack',
      'F0000000000000000',
      '--read-only',
      '--database-url',
      db().url,
    ]);
    t.not(ack.code, 0);
    t.regex(ack.stderr, /findings ack writes: it cannot run with --read-only/);
  },
);

test.serial('a --read-only session refuses writes even for the owner role', async (t) => {
  const ro = await openDatabase({ databaseUrl: db().url, readOnly: true });
  try {
    await t.throwsAsync(() => ro.pool.query("DELETE FROM jobs WHERE job_id = 'job_1'"), {
      message: /read-only transaction/,
    });
    const { rows } = await ro.pool.query('SHOW default_transaction_read_only');
    t.is(rows[0].default_transaction_read_only, 'on');
  } finally {
    await ro.close();
  }
  t.deepEqual(await rowCounts(db().pool), countsAfterImport);
});
