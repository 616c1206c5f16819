import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const FILES: Record<string, string> = {
  '001_jobs.sql': `create table jobs (id int primary key);
    create table trail (seq serial primary key, file text not null);
    insert into trail (file) values ('001');`,
  '002_title.sql': `alter table jobs add column title text not null;
    insert into trail (file) values ('002');`,
  '010_seed.sql': `insert into jobs (id, title) values (1, 'first');
    insert into trail (file) values ('010');`,
};
const NAMES = Object.keys(FILES).sort();

async function schemaDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-schema-'));
  // Written in reverse so creation order cannot stand in for name order.
  for (const name of Object.keys(files).sort().reverse()) await writeFile(path.join(dir, name), files[name]!);
  await writeFile(path.join(dir, 'README.md'), 'not a migration');
  return dir;
}

async function withFixture(fn: (db: TestDatabase, dir: string) => Promise<void>): Promise<void> {
  const db = await createTestDatabase({ migrate: false });
  const dir = await schemaDir(FILES);
  try {
    await fn(db, dir);
  } finally {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function column<T>(pool: pg.Pool, sql: string): Promise<T[]> {
  return (await pool.query(sql)).rows.map((r) => Object.values(r)[0] as T);
}

test('applies the files in name order, then nothing on a second run', (t) =>
  withFixture(async ({ pool }, dir) => {
    t.deepEqual(await migrate(pool, dir), { applied: NAMES });
    t.deepEqual(await column(pool, 'select file from trail order by seq'), ['001', '002', '010']);
    t.deepEqual(await column(pool, 'select name from schema_migrations order by name'), NAMES);
    t.deepEqual(await migrate(pool, dir), { applied: [] });
    t.is((await pool.query('select count(*)::int as n from trail')).rows[0].n, 3);
  }));

test('a file changed after it was applied is refused, and nothing newer is applied', (t) =>
  withFixture(async ({ pool }, dir) => {
    await migrate(pool, dir);
    await writeFile(path.join(dir, '002_title.sql'), `${FILES['002_title.sql']}\n-- edited`);
    await writeFile(path.join(dir, '020_more.sql'), `insert into trail (file) values ('020');`);
    const err = await t.throwsAsync(migrate(pool, dir));
    t.regex(
      err.message,
      /^schema\/002_title\.sql was changed after it was applied \(recorded sha256 [0-9a-f]{64}, file now [0-9a-f]{64}\)$/,
    );
    t.deepEqual(await column(pool, 'select name from schema_migrations order by name'), NAMES);
  }));

test('a failing file is rolled back and not recorded', (t) =>
  withFixture(async ({ pool }, dir) => {
    await writeFile(
      path.join(dir, '002_title.sql'),
      `insert into trail (file) values ('002'); alter table nope add column x int;`,
    );
    const err = await t.throwsAsync(migrate(pool, dir));
    t.regex(err.message, /schema\/002_title\.sql failed: relation "nope" does not exist/);
    t.deepEqual(await column(pool, 'select name from schema_migrations'), ['001_jobs.sql']);
    t.deepEqual(await column(pool, 'select file from trail'), ['001']);
  }));

test('two concurrent migrate() calls apply every file exactly once', (t) =>
  withFixture(async ({ url, pool }, dir) => {
    // A second pool, so the two runs use separate sessions like two processes would.
    const other = new pg.Pool({ connectionString: url });
    try {
      const [a, b] = await Promise.all([migrate(pool, dir), migrate(other, dir)]);
      t.deepEqual([...a.applied, ...b.applied].sort(), NAMES);
      t.deepEqual(await column(pool, 'select file from trail order by seq'), ['001', '002', '010']);
    } finally {
      await other.end();
    }
  }));
