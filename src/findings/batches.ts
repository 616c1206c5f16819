/**
 * Batches of decisions: listing them (who, when, how many, what chose the findings) and undoing one,
 * which restores each finding's status, note and reviewer as they were before the batch, as a new
 * batch (scope undo) whose events say so. A batch is undone whole or not at all.
 */
import type pg from 'pg';
import { CommandError, EXIT } from '../util/errors.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import { decideIds, inBatch } from './decide.ts';
import { readOnlyOn, type ReviewDecision } from './store.ts';

const sqlFile = sqlFolder(import.meta.url);
const LIST_SQL = sqlFile('list-batches.sql');
const LOCK_BATCH_SQL = sqlFile('lock-batch.sql');
const LOCK_FINDINGS_SQL = sqlFile('batch-findings.sql');
const EVENTS_SQL = sqlFile('batch-events.sql');

export interface BatchRow {
  id: string;
  created_at: Date;
  reviewed_by: string;
  via: string;
  scope: 'filter' | 'group' | 'selection' | 'csv' | 'undo';
  decision: ReviewDecision | null;
  note: string | null;
  /** What chose the findings: the filter's fields, a group's `cause`, a selection's `ids`, a CSV's `file`. */
  selection: Record<string, unknown>;
  findings: number;
  /** For an undo batch: the batch it undid. */
  undoes: string | null;
  /** The undo batch that took this one back, if any. */
  undone_by: string | null;
}

/** Batches newest first (`limit` of them; all without). */
export async function listBatches(
  pool: pg.Pool | pg.ClientBase,
  options: { id?: string | null; limit?: number | null } = {},
): Promise<BatchRow[]> {
  return readOnlyOn(
    pool,
    async (c) => (await c.query<BatchRow>(LIST_SQL(), [options.id ?? null, options.limit ?? null])).rows,
  );
}

/** Why a batch cannot be undone; nothing was changed. */
export class UndoRefusedError extends CommandError {
  constructor(
    message: string,
    /** The findings decided again since the batch, with the event that did it. */
    readonly decidedSince: { finding_id: string; event: string }[] = [],
  ) {
    super(message, { exitCode: EXIT.answeredNo });
  }
}

interface BatchEvent {
  finding_id: string;
  previous_status: ReviewDecision | null;
  previous_note: string | null;
  previous_reviewed_by: string | null;
  previous_reviewed_at: Date | null;
  decided_since: string | null;
}

/**
 * Undoes batch `id`: every finding it changed gets its previous status, note and reviewer back, in one
 * transaction, recorded as a new batch (returned). Refused when the batch does not exist, was undone
 * already, or any of its findings was decided again since (named in the error).
 */
export function undoBatch(
  pool: pg.Pool,
  id: string,
  who: { reviewer: string; via: string },
): Promise<{ batch: string; restored: number }> {
  if (!/^[0-9]{1,18}$/.test(id))
    return Promise.reject(new UndoRefusedError(`no batch ${id}: a batch is a number`));
  return transaction(pool, 'read write', async (client) => {
    const [batch] = (await client.query<{ id: string; undone_by: string | null }>(LOCK_BATCH_SQL(), [id]))
      .rows;
    if (!batch) throw new UndoRefusedError(`no batch ${id}`);
    if (batch.undone_by)
      throw new UndoRefusedError(`batch ${id} was undone already, by batch ${batch.undone_by}`);
    await client.query(LOCK_FINDINGS_SQL(), [id]);
    const events = (await client.query<BatchEvent>(EVENTS_SQL(), [id])).rows;
    const since = events.filter((e) => e.decided_since !== null);
    if (since.length > 0) throw decidedAgain(id, since);
    const rows = events.map((e) => ({
      id: e.finding_id,
      decision: e.previous_status ?? 'open',
      note: e.previous_note,
      by: e.previous_reviewed_by,
      at: e.previous_reviewed_at,
    }));
    const spec = { scope: 'undo' as const, decision: null, note: null, selection: { batch: id }, undoes: id };
    // The batch says where it was undone (cli, web); each event says `undo`.
    const undo = { reviewer: who.reviewer, via: 'undo' };
    const done = await inBatch(client, who, spec, (b) => decideIds(client, rows, undo, b, true));
    if (!done.batch) throw new UndoRefusedError(`batch ${id} changed no finding: nothing to undo`);
    return { batch: done.batch, restored: done.changed };
  });
}

function decidedAgain(id: string, since: BatchEvent[]): UndoRefusedError {
  const named = since.slice(0, 10).map((e) => e.finding_id);
  const more = since.length > named.length ? ` and ${since.length - named.length} more` : '';
  return new UndoRefusedError(
    `batch ${id} not undone: ${since.length} of its findings were decided again since ` +
      `(${named.join(', ')}${more}); nothing changed`,
    since.map((e) => ({ finding_id: e.finding_id, event: e.decided_since! })),
  );
}
