/**
 * Importing the fixture storage root (fixtures/README.md "Storage root"): the tables, the history,
 * one test per storage-root finding kind, the presets, and an unchanged rerun.
 */
import test from 'ava';
import { loadPreset } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { runImport } from '../../src/import/run.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { STORAGE_ROOT } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: STORAGE_ROOT });

async function findings(kind: string) {
  const { rows } = await db().pool.query(
    `SELECT job_id, severity, source_values, paths, summary FROM reconciliation
     WHERE kind = $1 AND gone_run_id IS NULL ORDER BY job_id, id`,
    [kind],
  );
  return rows;
}

async function column(sql: string): Promise<unknown[]> {
  const { rows } = await db().pool.query(sql);
  return rows.map((r) => Object.values(r)[0]);
}

async function preset(name: string, kind: string | null = null, job: string | null = null) {
  const rows: unknown[][] = [];
  let columns: string[] = [];
  await runPreset(
    db().pool,
    loadPreset(name),
    { kind: kind ?? undefined, job: job ?? undefined },
    {
      columns: (c) => void (columns = c),
      rows: (page) => void rows.push(...page),
    },
  );
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
}

test('the run recorded the storage root and its jobs folder', async (t) => {
  const { rows } = await db().pool.query('SELECT jobs_root, storage_root FROM import_runs WHERE id = 1');
  t.deepEqual(rows, [
    { jobs_root: `${STORAGE_ROOT.replace(/\/$/, '')}/jobs`, storage_root: STORAGE_ROOT.replace(/\/$/, '') },
  ]);
});

test('devices: one row per device_id, the later duplicate wins, every field and the raw entry', async (t) => {
  t.deepEqual(await column('SELECT device_id FROM devices ORDER BY device_id'), [
    'dev-dana-ipad',
    'dev-marcus-phone',
    'dev-new-tablet',
    'dev-office-desktop',
    'dev-old-phone',
    'dev-priya-tablet',
  ]);
  const { rows } = await db().pool.query(
    `SELECT device_name, app_version, status, role, approved_at, last_seen_at, raw ->> 'device_name' AS raw_name
     FROM devices WHERE device_id = 'dev-marcus-phone'`,
  );
  t.deepEqual(rows[0], {
    device_name: 'Marcus phone',
    app_version: '2.4.1',
    status: 'approved',
    role: 'arborist',
    approved_at: new Date('2022-04-02T08:00:00Z'),
    last_seen_at: new Date('2024-11-29T19:05:33Z'),
    raw_name: 'Marcus phone',
  });
});

test('device_tokens: the sha256 of each token, its fields, and a raw entry without the token', async (t) => {
  const { rows } = await db().pool.query(
    'SELECT token_sha256, device_id, revoked, raw FROM device_tokens ORDER BY device_id',
  );
  t.is(rows.length, 5);
  for (const r of rows) {
    t.regex(r.token_sha256, /^[0-9a-f]{64}$/);
    t.false('token' in r.raw);
  }
  t.deepEqual(
    rows.map((r) => [r.device_id, r.revoked]),
    [
      ['dev-dana-ipad', false],
      ['dev-ghost-phone', false],
      ['dev-marcus-phone', false],
      ['dev-office-desktop', false],
      ['dev-old-phone', true],
    ],
  );
});

test('job_assignments and operator_profiles: one row per job and per file; profiles attributed by hash', async (t) => {
  t.is((await column('SELECT count(*)::int FROM job_assignments'))[0], 6);
  const { rows } = await db().pool.query(
    `SELECT p.name, p.device_id, o.code FROM operator_profiles p LEFT JOIN operators o ON o.id = p.operator_id
     ORDER BY p.name`,
  );
  t.deepEqual(rows, [
    { name: 'Dana Whitfield', device_id: 'dev-dana-ipad', code: 'O0002' },
    { name: 'Jordan Reyes', device_id: null, code: 'O0004' },
    { name: 'Marcus Oyelaran', device_id: 'dev-marcus-phone', code: 'O0001' },
    { name: 'Priya Natarajan', device_id: 'dev-priya-tablet', code: 'O0003' },
  ]);
});

test('profiles feed operators: an assessor known only from a profile is an operator', async (t) => {
  const { rows } = await db().pool.query(
    "SELECT name, isa_number, source_job_id, source_profile IS NOT NULL AS from_profile FROM operators WHERE name = 'Priya Natarajan'",
  );
  t.deepEqual(rows, [
    { name: 'Priya Natarajan', isa_number: 'PN-9915A', source_job_id: null, from_profile: true },
  ]);
  // A job naming the assessor decides the stored details, not a profile (job_1's final has no profile).
  const marcus = await db().pool.query(
    "SELECT source_job_id, source_profile FROM operators WHERE name = 'Marcus Oyelaran'",
  );
  t.deepEqual(marcus.rows, [{ source_job_id: 'job_1', source_profile: null }]);
});

test('first import: one assigned event per current assignment of an imported job, with the file assigned_at', async (t) => {
  const { rows } = await db().pool.query(
    "SELECT job_id, payload FROM job_events WHERE event_type = 'assigned' ORDER BY job_id",
  );
  t.deepEqual(
    rows.map((r) => r.job_id),
    ['job_4a1f0c2b9e01', 'job_c1d2e3f4a5b6', 'job_d4e5f6a7b8c9', 'job_e7f8a9b0c1d2', 'job_f0a1b2c3d4e5'],
  );
  t.like(rows[0].payload, { device_id: 'dev-dana-ipad', assigned_by: 'admin:office' });
  t.is(new Date(rows[0].payload.assigned_at).toISOString(), '2023-02-20T10:00:00.000Z');
});

test('device_events: registered per device, token_issued per token of a known device, token_revoked', async (t) => {
  const { rows } = await db().pool.query(
    'SELECT event_type, count(*)::int AS n FROM device_events GROUP BY 1 ORDER BY 1',
  );
  t.deepEqual(rows, [
    { event_type: 'registered', n: 6 },
    { event_type: 'token_issued', n: 4 },
    { event_type: 'token_revoked', n: 1 },
  ]);
});

test('finding assignment_job_missing: an assignment naming no job folder', async (t) => {
  const rows = await findings('assignment_job_missing');
  t.is(rows.length, 1);
  t.like(rows[0], {
    job_id: 'job_0badc0ffee00',
    severity: 'warning',
    paths: ['security/job_assignments.json'],
  });
});

test('finding assignment_device_unknown: an assignment to a device devices.json does not list', async (t) => {
  const rows = await findings('assignment_device_unknown');
  t.deepEqual(
    rows.map((r) => [r.job_id, r.source_values]),
    [['job_e7f8a9b0c1d2', { job_assignments: 'dev-ghost-phone', devices: null }]],
  );
});

test('finding assignment_device_inactive: assignments to a pending and to a revoked device', async (t) => {
  const rows = await findings('assignment_device_inactive');
  t.deepEqual(
    rows.map((r) => [r.job_id, r.source_values.devices]),
    [
      ['job_c1d2e3f4a5b6', 'pending'],
      ['job_d4e5f6a7b8c9', 'revoked'],
    ],
  );
});

test('finding token_device_unknown: a token of an unknown device, named by a hash prefix', async (t) => {
  const rows = await findings('token_device_unknown');
  t.is(rows.length, 1);
  t.is(rows[0].job_id, 'security/tokens.json');
  t.is(rows[0].source_values.tokens.device_id, 'dev-ghost-phone');
  t.regex(rows[0].source_values.tokens.token_sha256_prefix, /^[0-9a-f]{12}$/);
});

test('finding token_plaintext_active: one per device with active tokens, with expiry and hash prefix', async (t) => {
  const rows = await findings('token_plaintext_active');
  t.deepEqual(rows.map((r) => [r.source_values.device_id, r.source_values.expires_at, r.severity]).sort(), [
    ['dev-dana-ipad', '2099-01-01T00:00:00Z', 'error'],
    ['dev-ghost-phone', '2099-08-08T08:08:08Z', 'error'],
    ['dev-marcus-phone', '2099-06-30T00:00:00Z', 'error'],
  ]);
  for (const r of rows) t.regex(r.source_values.token_sha256_prefixes[0], /^[0-9a-f]{12}$/);
});

test('finding profile_unattributed: the admin console profile, as info', async (t) => {
  const rows = await findings('profile_unattributed');
  t.deepEqual(
    rows.map((r) => [r.job_id, r.severity, r.source_values.profile]),
    [
      [
        'profiles/794eca17c0227876128b0b0e7598b3ca92fc45da45c0c0e15cbdf4af1a2c86c4.json',
        'info',
        'Jordan Reyes',
      ],
    ],
  );
});

test('finding profile_final_mismatch: a device profile disagreeing with the final and the correction', async (t) => {
  const rows = await findings('profile_final_mismatch');
  t.deepEqual(
    rows.map((r) => r.job_id),
    ['job_7b3e8a1d5c24', 'job_7b3e8a1d5c24'],
  );
  const values = rows.map((r) => r.source_values);
  t.true(
    values.every((v) => v.profile.isa_number === 'WE-10482B' && v.profile.device_id === 'dev-marcus-phone'),
  );
  t.deepEqual(
    values.map((v) => (v.final ?? v.correction).isa_number),
    ['WE-10482A', 'WE-10482A'],
  );
});

test('storage-root issues: the non-object entry, the entries without id, the duplicate device', async (t) => {
  const { rows } = await db().pool.query(
    "SELECT path, pointer FROM import_issues WHERE path LIKE 'security/%' OR path LIKE 'profiles/%' ORDER BY path, pointer",
  );
  t.deepEqual(
    rows.map((r) => `${r.path}#${r.pointer}`),
    [
      'security/devices.json#/devices/5',
      'security/devices.json#/devices/6',
      'security/devices.json#/devices/7',
      'security/job_assignments.json#/assignments/6',
      'security/tokens.json#/tokens/5',
    ],
  );
});

test('preset devices: status, role, last seen, assignments and active tokens; --kind filters by status', async (t) => {
  const rows = await preset('devices');
  t.is(rows.length, 6);
  t.like(
    rows.find((r) => r.device_id === 'dev-marcus-phone'),
    {
      status: 'approved',
      role: 'arborist',
      current_assignments: 2,
      assigned_jobs: ['job_0badc0ffee00', 'job_f0a1b2c3d4e5'],
      active_tokens: 1,
      profile_name: 'Marcus Oyelaran',
    },
  );
  t.like(
    rows.find((r) => r.device_id === 'dev-office-desktop'),
    { active_tokens: 0, current_assignments: 0 },
  );
  t.deepEqual(
    (await preset('devices', 'revoked')).map((r) => r.device_id),
    ['dev-old-phone'],
  );
  t.deepEqual(
    (await preset('devices', null, 'job_c1d2e3f4a5b6')).map((r) => r.device_id),
    ['dev-new-tablet'],
  );
});

test('preset assignments: every assignment; --kind stale is archived-and-assigned or a device not approved', async (t) => {
  const all = await preset('assignments');
  t.is(all.length, 6);
  t.like(
    all.find((r) => r.job_id === 'job_0badc0ffee00'),
    { job_imported: false, job_number: null },
  );
  const stale = await preset('assignments', 'stale');
  t.deepEqual(
    stale.map((r) => [r.job_id, r.job_number, r.job_status, r.device_status, r.stale_reason]),
    [
      ['job_4a1f0c2b9e01', 'J0004', 'ARCHIVED', 'approved', 'job archived'],
      ['job_c1d2e3f4a5b6', 'J0011', 'DRAFT', 'pending', 'device pending'],
      ['job_d4e5f6a7b8c9', 'J0012', 'SUBMITTED_FOR_PROCESSING', 'revoked', 'device revoked'],
      ['job_e7f8a9b0c1d2', 'J0010', 'FAILED', null, 'device not in devices.json'],
    ],
  );
});

test.serial('a rerun of the unchanged storage root reads no file and writes nothing', async (t) => {
  const before = await column(
    'SELECT count(*)::int FROM device_events UNION ALL SELECT count(*)::int FROM job_events',
  );
  const summary = await runImport(db().pool, { jobsRoot: STORAGE_ROOT });
  t.deepEqual(summary.storage, { files_found: 7, files_read: 0, skipped_unchanged: 7 });
  t.is(summary.root.kind, 'storage_root');
  for (const table of ['devices', 'device_tokens', 'job_assignments', 'operator_profiles', 'device_events']) {
    t.like(summary.counts[table] ?? {}, { inserted: 0, updated: 0, deleted: 0 }, table);
  }
  t.deepEqual(
    await column('SELECT count(*)::int FROM device_events UNION ALL SELECT count(*)::int FROM job_events'),
    before,
  );
  t.is(summary.counts.reconciliation?.inserted ?? 0, 0);
});
