import { createHash } from 'node:crypto';
import test from 'ava';
import pg from 'pg';
import { runImport } from '../../src/import/run.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/store.ts';

// Every rule is exercised with raw SQL on a plain client, as psql would send it.
let db: TestDatabase;
let client: pg.Client;

test.before(async () => {
  db = await createTestDatabase();
  await runImport(db.pool, { jobsRoot: FIXTURES });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
test.after.always(async () => {
  await client?.end();
  await db?.drop();
});

async function refused(t: any, sql: string, message: RegExp): Promise<void> {
  const err = await t.throwsAsync(client.query(sql));
  t.regex(err!.message, message);
  t.is((err as { code?: string }).code, '55000');
}

async function scalar(sql: string): Promise<unknown> {
  const { rows } = await client.query(sql);
  return Object.values(rows[0] ?? {})[0];
}

test.serial('an archived final cannot be updated, even to the same value', async (t) => {
  await refused(
    t,
    "UPDATE job_finals SET user_name = 'Someone Else' WHERE job_id = 'job_1' AND kind = 'final'",
    /^jobmig: archived final of job job_1 is immutable \(no UPDATE\)$/,
  );
  await refused(
    t,
    "UPDATE job_finals SET payload = payload WHERE job_id = 'job_1' AND kind = 'final'",
    /archived final of job job_1 is immutable/,
  );
  t.is(
    await scalar("SELECT user_name FROM job_finals WHERE job_id = 'job_1' AND kind = 'final'"),
    'Marcus Oyelaran',
  );
});

test.serial('no job_finals row can be deleted or truncated', async (t) => {
  await refused(
    t,
    "DELETE FROM job_finals WHERE job_id = 'job_1'",
    /^jobmig: archived final of job job_1 is immutable \(no DELETE\)$/,
  );
  await refused(
    t,
    "DELETE FROM job_finals WHERE job_id = 'job_4a1f0c2b9e01' AND kind = 'correction'",
    /^jobmig: correction of job job_4a1f0c2b9e01 may be replaced, never deleted$/,
  );
  await refused(t, 'TRUNCATE job_finals CASCADE', /^jobmig: job_finals is kept forever \(no TRUNCATE\)$/);
  t.is(await scalar('SELECT count(*)::int FROM job_finals'), 9);
});

test.serial('a correction cannot be turned into a final', async (t) => {
  await refused(
    t,
    "UPDATE job_finals SET kind = 'final' WHERE job_id = 'job_4a1f0c2b9e01' AND kind = 'correction'",
    /correction of job job_4a1f0c2b9e01 cannot change its job or kind/,
  );
});

test.serial(
  'replacing a correction appends exactly one correction_replaced event with both hashes',
  async (t) => {
    const old = await scalar(
      "SELECT payload_sha256 FROM job_finals WHERE job_id = 'job_6c2d7e9f0a13' AND kind = 'correction'",
    );
    // The new file's bytes go with it: the stored sha256 is always theirs (schema/012).
    await client.query(
      `UPDATE job_finals SET payload = payload || '{"transcript": "fixed by hand"}',
         snapshot_bytes = convert_to('{"transcript": "fixed by hand"}', 'UTF8'),
         payload_sha256 = encode(sha256(convert_to('{"transcript": "fixed by hand"}', 'UTF8')), 'hex')
       WHERE job_id = 'job_6c2d7e9f0a13' AND kind = 'correction'`,
    );
    const { rows } = await client.query(
      "SELECT payload, run_id FROM job_events WHERE job_id = 'job_6c2d7e9f0a13' AND event_type = 'correction_replaced'",
    );
    const fixed = createHash('sha256').update('{"transcript": "fixed by hand"}').digest('hex');
    t.deepEqual(rows, [
      { payload: { previous_sha256: old, new_sha256: fixed, source: 'sql' }, run_id: null },
    ]);
    // An update that leaves the payload alone replaces nothing and logs nothing.
    await client.query(
      "UPDATE job_finals SET imported_at = now() WHERE job_id = 'job_6c2d7e9f0a13' AND kind = 'correction'",
    );
    t.is(
      await scalar(
        "SELECT count(*)::int FROM job_events WHERE job_id = 'job_6c2d7e9f0a13' AND event_type = 'correction_replaced'",
      ),
      1,
    );
  },
);

test.serial('job_events is append-only: no update, no delete, no truncate', async (t) => {
  const before = await scalar('SELECT count(*)::int FROM job_events');
  await refused(
    t,
    "UPDATE job_events SET event_type = 'forged' WHERE job_id = 'job_1'",
    /^jobmig: job_events is append-only \(no UPDATE\)/,
  );
  await refused(
    t,
    "DELETE FROM job_events WHERE job_id = 'job_1'",
    /^jobmig: job_events is append-only \(no DELETE\)/,
  );
  await refused(t, 'TRUNCATE job_events', /^jobmig: job_events is kept forever \(no TRUNCATE\)$/);
  await client.query("INSERT INTO job_events (job_id, event_type) VALUES ('job_1', 'note')");
  t.is(await scalar('SELECT count(*)::int FROM job_events'), (before as number) + 1);
});

test.serial(
  'uploaded media artifact rows cannot be re-pointed or re-hashed; derived columns may change',
  async (t) => {
    const audio = 'job_1/sections/trunk/recordings/rec_j1_02.m4a';
    await refused(
      t,
      `UPDATE artifacts SET size = size + 1 WHERE path = '${audio}'`,
      new RegExp(`^jobmig: uploaded media artifact ${audio} of job job_1 is immutable \\(audio file`),
    );
    await refused(t, `UPDATE artifacts SET path = '${audio}.bak' WHERE path = '${audio}'`, /is immutable/);
    await refused(
      t,
      `UPDATE artifacts SET sha256 = repeat('0', 64) WHERE path = 'job_4a1f0c2b9e01/sections/job_photos/images/img_4a_1.jpg'`,
      /uploaded media artifact .*img_4a_1\.jpg of job job_4a1f0c2b9e01 is immutable \(image file/,
    );
    await client.query(`UPDATE artifacts SET round_id = 'round_9', mtime = now() WHERE path = '${audio}'`);
    t.is(await scalar(`SELECT round_id FROM artifacts WHERE path = '${audio}'`), 'round_9');
  },
);

test.serial('generated outputs may be re-hashed', async (t) => {
  await client.query(
    "UPDATE artifacts SET size = 99, sha256 = repeat('c', 64) WHERE path = 'job_1/final_report_letter.pdf'",
  );
  t.is(await scalar("SELECT size::int FROM artifacts WHERE path = 'job_1/final_report_letter.pdf'"), 99);
});
