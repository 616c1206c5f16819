import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import { runImport } from '../../src/import/run.ts';
import { parseShard, shardOf, ShardSpecError } from '../../src/import/shard.ts';
import { generateStore } from '../../scripts/gen-store/index.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { canonicalDump } from '../helpers/dump.ts';
import { CLI } from '../helpers/cli.ts';

test('parseShard reads K/N and rejects anything else with the option in the message', (t) => {
  t.deepEqual(parseShard('1/4'), { index: 1, count: 4 });
  t.deepEqual(parseShard(' 4 / 4 '), { index: 4, count: 4 });
  for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '-1/2', '1/2/3', '']) {
    const err = t.throws(() => parseShard(bad), { instanceOf: ShardSpecError });
    t.true(err!.message.startsWith(`--shard ${bad}:`), err!.message);
  }
});

test('every job folder falls in exactly one shard, the same one every time', (t) => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (name, count) => {
      const k = shardOf(name, count);
      return Number.isInteger(k) && k >= 1 && k <= count && shardOf(name, count) === k;
    }),
  );
  // Spread: 2,000 names over 4 shards, each within 20% of even.
  const sizes = [0, 0, 0, 0];
  for (let i = 0; i < 2000; i++) sizes[shardOf(`job_${i.toString(16)}`, 4) - 1]!++;
  for (const n of sizes) t.true(n > 400 && n < 600, `shard sizes ${sizes.join(', ')}`);
});

function importProcess(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, 'import', ...args, '--json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('two shards importing at once into one database equal a single-process import', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-shard-'));
  const root = path.join(dir, 'jobs');
  await generateStore({ jobs: 150, seed: 11, out: root });
  const sharded = await createTestDatabase();
  const single = await createTestDatabase();
  t.teardown(async () => {
    await sharded.drop();
    await single.drop();
    await rm(dir, { recursive: true, force: true });
  });

  // Small batches so the two processes interleave their identity and batch transactions many times.
  const common = ['--database-url', sharded.url, '--batch-size', '10'];
  const [one, two] = await Promise.all([
    importProcess([root, ...common, '--shard', '1/2']),
    importProcess([root, ...common, '--shard', '2/2']),
  ]);
  t.is(one.code, 0, one.stderr);
  t.is(two.code, 0, two.stderr);

  const runs = await sharded.pool.query(
    "SELECT lock_key, status, options->>'shard' AS shard, (folders->>'selected')::int AS selected FROM import_runs ORDER BY lock_key",
  );
  t.deepEqual(
    runs.rows.map((r) => [r.lock_key, r.status, r.shard]),
    [
      ['import:shard:1/2', 'completed', '1/2'],
      ['import:shard:2/2', 'completed', '2/2'],
    ],
  );
  t.is(runs.rows[0].selected + runs.rows[1].selected, 150, 'the shards split the store between them');

  await runImport(single.pool, { jobsRoot: root });
  t.deepEqual(
    await canonicalDump(sharded.pool, { naturalIdentityKeys: true }),
    await canonicalDump(single.pool, { naturalIdentityKeys: true }),
  );
  // Codes stay gap-free under concurrency: ids 1..n in every identity table.
  for (const table of ['customers', 'billing_profiles', 'operators', 'trees']) {
    const { rows } = await sharded.pool.query(`SELECT count(*)::int AS n, max(id)::int AS max FROM ${table}`);
    t.is(rows[0].max, rows[0].n, `${table} ids are 1..${rows[0].n}`);
  }
});

test('an unsharded import refuses to run while a shard holds the database, naming the shard run', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  const holder = await db.pool.connect();
  t.teardown(() => holder.release());
  await holder.query(
    "INSERT INTO import_runs (jobs_root, options, lock_key) VALUES ('/x', '{}', 'import:shard:1/2')",
  );
  await holder.query(
    "SELECT pg_advisory_lock_shared(hashtext('jobmig:import')), pg_advisory_lock(hashtext('jobmig:import:shard:1/2'))",
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-shard-busy-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const busy = await t.throwsAsync(runImport(db.pool, { jobsRoot: dir }));
  t.regex(
    busy!.message,
    /another jobmig import is running against this database \(import run \d+, import:shard:1\/2, started/,
  );
  // The other shard is not blocked by it.
  const other = await runImport(db.pool, { jobsRoot: dir, shard: { index: 2, count: 2 } });
  t.is(other.folders.found, 0);
  const sameShard = await t.throwsAsync(runImport(db.pool, { jobsRoot: dir, shard: { index: 1, count: 2 } }));
  t.regex(sameShard!.message, /import:shard:1\/2/);
});

test('an identity keeps the spelling of the lowest job id naming it, whichever job was imported first', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  const fixtures = new URL('../../fixtures/jobs', import.meta.url).pathname;
  await runImport(db.pool, { jobsRoot: fixtures, jobs: ['job_7b3e8a1d5c24'] });
  const before = await db.pool.query(
    "SELECT name, source_job_id FROM customers WHERE name_key = 'acme parks dept'",
  );
  t.deepEqual(before.rows, [{ name: 'ACME PARKS DEPT', source_job_id: 'job_7b3e8a1d5c24' }]);
  const run = await runImport(db.pool, { jobsRoot: fixtures });
  const after = await db.pool.query(
    `SELECT c.code, c.name, c.source_job_id, t.tree_number_raw FROM customers c JOIN trees t ON t.customer_id = c.id
     WHERE c.name_key = 'acme parks dept'`,
  );
  t.deepEqual(after.rows, [
    { code: 'C0001', name: 'Acme Parks Dept', source_job_id: 'job_4a1f0c2b9e01', tree_number_raw: '3' },
  ]);
  t.is(run.counts.customers!.updated, 1);
  t.is(run.counts.trees!.updated, 1);
});
