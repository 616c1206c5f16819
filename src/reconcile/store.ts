/**
 * Reviewer state of reconciliation findings: the one code path the CLI and the review web app share.
 * Reads run in READ ONLY transactions; every filter is a bound parameter. Decisions (one finding, every
 * finding a filter matches, or a reviewer's list) run in one transaction each and append one
 * `finding_reviewed` event per finding. Imports never touch review_status or the note: only these do.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { inTransaction, readOnly } from '../db/transaction.ts';
import type { Severity } from './registry.ts';

const sqlFile = sqlFolder(import.meta.url);
const MATCHING = sqlFile('matching-findings.sql');
const LIST = sqlFile('list-findings.sql');
const COUNT = sqlFile('count-findings.sql');
const REVIEW = sqlFile('review-finding.sql');
const LIST_SQL = (): string => MATCHING() + LIST();
const COUNT_SQL = (): string => MATCHING() + COUNT();
const REVIEW_SQL = (): string => MATCHING() + REVIEW();
const APPLY_SQL = sqlFile('apply-decisions.sql');
const KNOWN_SQL = sqlFile('known-findings.sql');

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

/** $1-$6 of matching-findings.sql. */
function filterParams(f: FindingFilter): (string | null)[] {
  const text = f.text?.trim() ? f.text.trim() : null;
  return [f.kind ?? null, f.status ?? null, f.job ?? null, f.severity ?? null, text, f.id ?? null];
}

export function listFindings(
  pool: pg.Pool | pg.ClientBase,
  filter: FindingFilter = {},
): Promise<StoredFinding[]> {
  const params = [
    ...filterParams(filter),
    filter.limit ?? null,
    filter.offset ?? null,
    filter.sort ?? 'severity',
  ];
  return readOnlyOn(pool, async (client) => (await client.query<StoredFinding>(LIST_SQL(), params)).rows);
}

/**
 * Rows of a statement that continues matching-findings.sql's WITH (a leading comma): $1-$6 are the
 * filter's, `extra` follow as $7... For views over the matching set (the review app's groups).
 */
export function queryMatching<R extends pg.QueryResultRow>(
  pool: pg.Pool | pg.ClientBase,
  sql: string,
  filter: FindingFilter,
  extra: unknown[] = [],
): Promise<R[]> {
  const params = [...filterParams(filter), ...extra];
  return readOnlyOn(pool, async (client) => (await client.query<R>(MATCHING() + sql, params)).rows);
}

/** Matching findings counted per kind, severity and status (one row per combination present). */
export function countFindings(
  pool: pg.Pool | pg.ClientBase,
  filter: FindingFilter = {},
): Promise<FindingCount[]> {
  return readOnlyOn(
    pool,
    async (client) => (await client.query<FindingCount>(COUNT_SQL(), filterParams(filter))).rows,
  );
}

export async function getFinding(pool: pg.Pool | pg.ClientBase, id: string): Promise<StoredFinding | null> {
  return (await listFindings(pool, { id }))[0] ?? null;
}

/** A pool gets its own READ ONLY transaction; a client the caller holds is used as it is. */
function readOnlyOn<T>(db: pg.Pool | pg.ClientBase, fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  return 'totalCount' in db ? readOnly(db as pg.Pool, fn) : fn(db);
}

export interface Decision {
  decision: ReviewDecision;
  /** null keeps the finding's note as it was. */
  note: string | null;
  reviewer: string;
  via: DecisionSource;
}

/** The filter matched another number of findings than the reviewer confirmed: nothing was changed. */
export class CountChangedError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${actual} finding(s) match now, not the ${expected} confirmed: nothing changed`);
  }
}

/**
 * One decision on every finding the filter matches, in one transaction; returns how many. With
 * `expected`, a different count (the findings changed since the reviewer confirmed) rolls it back.
 */
export function reviewFindings(
  pool: pg.Pool,
  filter: FindingFilter,
  d: Decision,
  expected?: number,
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const params = [...filterParams(filter), d.decision, d.note, d.reviewer, d.via];
    const { rowCount } = await client.query(REVIEW_SQL(), params);
    if (expected !== undefined && rowCount !== expected) throw new CountChangedError(expected, rowCount ?? 0);
    return rowCount ?? 0;
  });
}

/** Acknowledge, resolve or reopen one finding. Returns null when no finding has that id. */
export async function reviewFinding(
  pool: pg.Pool,
  id: string,
  decision: ReviewDecision,
  note: string | null,
  reviewer: string,
  via: DecisionSource = 'cli',
): Promise<StoredFinding | null> {
  const changed = await reviewFindings(pool, { id }, { decision, note, reviewer, via });
  return changed === 0 ? null : getFinding(pool, id);
}

export interface ListedDecision {
  id: string;
  decision: ReviewDecision;
  note: string | null;
}

/**
 * A reviewer's list of decisions, all in one transaction. Returns the ids that name no finding; when
 * there are any, or `apply` is false (the list had other problems), nothing is changed.
 */
export function applyDecisions(
  pool: pg.Pool,
  decisions: ListedDecision[],
  reviewer: string,
  via: DecisionSource = 'csv',
  apply = true,
): Promise<{ unknown: string[]; applied: number }> {
  const ids = decisions.map((d) => d.id);
  return inTransaction(pool, async (client) => {
    const known = new Set((await client.query<{ id: string }>(KNOWN_SQL(), [ids])).rows.map((r) => r.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0 || !apply) return { unknown, applied: 0 };
    const params = [ids, decisions.map((d) => d.decision), decisions.map((d) => d.note), reviewer, via];
    const { rowCount } = await client.query(APPLY_SQL(), params);
    return { unknown, applied: rowCount ?? 0 };
  });
}
