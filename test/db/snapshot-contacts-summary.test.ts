/**
 * On the fixture storage root: report-projection's --snapshot choice (a corrected job's original
 * final), the customers' contact details and their history preset, and the storage root's lines in
 * `query summary`.
 */
import test from 'ava';
import { loadPreset, type SnapshotChoice } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { STORAGE_ROOT } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: STORAGE_ROOT });

async function collect(
  name: string,
  filter: { job?: string; kind?: string; snapshot?: SnapshotChoice } = {},
): Promise<Record<string, unknown>[]> {
  let columns: string[] = [];
  const rows: unknown[][] = [];
  await runPreset(db().pool, loadPreset(name), filter, {
    columns: (names) => void (columns = names),
    rows: (page) => void rows.push(...page),
  });
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

const projection = (r: Record<string, unknown>) => [r.snapshot, r.risk_rating, r.inspection_interval];

test('report-projection --snapshot final returns the original final of a corrected job', async (t) => {
  const job = 'job_4a1f0c2b9e01';
  t.deepEqual((await collect('report-projection', { job })).map(projection), [
    ['correction', 'Low', '24 months'],
  ]);
  t.deepEqual((await collect('report-projection', { job, snapshot: 'current' })).map(projection), [
    ['correction', 'Low', '24 months'],
  ]);
  t.deepEqual((await collect('report-projection', { job, snapshot: 'final' })).map(projection), [
    ['final', 'Moderate', '12 months'],
  ]);
  t.deepEqual((await collect('report-projection', { job, snapshot: 'correction' })).map(projection), [
    ['correction', 'Low', '24 months'],
  ]);
});

test('--snapshot correction leaves out jobs that were never corrected; final covers every archived job', async (t) => {
  const jobs = async (snapshot: SnapshotChoice) =>
    (await collect('report-projection', { snapshot })).map((r) => r.job_id);
  t.deepEqual(await jobs('correction'), ['job_4a1f0c2b9e01', 'job_6c2d7e9f0a13', 'job_7b3e8a1d5c24']);
  t.is((await jobs('final')).length, 6);
  t.deepEqual(await jobs('current'), await jobs('final'), 'one row per archived job either way');
});

test('archived-finals and geojson-exports take --snapshot current: only the correction of a corrected job', async (t) => {
  const job = 'job_4a1f0c2b9e01';
  t.deepEqual(
    (await collect('archived-finals', { job, snapshot: 'current' })).map((r) => r.kind),
    ['correction'],
  );
  t.deepEqual(
    (await collect('archived-finals', { job })).map((r) => r.kind),
    ['final', 'correction'],
  );
  t.deepEqual(
    (await collect('geojson-exports', { job: 'job_1', snapshot: 'current' })).map((r) => r.kind),
    ['final'],
  );
});

test('--snapshot on a preset without the choice is a usage error', async (t) => {
  const error = await t.throwsAsync(collect('findings', { snapshot: 'final' }));
  t.is(error?.message, 'preset findings has no --snapshot choice');
  t.is((error as Error & { exitCode?: number }).exitCode, 2);
});

test("customers carry the contact details of their most recent job, with that job's id", async (t) => {
  const { rows } = await db().pool.query(
    `SELECT code, phone, address, contact_preference, contact_job_id FROM customers ORDER BY id`,
  );
  t.deepEqual(rows, [
    // job_1 is archived-only: no job record, so no contact details.
    { code: 'C0001', phone: null, address: null, contact_preference: null, contact_job_id: null },
    // J0007 is Acme's latest job; it wrote a phone and a preference but no address.
    {
      code: 'C0002',
      phone: '+1 541 555 0100',
      address: null,
      contact_preference: 'email',
      contact_job_id: 'job_7b3e8a1d5c24',
    },
    {
      code: 'C0003',
      phone: null,
      address: null,
      contact_preference: 'email',
      contact_job_id: 'job_a5c8d2e7f146',
    },
    {
      code: 'C0004',
      phone: null,
      address: null,
      contact_preference: 'email',
      contact_job_id: 'job_d4e5f6a7b8c9',
    },
    {
      code: 'C0005',
      phone: '+1 541 555 0133',
      address: '301 Harbor Blvd, Newport, OR 97365',
      contact_preference: 'phone',
      contact_job_id: 'job_f0a1b2c3d4e5',
    },
  ]);
  const billing = await db().pool.query(
    'SELECT code, contact_preference, contact_job_id FROM billing_profiles ORDER BY id',
  );
  t.deepEqual(billing.rows[0], {
    code: 'B0001',
    contact_preference: 'phone',
    contact_job_id: 'job_6c2d7e9f0a13',
  });
  const customers = await db().pool.query('SELECT count(*)::int AS n FROM customers');
  t.is(customers.rows[0].n, 5, 'contact details never split a customer');
});

test("customer-contacts answers a customer's contact history across jobs, most recent first", async (t) => {
  const rows = await collect('customer-contacts', { job: 'job_4a1f0c2b9e01' });
  t.deepEqual(
    rows.map((r) => [r.customer_code, r.job_number, r.phone, r.address, r.contact_preference, r.is_current]),
    [
      ['C0002', 'J0007', '+1 541 555 0100', null, 'email', true],
      ['C0002', 'J0006', '+1 541 555 0100', '1200 Lakeshore Dr, Lakeview, OR 97630', 'phone', false],
      ['C0002', 'J0004', '+1 541 555 0100', '1200 Lakeshore Dr, Lakeview, OR 97630', 'email', false],
    ],
  );
  t.deepEqual(
    (await collect('customer-contacts', { kind: 'C0005' })).map((r) => r.job_id),
    ['job_f0a1b2c3d4e5'],
  );
});

test('summary counts devices, tokens (active, expired, revoked), assignments and profiles', async (t) => {
  const lines = async (job?: string) =>
    (await collect('summary', { job, kind: 'storage_root' })).map((r) => [r.name, r.count]);
  t.deepEqual(await lines(), [
    ['devices', 6],
    ['tokens_active', 3],
    ['tokens_expired', 1],
    ['tokens_revoked', 1],
    ['assignments', 6],
    ['profiles', 4],
  ]);
  // One job: its assignment, the device assigned and that device's tokens and profile.
  t.deepEqual(await lines('job_4a1f0c2b9e01'), [
    ['devices', 1],
    ['tokens_active', 1],
    ['tokens_expired', 0],
    ['tokens_revoked', 0],
    ['assignments', 1],
    ['profiles', 1],
  ]);
});
