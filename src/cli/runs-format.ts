/**
 * Import runs as text for a terminal: a table of runs (fitted to the terminal's width), or one run with
 * what it changed; every value from the data escaped (util/terminal.ts).
 */
import { countsTable, foldersLine } from './summary.ts';
import { emptyFolderCounts } from '../import/run-record.ts';
import { emptyCounts, type RunCounts } from '../staging/counts.ts';
import type { RunDetail, RunFinding, RunIssue, RunSummary } from '../runs/read.ts';
import { escapeControl as e, textTable } from '../util/terminal.ts';

/** Lists longer than this are cut in text (with how many more); --json has every item. */
const SHOWN = 50;

export function formatRunList(runs: RunSummary[], width?: number): string {
  if (runs.length === 0) return 'no import runs';
  const table = textTable(
    ['run', 'status', 'started', 'took', 'options', 'jobs +/~/-', 'findings +/-', 'issues', 'jobs root'],
    runs.map((r) => [
      r.id,
      r.status,
      r.started_at.toISOString(),
      took(r),
      optionsText(r.options),
      `+${r.jobs_added} ~${r.jobs_changed} -${r.jobs_gone}`,
      `+${r.findings_opened} -${r.findings_closed}`,
      r.issues,
      r.jobs_root,
    ]),
    // The run id is what `runs show` takes next: kept whole.
    { width, fit: ['keep'] },
  );
  return `${table}\n${runs.length} run(s)`;
}

function storedCounts(stored: Record<string, Record<string, number>>): RunCounts {
  return Object.fromEntries(Object.entries(stored).map(([table, c]) => [table, { ...emptyCounts(), ...c }]));
}

export function formatRunDetail(r: RunDetail, width?: number): string {
  const finished = r.finished_at ? `, finished ${r.finished_at.toISOString()} (${took(r)})` : '';
  const lines = [
    `import run ${r.id} (${r.status}) of ${e(r.jobs_root)}`,
    `started ${r.started_at.toISOString()}${finished}`,
    `options ${e(JSON.stringify(r.options))}`,
  ];
  if (r.error) lines.push(`error   ${e(r.error)}`);
  // Stored as jsonb, by this version or an earlier one: a count it did not keep reads as 0.
  if (r.folders) lines.push(foldersLine({ ...emptyFolderCounts(), ...r.folders }));
  if (r.counts) lines.push(countsTable(storedCounts(r.counts), undefined, width));
  lines.push(
    ...list('jobs added', r.jobs.added, e),
    ...list('jobs changed', r.jobs.changed, e),
    ...list('jobs marked gone from disk', r.jobs.gone, e),
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
  return `${f.id}  ${e(f.job_id)}  ${f.kind} (${f.severity})  ${e(f.summary)}`;
}

function issueLine(i: RunIssue): string {
  return e(`${i.path}${i.pointer ? ` ${i.pointer}` : ''}: ${i.message}`);
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
