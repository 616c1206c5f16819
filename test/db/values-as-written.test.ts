// Typed columns hold a value as the file wrote it: names keep tabs, newlines and surrounding spaces
// (jobs.customer_name, job_finals.user_name, customers.name, operators.name, billing); only keys fold.
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { finalSnapshot, jobRecord, makeStore, writeJob } from '../helpers/hostile-store.ts';

const db = useTestDatabase(test);

const CUSTOMER = ' Acme\tParks\nDept ';
const ASSESSOR = 'Dana\t Whitfield\r\n';
const BILLING = {
  billing_name: 'Acme\tAP',
  billing_address: 'PO Box 410\nLakeview',
  billing_contact_name: 'J.  Pike',
};

test.serial('names are stored exactly; the two spellings of each are still one identity', async (t) => {
  const { root, cleanup } = await makeStore();
  t.teardown(cleanup);
  const tabbed = { customer_name: CUSTOMER, ...BILLING };
  await writeJob(root, 'job_a', {
    'job_record.json': jobRecord('job_a', 'J0001', tabbed),
    'final.json': finalSnapshot('job_a', 'J0001', { user_name: ASSESSOR }),
  });
  await writeJob(root, 'job_b', {
    'job_record.json': jobRecord('job_b', 'J0002', { customer_name: 'ACME PARKS DEPT' }),
    'final.json': finalSnapshot('job_b', 'J0002', { user_name: 'DANA WHITFIELD' }),
  });
  await runImport(db().pool, { jobsRoot: root });
  const one = async (sql: string) => (await db().pool.query(sql)).rows;

  t.deepEqual(await one('SELECT job_id, customer_name FROM jobs ORDER BY job_id'), [
    { job_id: 'job_a', customer_name: CUSTOMER },
    { job_id: 'job_b', customer_name: 'ACME PARKS DEPT' },
  ]);
  t.deepEqual(await one('SELECT job_id, user_name FROM job_finals ORDER BY job_id'), [
    { job_id: 'job_a', user_name: ASSESSOR },
    { job_id: 'job_b', user_name: 'DANA WHITFIELD' },
  ]);
  // Display names are the lowest job's spelling, as written; the keys fold case and spacing.
  t.deepEqual(await one('SELECT name, name_key FROM customers'), [
    { name: CUSTOMER, name_key: 'acme parks dept' },
  ]);
  t.deepEqual(await one('SELECT name, name_key FROM operators'), [
    { name: ASSESSOR, name_key: 'dana whitfield' },
  ]);
  t.deepEqual(await one('SELECT billing_name, billing_address, billing_contact_name FROM billing_profiles'), [
    BILLING,
  ]);
  t.deepEqual(
    await one(
      'SELECT billing_name, billing_address, billing_contact_name FROM jobs WHERE job_id = $$job_a$$',
    ),
    [BILLING],
  );
});

test.serial(
  'a store imported before (names collapsed) is re-planned once, then holds them as written',
  async (t) => {
    const { root, cleanup } = await makeStore();
    t.teardown(cleanup);
    await writeJob(root, 'job_a', {
      'job_record.json': jobRecord('job_a', 'J0001', { customer_name: CUSTOMER, ...BILLING }),
      'final.json': finalSnapshot('job_a', 'J0001', { user_name: ASSESSOR }),
    });
    // What the previous planner version left: collapsed names, its own fingerprint and content hash.
    await db().pool.query(
      `UPDATE jobs SET customer_name = 'Acme Parks Dept', fingerprint = 'planner-3', content_sha256 = 'old'
     WHERE job_id = 'job_a';
     UPDATE customers SET name = 'Acme Parks Dept'; UPDATE operators SET name = 'Dana Whitfield'`,
    );
    const first = await runImport(db().pool, { jobsRoot: root });
    t.is(first.counts.jobs?.updated, 1);
    const { rows } = await db().pool.query(
      `SELECT j.customer_name, c.name AS customer, o.name AS operator FROM jobs j
     JOIN customers c ON c.id = j.customer_id JOIN operators o ON o.id = j.operator_id WHERE j.job_id = 'job_a'`,
    );
    t.deepEqual(rows, [{ customer_name: CUSTOMER, customer: CUSTOMER, operator: ASSESSOR }]);
    const second = await runImport(db().pool, { jobsRoot: root });
    t.is(second.folders.skipped_unchanged, 1, 'once: the next run skips the folder');
  },
);

test.serial("a blank name does not name anyone: the snapshot's client is the customer", async (t) => {
  const { root, cleanup } = await makeStore();
  t.teardown(cleanup);
  await writeJob(root, 'job_c', {
    'job_record.json': jobRecord('job_c', 'J0003', { customer_name: ' \t ' }),
    'final.json': finalSnapshot('job_c', 'J0003'),
  });
  await runImport(db().pool, { jobsRoot: root });
  const { rows } = await db().pool.query(
    "SELECT j.customer_name, c.name FROM jobs j JOIN customers c ON c.id = j.customer_id WHERE j.job_id = 'job_c'",
  );
  t.deepEqual(rows, [{ customer_name: 'Customer of J0003', name: 'Customer of J0003' }]);
});
