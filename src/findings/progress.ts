/**
 * What a reviewer sees of the review as a whole: decided, open and total findings for a filter and for
 * the store, how many each reviewer decided, and the notes already used for a kind (offered again).
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { type FindingFilter, filterParams, MATCHING, readOnlyOn } from './store.ts';

const sqlFile = sqlFolder(import.meta.url);
const PROGRESS_SQL = sqlFile('progress.sql');
const NOTES_SQL = sqlFile('kind-notes.sql');

export interface Tally {
  decided: number;
  open: number;
  total: number;
}

export interface ReviewProgress {
  filter: Tally;
  store: Tally;
  /** Findings now decided, by who decided them last, most first. */
  reviewers: { reviewer: string; decided: number }[];
}

export function reviewProgress(
  pool: pg.Pool | pg.ClientBase,
  filter: FindingFilter = {},
): Promise<ReviewProgress> {
  return readOnlyOn(pool, async (c) => {
    const { rows } = await c.query<Tally & { scope: string; reviewer: string | null }>(
      MATCHING() + PROGRESS_SQL(),
      filterParams(filter),
    );
    const tally = (scope: string): Tally => {
      const r = rows.find((x) => x.scope === scope)!;
      return { decided: r.decided, open: r.open, total: r.total };
    };
    const reviewers = rows
      .filter((r) => r.scope === 'reviewer')
      .map((r) => ({ reviewer: r.reviewer!, decided: r.decided }))
      .sort((a, b) => b.decided - a.decided || a.reviewer.localeCompare(b.reviewer));
    return { filter: tally('filter'), store: tally('store'), reviewers };
  });
}

/** The notes reviewers already gave findings of this kind, most used first. */
export async function notesForKind(
  pool: pg.Pool | pg.ClientBase,
  kind: string,
  limit = 10,
): Promise<{ note: string; uses: number }[]> {
  return readOnlyOn(pool, async (c) => (await c.query(NOTES_SQL(), [kind, limit])).rows);
}
