/**
 * The plaintext tokens of the fixtures never leave tokens.json: not in any table (a full dump of every
 * table and column), not in the import's output, findings, reports or presets, not in an issue, even
 * when tokens.json is malformed around them.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { listPresets } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { jobmig } from '../helpers/cli.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { fullDumpText } from '../helpers/dump.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { STORAGE_ROOT } from '../helpers/store.ts';

/** Every token of the fixtures, and its random tail alone: a partial copy is a leak too. */
async function fixtureSecrets(): Promise<string[]> {
  const file = JSON.parse(await readFile(path.join(STORAGE_ROOT, 'security/tokens.json'), 'utf8'));
  const tokens: string[] = file.tokens.map((e: { token?: string }) => e.token).filter(Boolean);
  return [...tokens, ...tokens.map((tok) => tok.slice(tok.lastIndexOf('-') + 1))];
}

function assertNoSecret(
  t: { false: (v: boolean, m: string) => void },
  what: string,
  text: string,
  secrets: string[],
) {
  for (const secret of secrets) t.false(text.includes(secret), `${what} holds ${secret.slice(0, 4)}...`);
}

/** What the CLI prints and writes (import, findings, reports), every preset's rows, and a full dump. */
async function everyOutput(db: TestDatabase, root: string, reports = true): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  const cli = async (name: string, args: string[]) => {
    const r = await jobmig([...args, '--database-url', db.url]);
    outputs[name] = r.stdout + r.stderr;
  };
  await cli('import', ['import', root]);
  await cli('import --json --full', ['import', root, '--json', '--full']);
  await cli('findings list', ['findings', 'list', '--json', '--status', 'open']);
  const { rows } = await db.pool.query(
    "SELECT id FROM reconciliation WHERE kind LIKE 'token%' ORDER BY id LIMIT 1",
  );
  for (const { id } of rows) await cli(`findings show ${id}`, ['findings', 'show', id, '--json']);
  if (reports) await writeReports(db, outputs);
  // In process (the CLI's formats print the same values): a CLI start per preset takes minutes here.
  for (const preset of listPresets()) {
    let text = '';
    await runPreset(
      db.pool,
      preset,
      {},
      {
        columns: (c) => void (text += JSON.stringify(c)),
        rows: (page) => void (text += JSON.stringify(page)),
      },
    );
    outputs[`query ${preset.name}`] = text;
  }
  outputs['full dump'] = await fullDumpText(db.pool);
  return outputs;
}

async function writeReports(db: TestDatabase, outputs: Record<string, string>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-secrets-'));
  try {
    for (const ext of ['html', 'csv', 'md']) {
      const file = path.join(dir, `report.${ext}`);
      const r = await jobmig(['report', file, '--status', 'all', '--database-url', db.url]);
      outputs[`report ${ext}`] = r.stdout + r.stderr + (await readFile(file, 'utf8'));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('no plaintext token of the fixtures in a full dump or in any output', async (t) => {
  const secrets = await fixtureSecrets();
  t.is(secrets.length, 10);
  const { db, root } = await fixturesWithDatabase(t, { storageRoot: true });
  const outputs = await everyOutput(db, root);
  t.regex(outputs.import!, /storage root/);
  t.regex(outputs['full dump']!, /device_tokens/);
  t.regex(outputs['query devices']!, /dev-dana-ipad/);
  for (const [what, text] of Object.entries(outputs)) assertNoSecret(t, what, text, secrets);
});

test('a malformed tokens.json puts no token into issues, rows or outputs', async (t) => {
  const secrets = await fixtureSecrets();
  const { db, root } = await fixturesWithDatabase(t, { storageRoot: true });
  const file = path.join(root, 'security/tokens.json');
  const original = JSON.parse(await readFile(file, 'utf8'));
  const [a, b] = original.tokens;
  // Tokens where other fields belong, a duplicate, and a token as a key.
  const hostile = {
    tokens: [
      ...original.tokens,
      { ...a, revoked: a.token, expires_at: b.token, device_id: { [b.token]: a.token } },
      { token: b.token, device_id: 'dev-dana-ipad', notes: [a.token] },
    ],
  };
  await writeFile(file, JSON.stringify(hostile));
  // Copies of tokens in the other files: a device's summary (read with tokens.json), a profile (below).
  const devicesFile = path.join(root, 'security/devices.json');
  const devices = JSON.parse(await readFile(devicesFile, 'utf8'));
  devices.devices[0].profile_summary = { pasted: a.token };
  await writeFile(devicesFile, JSON.stringify(devices));
  const first = await jobmig(['import', root, '--database-url', db.url]);
  // Then truncated in the middle of a token.
  const text = JSON.stringify(original);
  await writeFile(file, text.slice(0, text.indexOf(a.token) + 12));
  // tokens.json is unusable in this run: the profile's copy is known by the stored hashes.
  const profile = path.join(root, 'profiles', `${(await readdir(path.join(root, 'profiles')))[0]}`);
  await writeFile(profile, JSON.stringify({ name: 'Pasted', phone: b.token, notes: { [a.token]: true } }));
  const outputs: Record<string, string> = {
    'first import': first.stdout + first.stderr,
    ...(await everyOutput(db, root, false)),
  };
  const { rows } = await db.pool.query(
    "SELECT pointer, message FROM import_issues WHERE path = 'security/tokens.json' ORDER BY id",
  );
  t.true(rows.length >= 4, JSON.stringify(rows));
  t.true(rows.some((r) => /invalid JSON/.test(r.message)));
  // The copies were replaced by their hash labels (in devices.raw, profile_summary, the profile).
  const labels = outputs['full dump']!.match(/\[token sha256:[0-9a-f]{12}\]/g) ?? [];
  t.true(labels.length >= 4, labels.join(' '));
  for (const [what, out] of Object.entries(outputs)) assertNoSecret(t, what, out, secrets);
  assertNoSecret(t, 'import issues', JSON.stringify(rows), secrets);
});
