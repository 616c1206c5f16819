/**
 * Issue 20 section 1, done when: a storage root with copies of its tokens in every listed place is
 * imported, and no token (whole, its random tail, or case-folded) is in the database or in any output
 * of any command in any format, the review pages over HTTP included. Also: the rerun after tokens.json
 * is repaired leaves no copy, and a token inside final.json is a token_in_snapshot finding.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { createFormatter, FORMATS } from '../../src/query/format.ts';
import { listPresets } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { startReviewServer } from '../../src/review/server.ts';
import { tokenLabel, tokenSha256 } from '../../src/util/token-redact.ts';
import { jobmig } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { fullDumpText } from '../helpers/dump.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { request } from '../helpers/http.ts';
import { copyStorageRoot } from '../helpers/store.ts';
import { forbiddenTexts, plantTokens, SNAPSHOT_JOB, storeTokens } from '../helpers/token-store.ts';

type Outputs = Record<string, string>;

function assertNoToken(t: ExecutionContext, outputs: Outputs, tokens: readonly string[]): void {
  const forbidden = forbiddenTexts(tokens);
  for (const [what, text] of Object.entries(outputs)) {
    const leaked = forbidden.filter((f) => text.includes(f));
    t.deepEqual(
      leaked.map((f) => `${f.slice(0, 6)}...`),
      [],
      `${what} holds a token`,
    );
  }
}

/** Every CLI command's output (stdout and stderr) in every format it has. */
async function cliOutputs(db: TestDatabase, root: string, outputs: Outputs): Promise<void> {
  const cli = async (name: string, args: string[]) => {
    const r = await jobmig([...args, '--database-url', db.url]);
    outputs[name] = r.stdout + r.stderr;
    return r;
  };
  await cli('import --dry-run', ['import', root, '--dry-run']);
  await cli('import --dry-run --json', ['import', root, '--dry-run', '--json', '--full']);
  const runs = await db.pool.query<{ id: string }>('SELECT id FROM import_runs ORDER BY id');
  for (const { id } of runs.rows) {
    await cli(`runs show ${id}`, ['runs', 'show', id]);
    await cli(`runs show ${id} --json`, ['runs', 'show', id, '--json']);
  }
  await cli('runs list', ['runs', 'list']);
  await cli('findings list', ['findings', 'list', '--status', 'all']);
  await cli('findings list --json', ['findings', 'list', '--status', 'all', '--json']);
  const shown = await db.pool.query<{ id: string }>(
    `SELECT DISTINCT ON (kind) id FROM reconciliation
     WHERE kind IN ('token_in_snapshot', 'profile_final_mismatch', 'token_plaintext_active')
     ORDER BY kind, id`,
  );
  for (const { id } of shown.rows) {
    await cli(`findings show ${id}`, ['findings', 'show', id]);
    await cli(`findings show ${id} --json`, ['findings', 'show', id, '--json']);
  }
  await cli('verify', ['verify', root]);
  await cli('verify --json', ['verify', root, '--format', 'json']);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-token-copies-'));
  try {
    for (const ext of ['html', 'csv', 'md']) {
      const file = path.join(dir, `report.${ext}`);
      const r = await cli(`report ${ext}`, ['report', file, '--status', 'all']);
      outputs[`report ${ext}`] = r.stdout + r.stderr + (await readFile(file, 'utf8'));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Every preset in every format, through the CLI's own formatters; in process, since a CLI start per
 * preset and format (56 of them) takes minutes on this machine. One preset also runs through the CLI.
 */
async function presetOutputs(db: TestDatabase, outputs: Outputs): Promise<void> {
  for (const preset of listPresets()) {
    for (const format of FORMATS) {
      const formatter = createFormatter(format);
      let text = '';
      await runPreset(
        db.pool,
        preset,
        {},
        { columns: (c) => void (text += formatter.begin(c)), rows: (p) => void (text += formatter.page(p)) },
      );
      outputs[`query ${preset.name} --format ${format}`] = text + formatter.end();
    }
  }
  const r = await jobmig(['query', 'devices', '--format', 'csv', '--database-url', db.url]);
  outputs['jobmig query devices --format csv'] = r.stdout + r.stderr;
}

/** The review app over HTTP: the list, every finding's page and every job's page, and its log. */
async function reviewOutputs(db: TestDatabase, root: string, outputs: Outputs): Promise<void> {
  const log: string[] = [];
  const server = await startReviewServer({
    pool: db.pool,
    jobsRoot: path.join(root, 'jobs'),
    log: (line) => void log.push(line),
  });
  try {
    const first = await request(server.url);
    const cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
    const base = new URL(server.url).origin;
    const get = async (p: string) => {
      const r = await request(`${base}${p}`, { headers: { cookie } });
      outputs[`GET ${p}`] = `${r.status}\n${r.text}`;
      return r;
    };
    const list = await get('/?status=');
    if (list.status !== 200) throw new Error(`review list answered ${list.status}`);
    const findings = await db.pool.query<{ id: string }>('SELECT id FROM reconciliation ORDER BY id');
    for (const { id } of findings.rows) await get(`/findings/${id}`);
    // The archived file holding a token is not served either (its finding's first file).
    const held = await db.pool.query("SELECT id FROM reconciliation WHERE kind = 'token_in_snapshot'");
    const file = await get(`/findings/${held.rows[0].id}/files/0`);
    if (file.status !== 403) throw new Error(`the snapshot holding a token answered ${file.status}`);
    const jobs = await db.pool.query<{ job_id: string }>('SELECT job_id FROM jobs ORDER BY job_id');
    for (const { job_id } of jobs.rows) await get(`/jobs/${encodeURIComponent(job_id)}`);
  } finally {
    await server.close();
  }
  outputs['review log'] = log.join('\n');
}

test('no token copy reaches the database or any output, in any format or page', async (t) => {
  t.timeout(5 * 60_000); // some forty CLI starts on a shared two-core machine
  const db = await createTestDatabase();
  const store = await copyStorageRoot();
  t.teardown(async () => {
    await db.drop();
    await store.cleanup();
  });
  const planted = await plantTokens(store.root, { snapshot: true, ids: true });
  const tokens = await storeTokens(store.root);
  const outputs: Outputs = {};
  const run = async (name: string, args: string[]) => {
    const r = await jobmig([...args, '--database-url', db.url]);
    outputs[name] = r.stdout + r.stderr;
    t.is(r.code, 0, outputs[name]);
  };
  await run('import', ['import', store.root]);
  await run('import --json', ['import', store.root, '--json', '--full']);
  await cliOutputs(db, store.root, outputs);
  await presetOutputs(db, outputs);
  await reviewOutputs(db, store.root, outputs);
  outputs['full dump'] = await fullDumpText(db.pool);

  // The copies were there to find: each became its label, in rows, issues and findings.
  const dump = outputs['full dump'];
  for (const token of Object.values(planted)) t.true(dump.includes(tokenLabel(tokenSha256(token))));
  t.regex(outputs['runs show 1']!, /token sha256:[0-9a-f]{12}/);
  t.regex(outputs['query devices --format json']!, /Bearer token sha256:/);
  t.true(Object.keys(outputs).filter((k) => k.startsWith('GET /findings/')).length > 10);
  t.regex(outputs['verify']!, /secrets: no stored value holds a copy of a stored token/);
  assertNoToken(t, outputs, tokens);
});

test('a token inside final.json is a token_in_snapshot error naming file and pointer; the bytes stay', async (t) => {
  const db = await createTestDatabase();
  const store = await copyStorageRoot();
  t.teardown(async () => {
    await db.drop();
    await store.cleanup();
  });
  const { t1 } = await plantTokens(store.root, { snapshot: true, ids: false });
  const finalFile = path.join(store.root, 'jobs', SNAPSHOT_JOB, 'final.json');
  const bytes = await readFile(finalFile);
  const r = await jobmig(['import', store.root, '--database-url', db.url]);
  t.is(r.code, 0, r.stderr);
  const { rows } = await db.pool.query(
    "SELECT job_id, severity, summary, source_values, paths FROM reconciliation WHERE kind = 'token_in_snapshot'",
  );
  t.is(rows.length, 1);
  const label = tokenLabel(tokenSha256(t1));
  t.like(rows[0], { job_id: SNAPSHOT_JOB, severity: 'error', paths: [`${SNAPSHOT_JOB}/final.json`] });
  t.deepEqual(rows[0].source_values, {
    file: `${SNAPSHOT_JOB}/final.json`,
    at: [
      { pointer: '/pasted', token: label },
      { pointer: `/pasted/k${label}`, token: label },
    ],
  });
  t.regex(rows[0].summary, /rotate that token/);
  t.false(JSON.stringify(rows).includes(t1));
  // The archived bytes are the legal record: exact on disk and in the database.
  const snap = await jobmig(['snapshot', 'show', SNAPSHOT_JOB, '--database-url', db.url]);
  t.deepEqual(await readFile(finalFile), bytes);
  t.true(snap.stdout.includes(t1), 'snapshot show gives the archived bytes as they are');
});

test('a rerun after tokens.json is repaired leaves no copy stored by the run that could not read it', async (t) => {
  const db = await createTestDatabase();
  const store = await copyStorageRoot();
  t.teardown(async () => {
    await db.drop();
    await store.cleanup();
  });
  await plantTokens(store.root, { snapshot: false, ids: false });
  const tokens = await storeTokens(store.root);
  const tokensFile = path.join(store.root, 'security/tokens.json');
  const good = await readFile(tokensFile);
  await writeFile(tokensFile, '{"tokens": [ not json');
  const first = await jobmig(['import', store.root, '--database-url', db.url]);
  t.is(first.code, 0, first.stderr);
  // Unknown on that run, so stored as they were (this is what the rerun must undo).
  const before = await fullDumpText(db.pool);
  t.true(forbiddenTexts(tokens).some((f) => before.includes(f)));

  await writeFile(tokensFile, good);
  const second = await jobmig(['import', store.root, '--database-url', db.url]);
  t.is(second.code, 0, second.stderr);
  const outputs: Outputs = { 'second import': second.stdout + second.stderr };
  outputs['full dump'] = await fullDumpText(db.pool);
  const verify = await jobmig(['verify', store.root, '--format', 'json', '--database-url', db.url]);
  outputs.verify = verify.stdout + verify.stderr;
  t.deepEqual(JSON.parse(verify.stdout).token_copies, []);
  assertNoToken(t, outputs, tokens);
});

test('a token given as a --job value is stored in the run row redacted, and said nowhere', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { storageRoot: true, imported: true });
  const tokens = await storeTokens(root);
  // The tokens are known already, so this run rewrites no earlier copy: its own row must be clean.
  const args = ['import', root, '--job', SNAPSHOT_JOB, '--job', tokens[0]!, '--database-url', db.url];
  const run = await jobmig(args);
  const outputs: Outputs = { import: run.stdout + run.stderr, 'full dump': await fullDumpText(db.pool) };
  const { rows } = await db.pool.query('SELECT options FROM import_runs ORDER BY id DESC LIMIT 1');
  t.deepEqual(rows[0].options.jobs, [SNAPSHOT_JOB, tokenLabel(tokenSha256(tokens[0]!))]);
  assertNoToken(t, outputs, tokens);
});
