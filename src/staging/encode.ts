/**
 * A planned job as COPY text, one block per staging table. Encoding happens where the job was
 * planned (a worker thread), so what crosses to the loader's thread is a few flat strings instead of
 * a deep object graph to clone, and the loader only concatenates and streams.
 */
import { copyEncoder, type CopyEncoder } from '../db/copy.ts';
import { STAGING_TABLES, type StagingTable } from '../model/staging-tables.ts';
import type { IssueRow, JobPlan } from '../model/rows.ts';

export interface StagedText {
  rows: number;
  text: string;
}

export interface EncodedPlan {
  jobId: string;
  filesRead: number;
  issues: IssueRow[];
  staged: Partial<Record<StagingTable, StagedText>>;
}

/** Staging table, the target table it is merged into (for counts), and the plan's rows for it. */
export type StagedList = readonly [StagingTable, string, (p: JobPlan) => readonly object[]];

export const STAGED_IDENTITIES: readonly StagedList[] = [
  ['stg_customers', 'customers', (p) => p.customers],
  ['stg_billing_profiles', 'billing_profiles', (p) => p.billingProfiles],
  ['stg_operators', 'operators', (p) => p.operators],
  ['stg_trees', 'trees', (p) => p.trees],
];

export const STAGED_JOBS: readonly StagedList[] = [
  ['stg_jobs', 'jobs', (p) => [p.job]],
  ['stg_rounds', 'job_rounds', (p) => p.rounds],
  ['stg_recordings', 'round_recordings', (p) => p.recordings],
  ['stg_images', 'round_images', (p) => p.images],
  ['stg_finals', 'job_finals', (p) => p.finals],
  ['stg_geojson', 'job_geojson_exports', (p) => p.geojson],
  ['stg_artifacts', 'artifacts', (p) => p.artifacts],
  ['stg_findings', 'reconciliation', (p) => p.findings],
];

export function encodePlan(plan: JobPlan): EncodedPlan {
  const staged: Partial<Record<StagingTable, StagedText>> = {};
  for (const [table, , rowsOf] of [...STAGED_IDENTITIES, ...STAGED_JOBS]) {
    const rows = rowsOf(plan);
    if (rows.length > 0) staged[table] = encodeRows(table, rows);
  }
  return { jobId: plan.job.job_id, filesRead: plan.filesRead, issues: plan.issues, staged };
}

/** Each staging table's COPY encoder, compiled once from its declaration. */
const ENCODERS = Object.fromEntries(
  Object.entries(STAGING_TABLES).map(([name, table]) => [name, copyEncoder(table.copyColumns)]),
) as Record<StagingTable, CopyEncoder>;

/** Rows of one staging table as COPY text. */
export function encodeRows(table: StagingTable, rows: readonly object[]): StagedText {
  const encode = ENCODERS[table];
  let text = '';
  for (const row of rows) text += encode(row as Record<string, unknown>);
  return { rows: rows.length, text };
}
