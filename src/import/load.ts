/**
 * The loader: COPY a batch of planned jobs into staging tables, then merge them into the target
 * tables with set-based upserts (src/staging/): first the identities they refer to (a short
 * transaction of its own), then everything else (sql/merge-batch.sql) in one transaction per batch,
 * so a crash leaves whole jobs or nothing. A batch the database refuses is retried job by job; a job
 * refused on its own becomes an import_issues row carrying the server's message, and the rest still land.
 */
import type pg from 'pg';
import { copyRows } from '../db/copy.ts';
import { Redactor } from '../util/token-redact.ts';
import { applySettings } from '../db/session-settings.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { inClientTransaction } from '../db/transaction.ts';
import type { IssueRow } from '../model/rows.ts';
import { addCounts, emptyCounts, JOB_STORE_TABLES, type RunCounts } from '../staging/counts.ts';
import { STAGED_JOBS, type EncodedPlan } from '../staging/encode.ts';
import { createStagingTables, stageAndMerge, stageIdentities } from '../staging/merge.ts';

const sqlFile = sqlFolder(import.meta.url);
export const MERGE_SQL = sqlFile('merge-batch.sql');

const ISSUE_COLUMNS = ['run_id', 'job_id', 'path', 'pointer', 'message'] as const;

/**
 * SQLSTATE classes that mean "this data", not "this connection": 22 data exception, 23 integrity, 54 limits.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/**
 * Tables the merges read by key. Their statistics must follow their growth: the merge statements'
 * plans depend on them, and a server without autovacuum (seen: the CI machine's) would otherwise
 * plan a 20,000-job store as if it were empty, with sequential scans per batch.
 */
const ANALYZED_TABLES = [...JOB_STORE_TABLES, 'reconciliation', 'job_events'];

export class BatchLoader {
  /** Job rows this session inserted or updated since the statistics were last refreshed. */
  private jobsWrittenSinceAnalyze = 0;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly runId: number,
    private readonly redactor: Redactor,
  ) {}

  /** The loader works on one session (its staging tables are per session); the caller owns the client. */
  static async open(
    client: pg.PoolClient,
    runId: number,
    options: { full?: boolean; redactor?: Redactor } = {},
  ): Promise<BatchLoader> {
    await tuneSession(client);
    await createStagingTables(client);
    await applySettings(client, { full: options.full ?? false });
    return new BatchLoader(client, runId, options.redactor ?? Redactor.none);
  }

  /** Load a batch; adds what happened to `counts`. Throws only when the database itself is unusable. */
  async load(plans: readonly EncodedPlan[], counts: RunCounts): Promise<void> {
    try {
      const delta: RunCounts = {};
      await this.inTransaction(() => stageIdentities(this.client, plans, delta));
      await this.inTransaction(async () => {
        await applySettings(this.client, { run_id: this.runId, event_source: 'import' });
        const issues = plans.flatMap((p) => p.issues).map((i) => ({ ...i, run_id: this.runId }));
        if (issues.length > 0) {
          await copyRows(this.client, 'import_issues', ISSUE_COLUMNS, issues, this.redactor);
        }
        delta.import_issues = { ...emptyCounts(), read: issues.length, inserted: issues.length };
        await stageAndMerge(this.client, plans, STAGED_JOBS, MERGE_SQL(), delta);
      });
      addCounts(counts, delta);
      this.jobsWrittenSinceAnalyze += (delta.jobs?.inserted ?? 0) + (delta.jobs?.updated ?? 0);
      await this.analyzeIfGrown();
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (plans.length > 1) {
        for (const plan of plans) await this.load([plan], counts);
        return;
      }
      const plan = plans[0]!;
      const refusal: IssueRow = {
        job_id: plan.jobId,
        path: plan.jobId,
        pointer: '',
        message: `the database refused this job's rows, nothing of it was loaded: ${(err as Error).message}`,
      };
      await this.recordIssues([...plan.issues, refusal]);
      addCounts(counts, {
        jobs: { ...emptyCounts(), errors: 1 },
        import_issues: { ...emptyCounts(), inserted: plan.issues.length + 1 },
      });
    }
  }

  /**
   * Refresh the planner statistics once this session has written three times as many jobs as the
   * statistics knew of (plus 50): a handful of ANALYZEs while a store is first imported (after the
   * first batch, then about 1,000, 4,000, 17,000 jobs), none for a rerun that changes a few jobs of a
   * large store. Between them the planner scales its row estimates by the tables' current size.
   */
  private async analyzeIfGrown(): Promise<void> {
    if (this.jobsWrittenSinceAnalyze === 0) return;
    const { rows } = await this.client.query<{ n: string }>(
      "SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'jobs'::regclass",
    );
    if (this.jobsWrittenSinceAnalyze < 50 + 3 * Number(rows[0]!.n)) return;
    await this.client.query(`ANALYZE ${ANALYZED_TABLES.join(', ')}`);
    this.jobsWrittenSinceAnalyze = 0;
  }

  /**
   * Issues not tied to a loaded job (unreadable folders, stray files), in their own transaction; like
   * every issue, redacted of token copies on the way in (names of files and folders included).
   */
  async recordIssues(issues: readonly IssueRow[]): Promise<void> {
    if (issues.length === 0) return;
    const rows = issues.map((i) => ({ ...i, run_id: this.runId }));
    await this.inTransaction(() =>
      copyRows(this.client, 'import_issues', ISSUE_COLUMNS, rows, this.redactor),
    );
  }

  private inTransaction(fn: () => Promise<void>): Promise<void> {
    return inClientTransaction(this.client, 'read write', fn);
  }
}

/**
 * Session settings for the import's bulk writes, each kept at the server's default where refused:
 * - temp_buffers 64MB: a batch's staging rows (tens of MB with their jsonb) outgrow the default 8 MB,
 *   and temporary tables spill to disk beyond it. Settable only before the session's first temporary
 *   table (a pooled session that already used one keeps the default).
 * - default_toast_compression lz4: the jsonb payloads are compressed as they are staged (and keep
 *   that compression in the target tables); pglz, the default, costs several times the CPU, in the
 *   server the import waits for. Needs a server built with lz4 (PostgreSQL 14+ usually is).
 */
async function tuneSession(client: pg.ClientBase): Promise<void> {
  for (const statement of ["SET temp_buffers = '64MB'", 'SET default_toast_compression = lz4']) {
    await client.query(statement).catch(() => undefined);
  }
}
