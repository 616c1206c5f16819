/**
 * The dry run's loader: the same staging and merge statements as the real loader (load.ts), run
 * against temporary stand-ins of the target tables (sql/dry-run-shadows.sql) inside one transaction
 * that is set READ ONLY once they exist and is always rolled back. So what it counts is what a real
 * run would do, and nothing outside the session is written: a write to a real table would fail.
 */
import type pg from 'pg';
import { copyRows } from '../db/copy.ts';
import { Redactor } from '../util/token-redact.ts';
import { applySettings } from '../db/session-settings.ts';
import { sqlFolder } from '../db/sql-files.ts';
import type { IssueRow } from '../model/rows.ts';
import { addCounts, emptyCounts, type RunCounts } from '../staging/counts.ts';
import { STAGED_IDENTITIES, STAGED_JOBS, type EncodedPlan } from '../staging/encode.ts';
import { createStagingTables, stageAndMerge, stageIdentities } from '../staging/merge.ts';
import { isDataError, MERGE_SQL } from './load.ts';
import { DUPLICATE_JOB_NUMBER_SQL, SOURCE_MISSING_SQL, type CrossJobResult } from './run-findings.ts';

const sqlFile = sqlFolder(import.meta.url);
const SHADOWS_SQL = sqlFile('dry-run-shadows.sql');

/** The run id the merges write into the stand-ins: real runs count from 1. */
const DRY_RUN_ID = 0;
const IDENTITY_TABLES = ['customers', 'billing_profiles', 'operators', 'trees'];
const JOB_TABLES = [
  'jobs',
  'job_rounds',
  'round_recordings',
  'round_images',
  'job_finals',
  'job_geojson_exports',
  'artifacts',
  'reconciliation',
];
const STAGING_TABLES = [...STAGED_IDENTITIES, ...STAGED_JOBS].map(([staging]) => staging);
const ISSUE_COLUMNS = ['run_id', 'job_id', 'path', 'pointer', 'message'] as const;

export interface DryJobChange {
  job_id: string;
  inserted: boolean;
  content_changed: boolean;
}

export class DryLoader {
  /** Jobs whose rows the database would refuse. */
  readonly refusedJobs: string[] = [];

  /** Per stand-in, the columns to copy into it from the real table (all but the generated ones). */
  private constructor(
    private readonly client: pg.ClientBase,
    private readonly columns: Map<string, string>,
    private readonly redactor: Redactor,
  ) {}

  /**
   * In the caller's open transaction, after its last read of the real tables: create the stand-ins
   * and staging tables, copy the identities, then make the transaction READ ONLY.
   */
  static async open(
    client: pg.ClientBase,
    options: { full?: boolean; redactor?: Redactor } = {},
  ): Promise<DryLoader> {
    const redactor = options.redactor ?? Redactor.none;
    const loader = new DryLoader(client, await copyableColumns(client), redactor);
    await client.query(SHADOWS_SQL());
    await createStagingTables(client);
    await client.query('SET LOCAL search_path = pg_temp, public');
    for (const table of IDENTITY_TABLES) await loader.copy(table, '');
    await client.query('SET TRANSACTION READ ONLY');
    // Set inside the transaction, so the rollback takes them back too (the session's one included).
    await applySettings(client, { full: options.full ?? false, run_id: DRY_RUN_ID, event_source: 'import' });
    return loader;
  }

  /**
   * Merge a batch into the stand-ins; adds what would happen to `counts`, returns the jobs it would
   * write. As the real loader: identities first (they stay when the jobs' part is refused), then the
   * jobs, each part in a savepoint standing for its transaction.
   */
  async load(plans: readonly EncodedPlan[], counts: RunCounts): Promise<DryJobChange[]> {
    const jobIds = plans.map((p) => p.jobId);
    const delta: RunCounts = {};
    try {
      await this.inSavepoint(() => stageIdentities(this.client, plans, delta));
      const changes = await this.inSavepoint(async () => {
        for (const table of JOB_TABLES) await this.copy(table, 'WHERE job_id = ANY ($1::text[])', [jobIds]);
        await this.recordIssues(plans.flatMap((p) => p.issues));
        delta.import_issues = issueCounts(plans);
        await stageAndMerge(this.client, plans, STAGED_JOBS, MERGE_SQL(), delta);
        const sql = 'SELECT job_id, inserted, content_changed FROM batch_changed';
        return (await this.client.query<DryJobChange>(sql)).rows;
      });
      addCounts(counts, delta);
      return changes;
    } catch (err) {
      if (!isDataError(err)) throw err; // the transaction is rolled back whole by the caller
      return this.refused(plans, counts, err as Error);
    }
  }

  /** `fn` as if in a transaction of its own: undone when it throws; staging emptied as a commit would. */
  private async inSavepoint<T>(fn: () => Promise<T>): Promise<T> {
    await this.client.query('SAVEPOINT dry_part');
    try {
      const result = await fn();
      await this.emptyStaging();
      await this.client.query('RELEASE SAVEPOINT dry_part');
      return result;
    } catch (err) {
      if (isDataError(err))
        await this.client.query('ROLLBACK TO SAVEPOINT dry_part; RELEASE SAVEPOINT dry_part');
      throw err;
    }
  }

  /** As the real loader: a refused batch is retried job by job, a refused job is an issue. */
  private async refused(plans: readonly EncodedPlan[], counts: RunCounts, err: Error) {
    if (plans.length > 1) {
      const changes: DryJobChange[] = [];
      for (const plan of plans) changes.push(...(await this.load([plan], counts)));
      return changes;
    }
    const plan = plans[0]!;
    this.refusedJobs.push(plan.jobId);
    const refusal: IssueRow = {
      job_id: plan.jobId,
      path: plan.jobId,
      pointer: '',
      message: `the database would refuse this job's rows: ${err.message}`,
    };
    await this.recordIssues([...plan.issues, refusal]);
    addCounts(counts, {
      jobs: { ...emptyCounts(), errors: 1 },
      import_issues: { ...emptyCounts(), inserted: plan.issues.length + 1 },
    });
    return [];
  }

  /**
   * The end of a run: duplicate job numbers over every job, and (when `found` is the whole root)
   * folders gone from disk, computed by the real statements over stand-ins now holding every job.
   */
  async crossJob(found: readonly string[] | null): Promise<CrossJobResult> {
    await this.copy('jobs', 'ON CONFLICT DO NOTHING');
    await this.copy(
      'reconciliation',
      "WHERE kind IN ('duplicate_job_number', 'source_missing') ON CONFLICT DO NOTHING",
    );
    const dup = (await this.client.query(DUPLICATE_JOB_NUMBER_SQL(), [DRY_RUN_ID])).rows[0];
    const result = { inserted: Number(dup.inserted), gone: Number(dup.gone), missing: 0 };
    if (!found) return result;
    const missing = (await this.client.query(SOURCE_MISSING_SQL(), [DRY_RUN_ID, found])).rows[0];
    return {
      inserted: result.inserted + Number(missing.inserted),
      gone: result.gone + Number(missing.gone),
      missing: Number(missing.missing),
    };
  }

  /** Paths of every issue the run would record (for the errors per table). */
  async issuePaths(): Promise<string[]> {
    const { rows } = await this.client.query<{ path: string }>('SELECT path FROM pg_temp.import_issues');
    return rows.map((r) => r.path);
  }

  /** Issues go to the stand-in of import_issues, so the summary counts errors per table as a run does. */
  async recordIssues(issues: readonly IssueRow[]): Promise<void> {
    if (issues.length === 0) return;
    const rows = issues.map((i) => ({ ...i, run_id: DRY_RUN_ID }));
    await copyRows(this.client, 'import_issues', ISSUE_COLUMNS, rows, this.redactor);
  }

  /** Copy stored rows of `table` (those `tail` selects) into its stand-in. */
  private async copy(table: string, tail: string, params: unknown[] = []): Promise<void> {
    const columns = this.columns.get(table)!;
    await this.client.query(
      `INSERT INTO pg_temp.${table} (${columns}) SELECT ${columns} FROM public.${table} ${tail}`,
      params,
    );
  }

  /** Staging tables empty at commit in a real run; the dry run never commits, so it empties them. */
  private async emptyStaging(): Promise<void> {
    for (const table of [...STAGING_TABLES, 'batch_changed']) await this.client.query(`DELETE FROM ${table}`);
  }
}

function issueCounts(plans: readonly EncodedPlan[]) {
  const n = plans.reduce((sum, p) => sum + p.issues.length, 0);
  return { ...emptyCounts(), read: n, inserted: n };
}

/** Per real table, its columns but the generated ones (those are recomputed on insert), quoted. */
async function copyableColumns(client: pg.ClientBase): Promise<Map<string, string>> {
  const { rows } = await client.query<{ table: string; columns: string }>(
    `SELECT c.relname AS table, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS columns
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.oid = ANY ($1::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     GROUP BY c.relname`,
    [[...IDENTITY_TABLES, ...JOB_TABLES].map((t) => `public.${t}`)],
  );
  return new Map(rows.map((r) => [r.table, r.columns]));
}
