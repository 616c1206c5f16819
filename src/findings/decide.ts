/**
 * Reviewers' decisions: one finding, every finding a filter, a cause group or a selection matches, or
 * a reviewer's list (CSV). Each runs in one transaction that locks the findings first; every decision
 * on more than one finding is a numbered batch (finding_batches) that `undoBatch` can take back. The
 * events are written by decide.sql alone. A decision records the note it was given (none: no note),
 * and one that changes neither status nor note appends no event.
 */
import type pg from 'pg';
import { CommandError, EXIT } from '../util/errors.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import {
  type DecisionSource,
  type FindingFilter,
  filterParams,
  getFinding,
  MATCHING,
  type MatchingState,
  matchingState,
  type ReviewDecision,
  type StoredFinding,
} from './store.ts';

const sqlFile = sqlFolder(import.meta.url);
const DECIDE_SQL = sqlFile('decide.sql');
const LOCK = sqlFile('lock-matching.sql');
const KNOWN_SQL = sqlFile('known-findings.sql');
const INSERT_BATCH_SQL = sqlFile('insert-batch.sql');
const FINISH_BATCH_SQL = sqlFile('finish-batch.sql');

export interface Decision {
  decision: ReviewDecision;
  /** The note recorded with the decision; null records none (an old note is not kept). */
  note: string | null;
  reviewer: string;
  via: DecisionSource;
}

/** What a decision did: its batch (null for one finding, or when nothing changed) and the counts. */
export interface DecisionOutcome {
  batch: string | null;
  /** Findings the filter matched (all locked while deciding). */
  matched: number;
  /** Findings whose status or note changed (each one event); the others already were as decided. */
  changed: number;
}

/**
 * The findings no longer are as the reviewer confirmed them (another decision or an import came in
 * between): nothing was changed, and the reviewer is asked again.
 */
export class CountChangedError extends CommandError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      actual === expected
        ? `the ${actual} matching finding(s) were decided by someone else meanwhile: nothing changed`
        : `${actual} finding(s) match now, not the ${expected} confirmed: nothing changed`,
      { exitCode: EXIT.answeredNo },
    );
  }
}

/** How a batch is described in finding_batches. */
interface BatchSpec {
  scope: 'filter' | 'group' | 'selection' | 'csv' | 'undo';
  decision: ReviewDecision | null;
  note: string | null;
  selection: Record<string, unknown>;
  undoes?: string | null;
}

/** One decision per finding id (all in one statement), recorded under `batch` (null: no batch). */
export async function decideIds(
  client: pg.ClientBase,
  rows: { id: string; decision: ReviewDecision; note: string | null; by?: string | null; at?: Date | null }[],
  who: { reviewer: string; via: string },
  batch: string | null,
  restore = false,
): Promise<number> {
  const params = [
    rows.map((r) => r.id),
    rows.map((r) => r.decision),
    rows.map((r) => r.note),
    who.reviewer,
    who.via,
    batch,
    restore,
    rows.map((r) => r.by ?? null),
    rows.map((r) => r.at ?? null),
  ];
  return (await client.query(DECIDE_SQL(), params)).rowCount ?? 0;
}

/** Opens a batch, runs `fn` (which returns how many findings changed), then counts or drops the batch. */
export async function inBatch(
  client: pg.ClientBase,
  who: { reviewer: string; via: string },
  spec: BatchSpec,
  fn: (batch: string) => Promise<number>,
): Promise<{ batch: string | null; changed: number }> {
  const params = [who.reviewer, who.via, spec.scope, spec.decision, spec.note, spec.selection];
  const { rows } = await client.query<{ id: string }>(INSERT_BATCH_SQL(), [...params, spec.undoes ?? null]);
  const batch = rows[0]!.id;
  const changed = await fn(batch);
  await client.query(FINISH_BATCH_SQL(), [batch, changed]);
  return { batch: changed > 0 ? batch : null, changed };
}

/**
 * Locks every finding the filter matches, then reads the filter again until the locked set is the
 * matching set (a row changed while we waited may have left or joined it). Returns the settled state.
 */
async function lockMatching(
  client: pg.ClientBase,
  filter: FindingFilter,
): Promise<MatchingState & { ids: string[] }> {
  for (let round = 0; ; round++) {
    const locked = (await client.query<{ id: string }>(MATCHING() + LOCK(), filterParams(filter))).rows;
    // READ COMMITTED: this statement sees every decision committed before our locks were granted.
    const ids = (await client.query<{ id: string }>(MATCHING() + LOCK(), filterParams(filter))).rows;
    const same = ids.length === locked.length && ids.every((r, i) => r.id === locked[i]!.id);
    if (same || round >= 4) return { ...(await matchingState(client, filter)), ids: ids.map((r) => r.id) };
  }
}

/** The scope a filter stands for: a selection of ids, a cause group, or a plain filter. */
function scopeOf(filter: FindingFilter): BatchSpec['scope'] {
  if (filter.ids) return 'selection';
  return filter.cause ? 'group' : 'filter';
}

/** The filter as a batch records it: only what was set. */
export function describeSelection(filter: FindingFilter): Record<string, unknown> {
  const { limit: _l, offset: _o, ...rest } = filter;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null));
}

/**
 * One decision on every finding the filter matches, as one batch. With `expected` (what the reviewer
 * confirmed: the count, and the state fingerprint when known), a different set or state changes
 * nothing and throws CountChangedError.
 */
export function decideMatching(
  pool: pg.Pool,
  filter: FindingFilter,
  d: Decision,
  expected?: { count: number; version?: string | null },
): Promise<DecisionOutcome> {
  return transaction(pool, 'read write', async (client) => {
    const now = await lockMatching(client, filter);
    if (expected && (now.count !== expected.count || (expected.version && expected.version !== now.version)))
      throw new CountChangedError(expected.count, now.count);
    const rows = now.ids.map((id) => ({ id, decision: d.decision, note: d.note }));
    const spec = {
      scope: scopeOf(filter),
      decision: d.decision,
      note: d.note,
      selection: describeSelection(filter),
    };
    const done = await inBatch(client, d, spec, (batch) => decideIds(client, rows, d, batch));
    return { ...done, matched: now.count };
  });
}

/** Compatibility name of decideMatching (the review app's bulk route). */
export const reviewFindings = decideMatching;

/** Acknowledge, resolve or reopen one finding (no batch). Returns null when no finding has that id. */
export async function reviewFinding(
  pool: pg.Pool,
  id: string,
  decision: ReviewDecision,
  note: string | null,
  reviewer: string,
  via: DecisionSource = 'cli',
): Promise<StoredFinding | null> {
  const found = await transaction(pool, 'read write', async (client) => {
    const known = (await client.query(KNOWN_SQL(), [[id]])).rowCount ?? 0;
    if (known > 0) await decideIds(client, [{ id, decision, note }], { reviewer, via }, null);
    return known > 0;
  });
  return found ? getFinding(pool, id) : null;
}

export interface ListedDecision {
  id: string;
  decision: ReviewDecision;
  note: string | null;
}

/**
 * A reviewer's list of decisions, all in one transaction and one batch (scope csv; `source` names the
 * file). Returns the ids that name no finding; when there are any, or `apply` is false (the list had
 * other problems), nothing is changed.
 */
export function applyDecisions(
  pool: pg.Pool,
  decisions: ListedDecision[],
  reviewer: string,
  via: DecisionSource = 'csv',
  apply = true,
  source: string | null = null,
): Promise<{ unknown: string[]; applied: number; batch: string | null }> {
  const ids = decisions.map((d) => d.id);
  return transaction(pool, 'read write', async (client) => {
    const known = new Set((await client.query<{ id: string }>(KNOWN_SQL(), [ids])).rows.map((r) => r.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0 || !apply) return { unknown, applied: 0, batch: null };
    const who = { reviewer, via };
    const spec = {
      scope: 'csv' as const,
      decision: null,
      note: null,
      selection: source ? { file: source } : {},
    };
    const done = await inBatch(client, who, spec, (batch) => decideIds(client, decisions, who, batch));
    return { unknown, applied: done.changed, batch: done.batch };
  });
}
