import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { reviewFinding } from '../../src/findings/decide.ts';
import { buildReportModel, type ReportFilter } from '../../src/findings-report/model.ts';
import { readReportRows } from '../../src/findings-report/read.ts';
import { renderCsv } from '../../src/findings-report/render-csv.ts';
import { csvRecords } from '../helpers/csv.ts';
import { jobmig as runJobmig, type CliResult } from '../helpers/cli.ts';
import { useTestDatabase } from '../helpers/db.ts';

const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;
const db = useTestDatabase(test);
let outDir = '';

// The fixtures' 18 findings by kind (fixtures/README.md; test/import.test.ts counts them too).
const FIXTURE_KINDS = {
  duplicate_job_number: 2,
  field_mismatch: 1,
  final_round_missing: 1,
  geojson_drift: 1,
  identity_mismatch: 1,
  latest_round_mismatch: 4,
  manifest_item_missing: 1,
  media_file_missing: 1,
  media_meta_missing: 1,
  media_unplaced: 1,
  missing_job_record: 1,
  path_outside_job: 2,
  report_image_missing: 1,
};

const jobmig = (args: string[], databaseUrl = db().url): Promise<CliResult> =>
  runJobmig([...args, '--database-url', databaseUrl]);

async function report(name: string, ...options: string[]): Promise<string> {
  const file = path.join(outDir, name);
  const result = await jobmig(['report', file, ...options]);
  if (result.code !== 0) throw new Error(`jobmig report failed: ${result.stderr}`);
  return readFile(file, 'utf8');
}

const countBy = (values: string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
};

// Before hooks run concurrently with the database's, so the import waits for the first test.
let imported: Promise<void> | undefined;
const importFixtures = (): Promise<void> =>
  (imported ??= (async () => {
    await runImport(db().pool, { jobsRoot: FIXTURES });
    outDir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-report-'));
  })());
test.beforeEach(() => importFixtures());
test.after.always(() => outDir && rm(outDir, { recursive: true, force: true }));

test.serial('csv: the 18 open findings of the fixtures, each source in its own column', async (t) => {
  const records = csvRecords(await report('open.csv'));
  t.is(records.length, 18);
  t.deepEqual(countBy(records.map((r) => r.kind!)), FIXTURE_KINDS);
  t.deepEqual(countBy(records.map((r) => r.severity!)), { error: 5, warning: 12, info: 1 });
  const j0004 = records.filter((r) => r.kind === 'latest_round_mismatch' && r.job_id === 'job_4a1f0c2b9e01');
  t.is(j0004.length, 1);
  t.like(j0004[0], {
    job_number: 'J0004',
    severity: 'warning',
    status: 'open',
    'value:job_record': 'round_5',
    'value:final': 'round_2',
    'value:correction': '',
    paths: 'job_4a1f0c2b9e01/job_record.json\njob_4a1f0c2b9e01/final.json',
    first_run_id: '1',
    last_run_id: '1',
    gone_run_id: '',
    review_status: 'open',
    review_note: '',
  });
  const species = records.find((r) => r.kind === 'field_mismatch')!;
  t.like(species, {
    job_id: 'job_9e4f1b6a2d35',
    'value:field': 'tree_species',
    'value:job_record': 'Sugar maple (Acer saccharum)',
    'value:final': 'Silver maple (Acer saccharinum)',
  });
  const drift = records.find((r) => r.kind === 'geojson_drift')!;
  t.is(drift['value:coordinates'], '{"stored":[-122.68,45.52],"expected":[-122.6765,45.5231]}');
  t.is(records.find((r) => r.kind === 'missing_job_record')!['value:job_record'], '(none)');
});

test.serial('html: summary, sections per kind, rows per job, source columns side by side', async (t) => {
  const html = await report('open.html');
  t.is([...html.matchAll(/<tr data-row="/g)].length, 18);
  t.regex(html, /findings with status open: <strong>18<\/strong>/);
  t.regex(html, /<tr><td>latest_round_mismatch<\/td><td class="num">4<\/td>/);
  t.regex(html, /<tr><td>error<\/td><td class="num">5<\/td>/);
  t.regex(
    html,
    /<tr><td class="num">1<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>completed<\/td><td><code>[^<]*fixtures\/jobs<\/code><\/td><\/tr>/,
  );
  const sections = [...html.matchAll(/<section data-kind="([^"]+)">/g)].map((m) => m[1]);
  t.deepEqual([...sections].sort(), Object.keys(FIXTURE_KINDS).sort());
  t.deepEqual(sections.slice(0, 4), [
    'duplicate_job_number',
    'field_mismatch',
    'geojson_drift',
    'identity_mismatch',
  ]);
  const latest = /<section data-kind="latest_round_mismatch">([\s\S]*?)<\/section>/.exec(html)![1]!;
  t.deepEqual(
    [...latest.matchAll(/<tbody data-job="([^"]+)">/g)].map((m) => m[1]),
    ['job_4a1f0c2b9e01', 'job_6c2d7e9f0a13', 'job_7b3e8a1d5c24'],
  );
  t.regex(
    latest,
    /<th title="source">correction<\/th><th title="source">final<\/th><th title="source">job_record<\/th>/,
  );
  t.regex(latest, /<tr class="job"><th colspan="10">job_6c2d7e9f0a13 \(J0006\)<\/th><\/tr>/);
  t.regex(
    latest,
    /<td class="value">round_15<\/td><td class="value absent"><\/td><td class="value">round_2<\/td>/,
  );
});

test.serial('md: the same groups as Markdown tables', async (t) => {
  const md = await report('open.md');
  t.is(md.split('\n').filter((line) => /^\| F[0-9a-f]{15} \|/.test(line)).length, 18);
  t.true(
    md.includes(
      '## latest\\_round\\_mismatch (4)\n\n### job\\_4a1f0c2b9e01 (J0004)\n\n| finding | severity | status | summary | correction | final | job\\_record | paths | runs | review |',
    ),
  );
  t.true(md.includes('| error | 5 |\n| warning | 12 |\n| info | 1 |'));
  t.true(md.includes('## missing\\_job\\_record (1)\n\n### job\\_1 (J0001)'));
});

// Filters in process (spawning the CLI costs seconds each): the same read, model and renderer the command uses.
async function csvOf(filter: Partial<ReportFilter>): Promise<Record<string, string>[]> {
  const full: ReportFilter = { status: 'open', job: null, kind: null, ...filter };
  const rows = await readReportRows(db().pool, full);
  return csvRecords(
    renderCsv(buildReportModel({ ...rows, filter: full, databaseUrl: db().url, generatedAt: new Date() })),
  );
}

test.serial('--status, --job and --kind select findings; reviewer state is in the report', async (t) => {
  const { rows } = await db().pool.query(
    "SELECT id FROM reconciliation WHERE kind = 'latest_round_mismatch' AND job_id = 'job_4a1f0c2b9e01'",
  );
  t.truthy(await reviewFinding(db().pool, rows[0].id, 'acknowledged', 'final is the authority', 'dana'));
  t.is((await csvOf({})).length, 17);
  t.is((await csvOf({ status: null })).length, 18);
  const acked = await csvOf({ status: 'acknowledged' });
  t.is(acked.length, 1);
  t.like(acked[0], {
    id: rows[0].id,
    status: 'acknowledged',
    review_status: 'acknowledged',
    review_note: 'final is the authority',
    reviewed_by: 'dana',
  });
  t.regex(acked[0]!.reviewed_at!, /^\d{4}-\d\d-\d\dT/);
  const j0006 = await csvOf({ kind: 'latest_round_mismatch', job: 'job_6c2d7e9f0a13' });
  t.deepEqual(j0006.map((r) => [r.job_id, r['value:final'], r['value:correction']]).sort(), [
    ['job_6c2d7e9f0a13', '', 'round_15'],
    ['job_6c2d7e9f0a13', 'round_15', ''],
  ]);
  t.is((await csvOf({ status: null, job: "x' OR '1'='1" })).length, 0);
  t.is((await csvOf({ status: null, kind: "geojson_drift' OR 1=1 --" })).length, 0);
});

test.serial('a database password never reaches the report', async (t) => {
  const url = new URL(db().url);
  if (!url.password) url.password = 's3cret'; // the trust-auth server ignores it; the embedded one's URL has its own
  const secret = decodeURIComponent(url.password);
  for (const name of ['secret.html', 'secret.csv', 'secret.md']) {
    const file = path.join(outDir, name);
    const result = await jobmig(['report', file, '--status', 'all'], url.toString());
    t.is(result.code, 0, result.stderr);
    const text = await readFile(file, 'utf8');
    t.false(text.includes(secret), name);
    t.false(result.stdout.includes(secret) || result.stderr.includes(secret), name);
    if (name.endsWith('.html')) t.regex(text, /<code>postgres(ql)?:\/\/[^:/]+:\*\*\*@/);
    if (name.endsWith('.md')) t.regex(text, /from postgres(ql)?:\/\/[^:/]+:\\\*\\\*\\\*@/);
  }
});

test.serial(
  'an unknown extension or a missing folder is a one-line error naming the file; nothing is left behind',
  async (t) => {
    const pdf = path.join(outDir, 'bad', 'report.pdf');
    const bad = await jobmig(['report', pdf]);
    t.is(bad.code, 2);
    t.is(
      bad.stderr,
      `jobmig: report file ${pdf} must end in .html, .csv, .md (the extension chooses the format)\n`,
    );
    const missing = path.join(outDir, 'no-such-folder', 'report.html');
    const result = await jobmig(['report', missing]);
    t.is(result.code, 2);
    t.is(
      result.stderr,
      `jobmig: cannot write report ${missing}: folder ${path.dirname(missing)} does not exist\n`,
    );
    t.false((await readdir(outDir)).some((name) => name.endsWith('.tmp')));
  },
);
