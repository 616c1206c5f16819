/**
 * Reading reconciliation findings: the one code path the CLI, the report and the review web app share.
 * Reads run in READ ONLY transactions; every filter is a bound parameter. Decisions are decide.ts's,
 * batches and undo batches.ts's, cause groups groups.ts's. Imports never touch review_status or the
 * note: only decisions do.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import type { Severity } from '../reconcile/registry.ts';

const sqlFile = sqlFolder(import.meta.url);
/** The CTE `matching` ($1-$8) the finding queries start from. */
export const MATCHING = sqlFile('matching-findings.sql');
const LIST = sqlFile('list-findings.sql');
const COUNT = sqlFile('count-findings.sql');
const STATE = sqlFile('matching-state.sql');

export const FINDING_STATUSES = ['open', 'acknowledged', 'resolved', 'gone'] as const;
export const FINDING_SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];
/** What a reviewer can decide; reopening sets the review status back to open. */
export type ReviewDecision = 'acknowledged' | 'resolved' | 'open';
/** The decisions by the verbs reviewers type (CLI actions, CSV `decision` cells, web buttons). */
export const DECISION_VERBS = { ack: 'acknowledged', resolve: 'resolved', reopen: 'open' } as const;
export type DecisionVerb = keyof typeof DECISION_VERBS;
/** Where a decision was made, kept in its event. */
export type DecisionSource = 'cli' | 'web' | 'csv';

/** The orders a list can take; each ends in severity, kind, job and id, a total order. */
export const FINDING_SORTS = ['severity', 'kind', 'job', 'first_seen'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

export interface FindingFilter {
  kind?: string | null;
  status?: string | null;
  job?: string | null;
  severity?: string | null;
  /** Free text: every word must occur (case ignored) in the finding's id, job, values, paths, note... */
  text?: string | null;
  id?: string | null;
  /** A cause group: the findings whose cause key (reconciliation.cause_key, schema/016) is this. */
  cause?: string | null;
  /** A selection: only these finding ids. */
  ids?: readonly string[] | null;
  /** List order: severity (errors first; the default), kind, job or first_seen (oldest run first). */
  sort?: FindingSort | null;
  limit?: number | null;
  offset?: number | null;
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

export interface FindingCount {
  kind: string;
  severity: string;
  status: string;
  count: number;
}

/** $1-$8 of matching-findings.sql. */
export function filterParams(f: FindingFilter): unknown[] {
  const text = f.text?.trim() ? f.text.trim() : null;
  const ids = f.ids ? [...f.ids] : null;
  return [
    f.kind ?? null,
    f.status ?? null,
    f.job ?? null,
    f.severity ?? null,
    text,
    f.id ?? null,
    f.cause ?? null,
    ids,
  ];
}

/** $1-$11: the filter, then its limit, offset and order (list-findings.sql and list-groups.sql). */
export const pagedParams = (f: FindingFilter): unknown[] => [
  ...filterParams(f),
  f.limit ?? null,
  f.offset ?? null,
  f.sort ?? 'severity',
];

export function listFindings(
  pool: pg.Pool | pg.ClientBase,
  filter: FindingFilter = {},
): Promise<StoredFinding[]> {
  const sql = MATCHING() + LIST();
  return readOnlyOn(
    pool,
    async (client) => (await client.query<StoredFinding>(sql, pagedParams(filter))).rows,
  );
}

/** Matching findings counted per kind, severity and status (one row per combination present). */
export function countFindings(
  pool: pg.Pool | pg.ClientBase,
  filter: FindingFilter = {},
): Promise<FindingCount[]> {
  const sql = MATCHING() + COUNT();
  return readOnlyOn(
    pool,
    async (client) => (await client.query<FindingCount>(sql, filterParams(filter))).rows,
  );
}

export async function getFinding(pool: pg.Pool | pg.ClientBase, id: string): Promise<StoredFinding | null> {
  return (await listFindings(pool, { id }))[0] ?? null;
}

/** A pool gets its own READ ONLY transaction; a client the caller holds is used as it is. */
export function readOnlyOn<T>(
  db: pg.Pool | pg.ClientBase,
  fn: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  return 'totalCount' in db ? transaction(db as pg.Pool, 'read only', fn) : fn(db);
}

/** What a reviewer confirms before a bulk decision: how many findings match, in which review state. */
export interface MatchingState {
  count: number;
  /** A fingerprint of the matching ids, statuses and notes: any decision in between changes it. */
  version: string;
}

/** The matching findings' count and state fingerprint (on a held client: as that client sees them). */
export function matchingState(pool: pg.Pool | pg.ClientBase, filter: FindingFilter): Promise<MatchingState> {
  return readOnlyOn(pool, async (client) => {
    const { rows } = await client.query<{ id: string; review_status: string; review_note: string | null }>(
      MATCHING() + STATE(),
      filterParams(filter),
    );
    return {
      count: rows.length,
      version: fingerprint(rows.map((r) => [r.id, r.review_status, r.review_note])),
    };
  });
}

/** sha256 (first 16 hex digits) of the rows as JSON: the same rows in the same order, the same text. */
function fingerprint(rows: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}
