/**
 * The storage root's reading and planning, without a database: list parsing and its bad inputs,
 * token hashing and scrubbing, and storage root detection.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { planSecurity, tokenSha256 } from '../../src/model/security-plan.ts';
import { parseObjectFile, parseSecurityList } from '../../src/legacy/security/read-list.ts';
import { profileFields, SECURITY_FILES } from '../../src/legacy/security/schemas.ts';
import { detectRoot } from '../../src/legacy/security/storage-root.ts';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const label = (id: string) => `device_id "${id}"`;
const SECRET = 'jmfx-live-unit-Q9w8E7r6T5y4U3i2O1p0';

test('a list entry that is not an object is one issue at its pointer; the rest is used', (t) => {
  const list = parseSecurityList(
    SECURITY_FILES.devices,
    bytes({ devices: [{ device_id: 'a' }, 7, []] }),
    label,
  );
  t.true(list.usable);
  t.deepEqual(
    list.entries.map((e) => e.id),
    ['a'],
  );
  t.deepEqual(
    list.issues.map((i) => [i.path, i.pointer]),
    [
      ['security/devices.json', '/devices/1'],
      ['security/devices.json', '/devices/2'],
    ],
  );
});

test('an entry without its id is one issue at its pointer', (t) => {
  const list = parseSecurityList(
    SECURITY_FILES.assignments,
    bytes({ assignments: [{ device_id: 'd' }, { job_id: '', device_id: 'd' }, { job_id: 'job_1' }] }),
    (id) => id,
  );
  t.deepEqual(
    list.entries.map((e) => e.id),
    ['job_1'],
  );
  t.deepEqual(
    list.issues.map((i) => [i.pointer, i.message]),
    [
      ['/assignments/0', 'entry has no job_id: skipped'],
      ['/assignments/1', 'entry has no job_id: skipped'],
    ],
  );
});

test('a duplicate device_id: the later entry wins, the duplicate is one issue', (t) => {
  const list = parseSecurityList(
    SECURITY_FILES.devices,
    bytes({
      devices: [
        { device_id: 'a', status: 'pending' },
        { device_id: 'b' },
        { device_id: 'a', status: 'approved' },
      ],
    }),
    label,
  );
  t.deepEqual(
    list.entries.map((e) => [e.id, e.value.status]),
    [
      ['b', null],
      ['a', 'approved'],
    ],
  );
  t.is(list.issues.length, 1);
  t.is(list.issues[0]!.pointer, '/devices/2');
  t.regex(list.issues[0]!.message, /device_id "a" appears again \(first at \/devices\/0\)/);
});

test('a field of the wrong type is read as null, reported at its pointer, and kept in raw', (t) => {
  const list = parseSecurityList(
    SECURITY_FILES.devices,
    bytes({ devices: [{ device_id: 'a', role: ['x'], last_seen_at: 5 }] }),
    label,
  );
  t.is(list.entries[0]!.value.role, null);
  t.deepEqual(list.entries[0]!.raw.role, ['x']);
  t.deepEqual(
    list.issues.map((i) => i.pointer),
    ['/devices/0/role', '/devices/0/last_seen_at'],
  );
});

test('an unparsable file is not usable: one issue, and no entries to replace what was stored', (t) => {
  for (const text of [
    '{"devices": [{"device_id": "a"}, {"device_',
    '',
    'not json',
    '[1, 2]',
    '{"other": []}',
  ]) {
    const list = parseSecurityList(SECURITY_FILES.devices, bytes(text), label);
    t.false(list.usable, text);
    t.is(list.issues.length, 1, text);
    t.is(list.issues[0]!.pointer, '');
    t.regex(list.issues[0]!.message, /file not used, what it gave before is kept/);
  }
});

test('no message about tokens.json quotes a token: syntax errors, wrong types, duplicates', (t) => {
  const cases = [
    `{"tokens": [{"token": "${SECRET}", "device_id": "d"}, {"token": "${SECRET}`,
    `{"tokens": [{"token": "${SECRET}" "device_id": "d"}]}`,
    `{"tokens": [{"token": "${SECRET}", "device_id": "d"}, {"token": "${SECRET}", "revoked": "${SECRET}"}]}`,
    `{"tokens": [{"token": "${SECRET}", "expires_at": "${SECRET}"}]}`,
  ];
  for (const text of cases) {
    const list = parseSecurityList(
      SECURITY_FILES.tokens,
      bytes(text),
      (id) => `the token ${tokenSha256(id).slice(0, 12)}`,
    );
    const plan = planSecurity({ devices: null, tokens: list, assignments: null, profiles: [] });
    t.true(plan.issues.length > 0, text);
    for (const issue of plan.issues) t.false(issue.message.includes('jmfx'), issue.message);
  }
});

test('tokens are hashed; raw keeps no token, and a copy of one elsewhere becomes its hash label', (t) => {
  const list = parseSecurityList(
    SECURITY_FILES.tokens,
    bytes({ tokens: [{ token: SECRET, device_id: 'd', note: { previous: SECRET }, [SECRET]: 1 }] }),
    (id) => id,
  );
  const plan = planSecurity({ devices: null, tokens: list, assignments: null, profiles: [] });
  t.is(plan.tokens.length, 1);
  t.is(plan.tokens[0]!.token_sha256, tokenSha256(SECRET));
  t.regex(plan.tokens[0]!.token_sha256, /^[0-9a-f]{64}$/);
  t.false(JSON.stringify(plan).includes(SECRET));
  t.deepEqual(plan.tokens[0]!.raw, {
    device_id: 'd',
    note: { previous: `[token sha256:${tokenSha256(SECRET).slice(0, 12)}]` },
    [`[token sha256:${tokenSha256(SECRET).slice(0, 12)}]`]: 1,
  });
});

test('a profile file: fields typed, a wrong type reported, and a non-object not usable', (t) => {
  const ok = parseObjectFile(
    'profiles/x.json',
    profileFields,
    bytes({ name: 'A', phone: 5, isa_number: {} }),
  );
  t.true(ok.usable);
  t.is(ok.value!.phone, '5');
  t.is(ok.value!.isa_number, null);
  t.deepEqual(
    ok.issues.map((i) => i.pointer),
    ['/isa_number'],
  );
  const bad = parseObjectFile('profiles/x.json', profileFields, bytes('["A"]'));
  t.false(bad.usable);
  t.is(bad.issues.length, 1);
});

test('a folder holding jobs/ is a storage root; a jobs folder (even with a job named jobs) is not', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-detect-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'root', 'jobs', 'job_1'), { recursive: true });
  t.like(await detectRoot(path.join(dir, 'root')), {
    kind: 'storage_root',
    storageRoot: path.join(dir, 'root'),
    jobsRoot: path.join(dir, 'root', 'jobs'),
  });
  t.like(await detectRoot(path.join(dir, 'root', 'jobs')), { kind: 'jobs_root', storageRoot: null });
  await mkdir(path.join(dir, 'store', 'jobs'), { recursive: true });
  await writeFile(path.join(dir, 'store', 'jobs', 'job_record.json'), '{}');
  t.like(await detectRoot(path.join(dir, 'store')), { kind: 'jobs_root', jobsRoot: path.join(dir, 'store') });
});
