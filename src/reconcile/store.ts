/**
 * Reviewer state of reconciliation findings. Reads run in READ ONLY transactions; every filter is
 * a bound parameter. Imports never touch review_status or the note: only these functions do.
 */
import type pg from 'pg';
import { readOnly } from '../db/transaction.ts';
import { sqlFolder } from '../db/sql-files.ts';

const sqlFile = sqlFolder(import.meta.url);
const LIST_SQL = sqlFile('list-findings.sql');
const REVIEW_SQL = sqlFile('review-finding.sql');

export const FINDING_STATUSES = ['open', 'acknowledged', 'resolved', 'gone'] as const;
export type ReviewDecision = 'acknowledged' | 'resolved';

export interface FindingFilter {
  kind?: string;
  status?: string;
  job?: string;
  limit?: number;
}

export interface StoredFinding {
  id: string;
  job_id: string;
  job_number: string | null;
  kind: string;
  severity: string;
  status: string;
  summary: string;
  source_values: Record<string, unknown>;
  paths: string[];
  first_run_id: string;
  last_run_id: string;
  gone_run_id: string | null;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export function listFindings(pool: pg.Pool, filter: FindingFilter = {}): Promise<StoredFinding[]> {
  return readOnly(pool, async (client) => {
    const { rows } = await client.query<StoredFinding>(LIST_SQL(), [
      filter.kind ?? null,
      filter.status ?? null,
      filter.job ?? null,
      filter.limit ?? null,
      null,
    ]);
    return rows;
  });
}

export function getFinding(pool: pg.Pool, id: string): Promise<StoredFinding | null> {
  return readOnly(pool, async (client) => {
    const { rows } = await client.query<StoredFinding>(LIST_SQL(), [null, null, null, null, id]);
    return rows[0] ?? null;
  });
}

/** Acknowledge or resolve a finding. Returns null when no finding has that id. */
export async function reviewFinding(
  pool: pg.Pool,
  id: string,
  decision: ReviewDecision,
  note: string | null,
  reviewer: string,
): Promise<StoredFinding | null> {
  const { rows } = await pool.query(REVIEW_SQL(), [id, decision, note, reviewer]);
  if (rows.length === 0) return null;
  return getFinding(pool, id);
}
