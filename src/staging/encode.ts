/**
 * A planned job as COPY text, one block per staging table, as UTF-8 bytes. Encoding happens where the
 * job was planned (a worker thread), and the bytes are transferred, not copied, to the loader's
 * thread, which only writes them to the socket: its heap never holds the batch's text.
 */
import { copyEncoder, type CopyEncoder } from '../db/copy.ts';
import { STAGING_TABLES, type StagingTable } from '../model/staging-tables.ts';
import type { IssueRow, JobPlan } from '../model/rows.ts';
import { Redactor } from '../util/token-redact.ts';

export interface StagedText {
  rows: number;
  /** COPY text in UTF-8, in an ArrayBuffer of its own (so it can be transferred between threads). */
  bytes: Uint8Array;
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

/**
 * Every text the job's rows and issues hold passes the redactor here, names included (job folder,
 * file paths, media ids): the one choke point between a planned job and the database.
 */
export function encodePlan(plan: JobPlan, redactor: Redactor = Redactor.none): EncodedPlan {
  const staged: Partial<Record<StagingTable, StagedText>> = {};
  for (const [table, , rowsOf] of [...STAGED_IDENTITIES, ...STAGED_JOBS]) {
    const rows = rowsOf(plan);
    if (rows.length > 0) staged[table] = encodeRows(table, rows, redactor);
  }
  const issues = plan.issues.map((i) => redactIssue(i, redactor));
  return { jobId: redactor.text(plan.job.job_id), filesRead: plan.filesRead, issues, staged };
}

/** An issue without token copies in its path, pointer or message. */
export function redactIssue<I extends { path: string; pointer: string; message: string }>(
  issue: I,
  redactor: Redactor,
): I {
  if (redactor.empty) return issue;
  const { path, pointer, message } = issue;
  return {
    ...issue,
    path: redactor.text(path),
    pointer: redactor.text(pointer),
    message: redactor.text(message),
  };
}

const utf8 = new TextEncoder();
const encoders = new WeakMap<Redactor, Record<StagingTable, CopyEncoder>>();

/** Each staging table's COPY encoder, compiled from its declaration on first use (per redactor). */
function encoderOf(table: StagingTable, redactor: Redactor): CopyEncoder {
  let compiled = encoders.get(redactor);
  if (!compiled) {
    compiled = Object.fromEntries(
      Object.entries(STAGING_TABLES).map(([name, t]) => [name, copyEncoder(t.copyColumns, redactor)]),
    ) as Record<StagingTable, CopyEncoder>;
    encoders.set(redactor, compiled);
  }
  return compiled[table];
}

/** Rows of one staging table as COPY text. */
export function encodeRows(
  table: StagingTable,
  rows: readonly object[],
  redactor: Redactor = Redactor.none,
): StagedText {
  const encode = encoderOf(table, redactor);
  let text = '';
  for (const row of rows) text += encode(row as Record<string, unknown>);
  return { rows: rows.length, bytes: utf8.encode(text) };
}

/** The buffers to transfer with a plan: every staged block's own ArrayBuffer. */
export function transferablesOf(plan: EncodedPlan): ArrayBuffer[] {
  return Object.values(plan.staged).map((s) => s.bytes.buffer as ArrayBuffer);
}
