/** Import runs as text for a terminal: a table of runs, or one run with what it changed. */
import Table from 'cli-table3';
import { countsTable, foldersLine } from './summary.ts';
import { emptyFolderCounts } from '../import/run-record.ts';
import { emptyCounts, type RunCounts } from '../staging/counts.ts';
import type { RunDetail, RunFinding, RunIssue, RunSummary } from '../runs/read.ts';

/** Lists longer than this are cut in text (with how many more); --json has every item. */
const SHOWN = 50;

export function formatRunList(runs: RunSummary[]): string {
  if (runs.length === 0) return 'no import runs';
  const table = new Table({
    head: [
      'run',
      'status',
      'started',
      'took',
      'options',
      'jobs +/~/-',
      'findings +/-',
      'issues',
      'jobs root',
    ],
    style: { head: [], border: [], compact: true },
  });
  for (const r of runs)
    table.push([
      r.id,
      r.status,
      r.started_at.toISOString(),
      took(r),
      optionsText(r.options),
      `+${r.jobs_added} ~${r.jobs_changed} -${r.jobs_gone}`,
      `+${r.findings_opened} -${r.findings_closed}`,
      r.issues,
      r.jobs_root,
    ]);
  return `${table.toString()}\n${runs.length} run(s)`;
}

function storedCounts(stored: Record<string, Record<string, number>>): RunCounts {
  return Object.fromEntries(Object.entries(stored).map(([table, c]) => [table, { ...emptyCounts(), ...c }]));
}

export function formatRunDetail(r: RunDetail): string {
  const finished = r.finished_at ? `, finished ${r.finished_at.toISOString()} (${took(r)})` : '';
  const lines = [
    `import run ${r.id} (${r.status}) of ${r.jobs_root}`,
    `started ${r.started_at.toISOString()}${finished}`,
    `options ${JSON.stringify(r.options)}`,
  ];
  if (r.error) lines.push(`error   ${r.error}`);
  // Stored as jsonb, by this version or an earlier one: a count it did not keep reads as 0.
  if (r.folders) lines.push(foldersLine({ ...emptyFolderCounts(), ...r.folders }));
  if (r.counts) lines.push(countsTable(storedCounts(r.counts)));
  lines.push(
    ...list('jobs added', r.jobs.added, (j) => j),
    ...list('jobs changed', r.jobs.changed, (j) => j),
    ...list('jobs marked gone from disk', r.jobs.gone, (j) => j),
    ...list('findings opened', r.findings.opened, findingLine),
    ...list('findings reopened', r.findings.reopened, findingLine),
    ...list('findings closed', r.findings.closed, findingLine),
    ...list('import issues', r.import_issues, issueLine),
  );
  return lines.join('\n');
}

function list<T>(title: string, items: T[], line: (item: T) => string): string[] {
  const more = items.length > SHOWN ? [`  ... ${items.length - SHOWN} more (--json lists every one)`] : [];
  return [`${title}: ${items.length}`, ...items.slice(0, SHOWN).map((i) => `  ${line(i)}`), ...more];
}

function findingLine(f: RunFinding): string {
  return `${f.id}  ${f.job_id}  ${f.kind} (${f.severity})  ${f.summary}`;
}

function issueLine(i: RunIssue): string {
  return `${i.path}${i.pointer ? ` ${i.pointer}` : ''}: ${i.message}`;
}

function took(r: RunSummary): string {
  if (!r.finished_at) return '';
  return `${((r.finished_at.getTime() - r.started_at.getTime()) / 1000).toFixed(2)}s`;
}

/** The options a person chose (the defaults left out): full, jobs, shard. */
function optionsText(options: Record<string, unknown>): string {
  const parts: string[] = [];
  if (options.full) parts.push('--full');
  if (Array.isArray(options.jobs)) parts.push(...options.jobs.map((j) => `--job ${j}`));
  if (options.shard) parts.push(`--shard ${options.shard}`);
  return parts.join(' ');
}
