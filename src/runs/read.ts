/**
 * What import runs did, read for `jobmig runs list|show` and `import --watch`: each run's row
 * (options, status, times, folder and table counts) with the jobs it added, changed and marked
 * gone, the findings it opened and closed (schema/013's finding_changes) and its import issues.
 * Everything of one call is read in one READ ONLY snapshot.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';

const sqlFile = sqlFolder(import.meta.url);
const LIST_SQL = sqlFile('list.sql');
const LATEST_SQL = sqlFile('latest.sql');
const JOBS_SQL = sqlFile('jobs.sql');
const FINDINGS_SQL = sqlFile('findings.sql');
const ISSUES_SQL = sqlFile('issues.sql');

export interface RunSummary {
  id: number;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  jobs_root: string;
  options: Record<string, unknown>;
  lock_key: string;
  folders: Record<string, number> | null;
  counts: Record<string, Record<string, number>> | null;
  error: string | null;
  jobs_added: number;
  jobs_changed: number;
  jobs_gone: number;
  findings_opened: number;
  findings_closed: number;
  issues: number;
}

export interface RunFinding {
  id: string;
  job_id: string;
  kind: string;
  severity: string;
  summary: string;
}

export interface RunIssue {
  job_id: string | null;
  path: string;
  pointer: string;
  message: string;
}

export interface RunDetail extends RunSummary {
  jobs: { added: string[]; changed: string[]; gone: string[] };
  findings: { opened: RunFinding[]; reopened: RunFinding[]; closed: RunFinding[] };
  import_issues: RunIssue[];
}

const COUNT_COLUMNS = [
  'jobs_added',
  'jobs_changed',
  'jobs_gone',
  'findings_opened',
  'findings_closed',
  'issues',
] as const;

/** The newest runs first; `limit` null for all. */
export function listRuns(pool: pg.Pool, limit: number | null): Promise<RunSummary[]> {
  return transaction(pool, 'read only snapshot', (client) => summaries(client, null, limit));
}

/** One run's summary row (no lists), or null. */
export async function listRun(pool: pg.Pool, id: number): Promise<RunSummary | null> {
  const [run] = await transaction(pool, 'read only snapshot', (client) => summaries(client, id, 1));
  return run ?? null;
}

/** One run by id, or the newest for 'latest'; null when there is no such run. */
export function showRun(pool: pg.Pool, run: number | 'latest'): Promise<RunDetail | null> {
  return transaction(pool, 'read only snapshot', async (client) => {
    const id = run === 'latest' ? await latestRunId(client) : run;
    if (id === null) return null;
    const [summary] = await summaries(client, id, 1);
    if (!summary) return null;
    return {
      ...summary,
      jobs: await changedJobs(client, id),
      findings: await changedFindings(client, id),
      import_issues: (await client.query<RunIssue>(ISSUES_SQL(), [id])).rows,
    };
  });
}

async function summaries(client: pg.ClientBase, id: number | null, limit: number | null) {
  const { rows } = await client.query(LIST_SQL(), [id, limit]);
  return rows.map((row) => {
    const summary = { ...row, id: Number(row.id) } as RunSummary;
    for (const column of COUNT_COLUMNS) summary[column] = Number(row[column]);
    return summary;
  });
}

async function latestRunId(client: pg.ClientBase): Promise<number | null> {
  const { rows } = await client.query<{ id: string }>(LATEST_SQL());
  return rows[0] ? Number(rows[0].id) : null;
}

async function changedJobs(client: pg.ClientBase, id: number): Promise<RunDetail['jobs']> {
  const jobs: RunDetail['jobs'] = { added: [], changed: [], gone: [] };
  const { rows } = await client.query<{ change: keyof RunDetail['jobs']; job_id: string }>(JOBS_SQL(), [id]);
  for (const row of rows) jobs[row.change].push(row.job_id);
  return jobs;
}

async function changedFindings(client: pg.ClientBase, id: number): Promise<RunDetail['findings']> {
  const findings: RunDetail['findings'] = { opened: [], reopened: [], closed: [] };
  const { rows } = await client.query<RunFinding & { change: keyof RunDetail['findings'] }>(FINDINGS_SQL(), [
    id,
  ]);
  for (const { change, ...finding } of rows) findings[change].push(finding);
  return findings;
}
