/** `jobmig findings`: lists, shows and decides on findings, applies decisions CSVs; loaded when it runs. */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type pg from 'pg';
import { parseDecisionsCsv } from '../../reconcile/decisions-csv.ts';
import {
  applyDecisions,
  countFindings,
  DECISION_VERBS,
  type DecisionVerb,
  getFinding,
  listFindings,
  reviewFinding,
  reviewFindings,
  type FindingFilter,
  type StoredFinding,
} from '../../reconcile/store.ts';
import { escapeControl, tableWidth, textTable } from '../../util/terminal.ts';
import { withDatabase } from '../database.ts';

export interface FindingsArgs {
  action: 'list' | 'show' | 'ack' | 'resolve' | 'reopen' | 'apply';
  target?: string;
  note?: string;
  by?: string;
  kind?: string;
  status?: string;
  job?: string;
  severity?: string;
  text?: string;
  limit?: number;
  yes: boolean;
  json: boolean;
  wide: boolean;
  'database-url'?: string;
  'read-only': boolean;
}

/** The filter the options name. */
export function filterOf(a: FindingsArgs): FindingFilter {
  return { kind: a.kind, status: a.status, job: a.job, severity: a.severity, text: a.text };
}

const PAST: Record<DecisionVerb, string> = { ack: 'acknowledged', resolve: 'resolved', reopen: 'reopened' };

export async function run(args: FindingsArgs): Promise<void> {
  const output = await withDatabase(args['database-url'], (db) => dispatch(db.pool, args), {
    readOnly: args['read-only'],
  });
  process.stdout.write(`${output}\n`);
}

function dispatch(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  if (args.action === 'list') return list(pool, args);
  if (args.action === 'show') return show(pool, args);
  if (args.action === 'apply') return apply(pool, args);
  return args.target ? decideOne(pool, args) : decideMany(pool, args);
}

async function list(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const rows = await listFindings(pool, { ...filterOf(args), limit: args.limit });
  return args.json ? JSON.stringify(rows, null, 2) : formatList(rows, tableWidth(args.wide));
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
  if (!finding) throw Object.assign(new Error(`no finding with id ${args.target}`), { exitCode: 1 });
  return args.json ? JSON.stringify(finding, null, 2) : formatOne(finding);
}

/** Every finding the filters match: counted without --yes, decided in one transaction with it. */
async function decideMany(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const verb = args.action as DecisionVerb;
  const filter = filterOf(args);
  const described = Object.entries(filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
  if (!args.yes) {
    const count = (await countFindings(pool, filter)).reduce((n, c) => n + c.count, 0);
    return `${count} finding(s) match ${described}; nothing changed (add --yes to mark them ${PAST[verb]})`;
  }
  const decision = { decision: DECISION_VERBS[verb], note: args.note ?? null, reviewer: reviewer(args) };
  const count = await reviewFindings(pool, filter, { ...decision, via: 'cli' });
  return `${PAST[verb]} ${count} finding(s) matching ${described}`;
}

/** A reviewer's decisions CSV: all rows in one transaction, or none and one line per problem. */
async function apply(pool: pg.Pool, args: FindingsArgs): Promise<string> {
  const file = args.target!;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot read decisions file ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    );
  });
  const { decisions, problems } = parseDecisionsCsv(text);
  const result = await applyDecisions(pool, decisions, reviewer(args), 'csv', problems.length === 0);
  const unknown = new Set(result.unknown);
  const all = [
    ...problems.map((p) => ({ line: Number(/^line (\d+)/.exec(p)?.[1] ?? 0), text: p })),
    ...decisions
      .filter((d) => unknown.has(d.id))
      .map((d) => ({ line: d.line, text: `line ${d.line}: no finding with id ${d.id}` })),
  ].sort((a, b) => a.line - b.line);
  if (all.length > 0) {
    for (const p of all) process.stderr.write(`${file}:${p.text.replace(/^line /, '')}\n`);
    throw Object.assign(new Error(`nothing applied: ${all.length} problem(s) in ${file}`), { exitCode: 1 });
  }
  if (decisions.length === 0) return `no row of ${file} has a decision: nothing applied`;
  return `applied ${result.applied} decision(s) from ${file}: ${tally(decisions.map((d) => d.decision))}`;
}

function tally(decisions: string[]): string {
  const counts = new Map<string, number>();
  for (const d of decisions) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].map(([d, n]) => `${n} ${d === 'open' ? 'reopened' : d}`).join(', ');
}

/** A table fitted to `width` (a terminal's; none: every value whole), its cells escaped. */
function formatList(rows: StoredFinding[], width: number | undefined): string {
  if (rows.length === 0) return 'no findings match';
  const table = textTable(
    ['id', 'job', 'number', 'kind', 'severity', 'status', 'summary'],
    rows.map((f) => [f.id, f.job_id, f.job_number ?? '', f.kind, f.severity, f.status, f.summary]),
    { width, fit: ['keep', 'shorten', 'shorten', 'shorten', 'shorten', 'shorten', 'wrap'] },
  );
  return `${table}\n${rows.length} finding(s)`;
}

/** Every value whole, each escaped (a job folder name, a value or a note may hold control characters). */
function formatOne(f: StoredFinding): string {
  const e = escapeControl;
  const gone = f.gone_run_id ? `, gone in ${f.gone_run_id}` : '';
  const lines = [
    `${f.id}  ${f.kind} (${f.severity})  ${f.status}`,
    `job      ${e(f.job_id)}${f.job_number ? ` (${e(f.job_number)})` : ''}`,
    `summary  ${e(f.summary)}`,
    'values:',
    ...Object.entries(f.source_values).map(
      ([source, value]) => `  ${e(source).padEnd(14)} ${e(JSON.stringify(value))}`,
    ),
    `paths    ${e(f.paths.join(', ')) || '-'}`,
    `runs     first ${f.first_run_id}, last ${f.last_run_id}${gone}`,
  ];
  if (f.reviewed_by)
    lines.push(`review   ${e(f.reviewed_by)} at ${f.reviewed_at?.toISOString()}: ${e(f.review_note ?? '')}`);
  return lines.join('\n');
}
