/**
 * Bulk review from the CLI: `findings ack|resolve|reopen` by filter (counted without --yes, applied
 * in one transaction with it) and `findings apply` of a decisions CSV made from `jobmig report x.csv`,
 * all or nothing, one line per problem.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { csvRecords, parseCsv } from '../helpers/csv.ts';
import { type CliResult, jobmig as runJobmig } from '../helpers/cli.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });
let dir = '';
test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-bulk-'));
});
test.after.always(() => rm(dir, { recursive: true, force: true }));

const jobmig = (args: string[]): Promise<CliResult> => runJobmig([...args, '--database-url', db().url]);

async function statuses(): Promise<Record<string, string>> {
  const { rows } = await db().pool.query('SELECT id, review_status FROM reconciliation ORDER BY id');
  return Object.fromEntries(rows.map((r) => [r.id, r.review_status]));
}

async function events(): Promise<{ finding_id: string; review_status: string; note: string; via: string }[]> {
  const { rows } = await db().pool.query('SELECT * FROM finding_events ORDER BY id');
  return rows;
}

const reset = () =>
  db().pool.query("UPDATE reconciliation SET review_status = 'open', review_note = NULL, reviewed_by = NULL");

test.serial('ack by filter: counts without --yes and changes nothing, then applies with --yes', async (t) => {
  await reset();
  const before = await statuses();
  const dry = await jobmig(['findings', 'ack', '--kind', 'latest_round_mismatch', '--status', 'open']);
  t.is(dry.code, 0, dry.stderr);
  t.is(
    dry.stdout,
    '4 finding(s) match --kind latest_round_mismatch --status open; ' +
      'nothing changed (add --yes to mark them acknowledged)\n',
  );
  t.deepEqual(await statuses(), before);

  const eventsBefore = (await events()).length;
  const args = [
    'findings',
    'ack',
    '--kind',
    'latest_round_mismatch',
    '--yes',
    '--note',
    'bulk',
    '--by',
    'ana',
  ];
  const wet = await jobmig(args);
  t.is(wet.code, 0, wet.stderr);
  t.regex(
    wet.stdout,
    /^acknowledged 4 finding\(s\) matching --kind latest_round_mismatch; batch \d+ \(undo: jobmig findings undo \d+\)\n$/,
  );
  const { rows } = await db().pool.query(
    "SELECT DISTINCT review_status, review_note, reviewed_by FROM reconciliation WHERE kind = 'latest_round_mismatch'",
  );
  t.deepEqual(rows, [{ review_status: 'acknowledged', review_note: 'bulk', reviewed_by: 'ana' }]);
  const added = (await events()).slice(eventsBefore);
  t.is(added.length, 4);
  t.true(added.every((e) => e.review_status === 'acknowledged' && e.note === 'bulk' && e.via === 'cli'));
  t.is(new Set(added.map((e) => e.finding_id)).size, 4);
});

test.serial('resolve by severity and reopen by job; a filter matching nothing changes nothing', async (t) => {
  await reset();
  const resolved = await jobmig(['findings', 'resolve', '--severity', 'error', '--yes', '--by', 'bo']);
  t.regex(resolved.stdout, /^resolved 5 finding\(s\) matching --severity error; batch \d+/);
  const { rows } = await db().pool.query(
    "SELECT job_id FROM reconciliation WHERE review_status = 'resolved' ORDER BY job_id LIMIT 1",
  );
  const job = rows[0].job_id as string;
  const reopened = await jobmig(['findings', 'reopen', '--job', job, '--status', 'resolved', '--yes']);
  t.regex(
    reopened.stdout,
    new RegExp(`^reopened [1-9]\\d* finding\\(s\\) matching --status resolved --job ${job}; batch \\d+`),
  );
  const { rows: left } = await db().pool.query(
    "SELECT count(*)::int AS n FROM reconciliation WHERE review_status = 'resolved' AND job_id = $1",
    [job],
  );
  t.is(left[0].n, 0);
  const none = await jobmig(['findings', 'ack', '--job', 'no_such_job', '--yes']);
  t.is(none.stdout, 'acknowledged 0 finding(s) matching --job no_such_job\n');
});

test.serial('bulk decisions refuse an id together with filters, and --yes without filters', async (t) => {
  const both = await jobmig(['findings', 'ack', 'F123', '--kind', 'geojson_drift']);
  t.is(both.code, 2);
  t.regex(both.stderr, /give a finding id or filters, not both/);
  const bare = await jobmig(['findings', 'resolve']);
  t.is(bare.code, 2);
  t.regex(bare.stderr, /needs a finding id or filters/);
  const yes = await jobmig(['findings', 'list', '--yes']);
  t.is(yes.code, 2);
});

test.serial('list filters by severity and free text', async (t) => {
  const result = await jobmig(['findings', 'list', '--json', '--severity', 'info']);
  t.deepEqual(
    JSON.parse(result.stdout).map((f: { kind: string }) => f.kind),
    ['missing_job_record'],
  );
  const text = await jobmig(['findings', 'list', '--json', '--text', 'SUGAR maple']);
  t.deepEqual(
    JSON.parse(text.stdout).map((f: { kind: string }) => f.kind),
    ['field_mismatch'],
  );
});

let reports = 0;

/** The report's CSV with decisions written into some rows, as a spreadsheet would save it. */
async function decisionsCsv(fill: (row: Record<string, string>, index: number) => void): Promise<string> {
  const file = path.join(dir, `report-${++reports}.csv`);
  const wrote = await jobmig(['report', file, '--status', 'all']);
  if (wrote.code !== 0) throw new Error(wrote.stderr);
  const [head, ...rows] = parseCsv(await readFile(file, 'utf8'));
  const records = rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
  records.forEach(fill);
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [head!, ...records.map((r) => head!.map((h) => r[h]!))].map((r) => r.map(quote).join(','));
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

test.serial('report CSV round trip: decision and note columns, applied in one transaction', async (t) => {
  await reset();
  const file = await decisionsCsv((row, i) => {
    if (i < 3) row.decision = 'ack';
    if (i === 3) row.decision = 'Resolve ';
    if (i < 4) row.note = `checked ${i}, "quoted", <b>bold</b>`;
  });
  const head = parseCsv(await readFile(file, 'utf8'))[0]!;
  t.deepEqual(head.slice(-2), ['decision', 'note']);
  const records = csvRecords((await readFile(file, 'utf8')).replace(/\r\n/g, '\n'));
  const eventsBefore = (await events()).length;
  const result = await jobmig(['findings', 'apply', file, '--by', 'cy']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /^applied 4 decision\(s\) from .*: 3 acknowledged, 1 resolved; batch \d+\n$/);
  const after = await statuses();
  t.deepEqual(
    records.slice(0, 4).map((r) => after[r.id!]),
    ['acknowledged', 'acknowledged', 'acknowledged', 'resolved'],
  );
  t.is(Object.values(after).filter((s) => s !== 'open').length, 4);
  const { rows } = await db().pool.query(
    'SELECT review_note, reviewed_by FROM reconciliation WHERE id = $1',
    [records[3]!.id],
  );
  t.deepEqual(rows[0], { review_note: 'checked 3, "quoted", <b>bold</b>', reviewed_by: 'cy' });
  const added = (await events()).slice(eventsBefore);
  t.is(added.length, 4);
  t.true(added.every((e) => e.via === 'csv'));

  const reopen = await decisionsCsv((row) => {
    if (row.id === records[3]!.id) row.decision = 'reopen';
  });
  t.regex(
    (await jobmig(['findings', 'apply', reopen])).stdout,
    /^applied 1 decision\(s\) from .*: 1 reopened; batch \d+\n$/,
  );
  t.is((await statuses())[records[3]!.id!], 'open');
});

test.serial('decisions made in bulk survive a full rerun of the import', async (t) => {
  const before = await statuses();
  t.true(Object.values(before).some((s) => s !== 'open'));
  await runImport(db().pool, { jobsRoot: FIXTURES, full: true });
  t.deepEqual(await statuses(), before);
});

test.serial(
  'apply refuses the whole file on any problem and names each spreadsheet row and finding id',
  async (t) => {
    await reset();
    const { rows } = await db().pool.query('SELECT id FROM reconciliation ORDER BY id LIMIT 1');
    const real = rows[0].id as string;
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        'kind,id,decision,note,extra',
        `x,${real},ack,,`,
        'x,,ack,,',
        'x,F1,maybe,,',
        'x,F2,,a note without a decision,',
        'x,F3,ack',
        'x,"F4,""quoted""",resolve,"multi',
        'line note",',
        `x,${real},resolve,,`,
        'x,F5,ack,,',
      ].join('\n'),
    );
    const before = await statuses();
    const result = await jobmig(['findings', 'apply', file]);
    t.is(result.code, 1);
    t.is(result.stdout, '');
    t.deepEqual(result.stderr.trimEnd().split('\n'), [
      `${file}: row 3: a decision but no finding id`,
      `${file}: row 4, finding F1: unknown decision "maybe" (ack, resolve, reopen)`,
      `${file}: row 5, finding F2: a note but no decision (ack, resolve, reopen)`,
      `${file}: row 6, finding F3: 3 field(s), the header has 5`,
      `${file}: row 7, finding F4,"quoted": no such finding`,
      `${file}: row 8, finding ${real}: a second decision for this finding (the first is on row 2)`,
      `${file}: row 9, finding F5: no such finding`,
      `jobmig: nothing applied: 7 problem(s) in ${file}`,
    ]);
    t.deepEqual(await statuses(), before);
  },
);

test.serial('apply: a missing file, or a header without id and decision, is one line', async (t) => {
  const missing = await jobmig(['findings', 'apply', path.join(dir, 'nope.csv')]);
  t.is(missing.code, 2);
  t.is(missing.stderr, `jobmig: cannot read decisions file ${path.join(dir, 'nope.csv')}: no such file\n`);
  const file = path.join(dir, 'head.csv');
  await writeFile(file, 'finding,verdict\nF1,ack\n');
  const result = await jobmig(['findings', 'apply', file]);
  t.is(result.code, 1);
  t.regex(result.stderr, /head\.csv: row 1: the header needs "id" and "decision" columns/);
});
