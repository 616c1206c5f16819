/** `jobmig findings`: lists, shows and decides on findings, applies decisions CSVs, undoes batches. */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Table from 'cli-table3';
import type pg from 'pg';
import { type BatchRow, listBatches, undoBatch } from '../../findings/batches.ts';
import { applyDecisions, decideMatching, reviewFinding } from '../../findings/decide.ts';
import { describeProblem, parseDecisionsCsv } from '../../findings/decisions-csv.ts';
import { type FindingGroup, listGroups } from '../../findings/groups.ts';
import {
  countFindings,
  DECISION_VERBS,
  type DecisionVerb,
  type FindingFilter,
  getFinding,
  listFindings,
  matchingState,
  type StoredFinding,
} from '../../findings/store.ts';
import { withDatabase } from '../database.ts';

export interface FindingsArgs {
  action: 'list' | 'show' | 'groups' | 'ack' | 'resolve' | 'reopen' | 'apply' | 'batches' | 'undo';
  target?: string;
  note?: string;
  by?: string;
  kind?: string;
  status?: string;
  job?: string;
  severity?: string;
  text?: string;
  group?: string;
  limit?: number;
  yes: boolean;
  json: boolean;
  'database-url'?: string;
  'read-only': boolean;
}

/** The filter the options name. */
export function filterOf(a: FindingsArgs): FindingFilter {
  return { kind: a.kind, status: a.status, job: a.job, severity: a.severity, text: a.text, cause: a.group };
}

const PAST: Record<DecisionVerb, string> = { ack: 'acknowledged', resolve: 'resolved', reopen: 'reopened' };

const refuse = (message: string): Error => Object.assign(new Error(message), { exitCode: 1 });

export async function run(args: FindingsArgs): Promise<void> {
  const output = await withDatabase(args['database-url'], (db) => dispatch(db.pool, args), {
    readOnly: args['read-only'],
  });
  process.stdout.write(`${output}\n`);
}

function decide(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  return args.target ? decideOne(pool, args) : decideMany(pool, args);
}

const HANDLERS: Record<FindingsArgs['action'], (pool: pg.Pool, args: FindingsArgs) => Promise<string>> = {
  list,
  show,
  groups,
  apply,
  batches,
  undo,
  ack: decide,
  resolve: decide,
  reopen: decide,
};

function dispatch(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  return HANDLERS[args.action](pool, args);
}

/** A page of findings; when --limit cuts it short, how many matched in all. */
async function list(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const rows = await listFindings(pool, { ...filterOf(args), limit: args.limit });
  const all =
    args.limit !== undefined && rows.length >= args.limit
      ? (await countFindings(pool, filterOf(args))).reduce((n, c) => n + c.count, 0)
      : rows.length;
  if (args.json) return JSON.stringify(rows, null, 2);
  return formatList(rows, all);
}

async function show(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  return printOne(await getFinding(pool, args.target!), args);
}

const reviewer = (args: FindingsArgs): string => args.by ?? os.userInfo().username;

async function decideOne(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const verb = args.action as DecisionVerb;
  const id = args.target!;
  return printOne(
    await reviewFinding(pool, id, DECISION_VERBS[verb], args.note ?? null, reviewer(args)),
    args,
  );
}

function printOne(finding: StoredFinding | null, args: FindingsArgs): string {
  if (!finding) throw refuse(`no finding with id ${args.target}`);
  return args.json ? JSON.stringify(finding, null, 2) : formatOne(finding);
}

/** The filters as the reviewer typed them, for messages. */
function described(args: FindingsArgs): string {
  const names: [keyof FindingsArgs, string][] = [
    ['kind', 'kind'],
    ['status', 'status'],
    ['job', 'job'],
    ['severity', 'severity'],
    ['text', 'text'],
    ['group', 'group'],
  ];
  return names
    .filter(([k]) => args[k] !== undefined)
    .map(([k, name]) => `--${name} ${args[k]}`)
    .join(' ');
}

/**
 * Every finding the filters match: counted without --yes; with it, counted and then decided as one
 * batch, refused (exit 1) if another decision changed the matching findings in between.
 */
async function decideMany(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const verb = args.action as DecisionVerb;
  const filter = filterOf(args);
  const seen = await matchingState(pool, filter);
  if (!args.yes)
    return (
      `${seen.count} finding(s) match ${described(args)}; ` +
      `nothing changed (add --yes to mark them ${PAST[verb]})`
    );
  const decision = { decision: DECISION_VERBS[verb], note: args.note ?? null, reviewer: reviewer(args) };
  const done = await decideMatching(pool, filter, { ...decision, via: 'cli' }, seen).catch((err: Error) => {
    throw 'expected' in err
      ? refuse(`${err.message}; run it again to decide the findings as they are now`)
      : err;
  });
  if (args.json) return JSON.stringify({ ...done, decision: decision.decision }, null, 2);
  const same = done.matched - done.changed;
  const already = same > 0 ? ` (${same} already ${PAST[verb]} with that note: unchanged)` : '';
  const batch = done.batch ? `; batch ${done.batch} (undo: jobmig findings undo ${done.batch})` : '';
  return `${PAST[verb]} ${done.changed} finding(s) matching ${described(args)}${already}${batch}`;
}

/** A reviewer's decisions CSV: all rows in one transaction and batch, or none and a line per problem. */
async function apply(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const file = args.target!;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read decisions file ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    );
  });
  const { decisions, problems } = parseDecisionsCsv(text);
  const source = path.basename(file);
  const result = await applyDecisions(pool, decisions, reviewer(args), 'csv', problems.length === 0, source);
  const unknown = new Set(result.unknown);
  const all = [
    ...problems,
    ...decisions
      .filter((d) => unknown.has(d.id))
      .map((d) => ({ row: d.row, id: d.id, message: 'no such finding' })),
  ].sort((a, b) => a.row - b.row);
  if (all.length > 0) {
    for (const p of all) process.stderr.write(`${file}: ${describeProblem(p)}\n`);
    throw refuse(`nothing applied: ${all.length} problem(s) in ${file}`);
  }
  if (decisions.length === 0) return `no row of ${file} has a decision: nothing applied`;
  if (args.json)
    return JSON.stringify({ batch: result.batch, applied: result.applied, rows: decisions.length });
  const batch = result.batch ? `; batch ${result.batch}` : '';
  const same = decisions.length - result.applied;
  const already = same > 0 ? ` (${same} already so: unchanged)` : '';
  const decided = tally(decisions.map((d) => d.decision));
  return `applied ${result.applied} decision(s) from ${file}: ${decided}${already}${batch}`;
}

function tally(decisions: string[]): string {
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].map(([d, n]) => `${n} ${d === 'open' ? 'reopened' : d}`).join(', ');
}

async function undo(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const done = await undoBatch(pool, args.target!, { reviewer: reviewer(args), via: 'cli' });
  if (args.json) return JSON.stringify({ batch: done.batch, undid: args.target, restored: done.restored });
  return `undid batch ${args.target}: ${done.restored} finding(s) restored; batch ${done.batch}`;
}

async function batches(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const rows = await listBatches(pool, { id: args.target ?? null, limit: args.limit ?? null });
  if (args.json) return JSON.stringify(rows, null, 2);
  if (rows.length === 0) return args.target ? `no batch ${args.target}` : 'no batches';
  const table = new Table({
    head: ['batch', 'when', 'who', 'via', 'decision', 'findings', 'chosen by', 'undone'],
    style: { head: [], border: [], compact: true },
  });
  for (const b of rows)
    table.push([
      b.id,
      b.created_at.toISOString(),
      b.reviewed_by,
      b.via,
      decisionOf(b),
      b.findings,
      chosenBy(b),
      b.undone_by ?? '',
    ]);
  return table.toString();
}

function decisionOf(b: BatchRow): string {
  if (b.scope === 'undo') return `undo of ${b.undoes}`;
  return b.decision ? `${b.decision}${b.note ? ` "${b.note}"` : ''}` : 'as listed';
}

function chosenBy(b: BatchRow): string {
  const entries = Object.entries(b.selection).map(([k, v]) =>
    Array.isArray(v) ? `${k}: ${v.length}` : `${k}: ${v}`,
  );
  return `${b.scope}${entries.length ? ` (${entries.join(', ')})` : ''}`;
}

async function groups(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const rows = await listGroups(pool, { ...filterOf(args), limit: args.limit });
  if (args.json) return JSON.stringify(rows, null, 2);
  return formatGroups(rows);
}

function formatGroups(rows: FindingGroup[]): string {
  if (rows.length === 0) return 'no findings match';
  const table = new Table({
    head: ['group', 'severity', 'findings', 'open', 'jobs'],
    style: { head: [], border: [], compact: true },
  });
  for (const g of rows) {
    const jobs = Object.values(g.members).map((m) => m.job_id);
    const shown = [...new Set(jobs)].sort().slice(0, 4).join(', ') + (jobs.length > 4 ? ', ...' : '');
    table.push([g.cause_key, g.severity, g.count, g.open, shown]);
  }
  return `${table.toString()}\n${rows.length} group(s); decide one with --group '<group>'`;
}

function formatList(rows: StoredFinding[], all: number): string {
  if (rows.length === 0) return 'no findings match';
  const table = new Table({
    head: ['id', 'job', 'number', 'kind', 'severity', 'status', 'summary'],
    style: { head: [], border: [], compact: true },
  });
  for (const f of rows)
    table.push([f.id, f.job_id, f.job_number ?? '', f.kind, f.severity, f.status, f.summary]);
  const count =
    all > rows.length
      ? `${rows.length} of ${all} matching finding(s) (--limit)`
      : `${rows.length} finding(s)`;
  return `${table.toString()}\n${count}`;
}

function formatOne(f: StoredFinding): string {
  const gone = f.gone_run_id ? `, gone in ${f.gone_run_id}` : '';
  const lines = [
    `${f.id}  ${f.kind} (${f.severity})  ${f.status}`,
    `job      ${f.job_id}${f.job_number ? ` (${f.job_number})` : ''}`,
    `summary  ${f.summary}`,
    'values:',
    ...Object.entries(f.source_values).map(
      ([source, value]) => `  ${source.padEnd(14)} ${JSON.stringify(value)}`,
    ),
    `paths    ${f.paths.join(', ') || '-'}`,
    `runs     first ${f.first_run_id}, last ${f.last_run_id}${gone}`,
  ];
  if (f.reviewed_by)
    lines.push(`review   ${f.reviewed_by} at ${f.reviewed_at?.toISOString()}: ${f.review_note ?? ''}`);
  return lines.join('\n');
}
