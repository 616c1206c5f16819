/**
 * What the list, group and navigation read: a page of cause groups or single findings, one group's
 * members, the item at a position of a list (previous, next, the next open one), the review progress
 * and a kind's saved notes. Groups are a view over the store's matching findings
 * (sql/grouped-findings.sql, over the registry's cause keys).
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import { groupMembers } from '../findings/groups.ts';
import {
  countFindings,
  type FindingCount,
  type FindingFilter,
  listFindings,
  MATCHING,
  pagedParams,
  readOnlyOn,
  type StoredFinding,
} from '../findings/store.ts';
import { type ListQuery, toFindingFilter } from './filter.ts';

const sqlFile = sqlFolder(import.meta.url);
const GROUPED = sqlFile('grouped-findings.sql');
const GROUP_LIST = sqlFile('group-list.sql');
const PROGRESS_SQL = sqlFile('progress.sql');
const NOTES_SQL = sqlFile('saved-notes.sql');
const CAN_DECIDE_SQL = sqlFile('can-decide.sql');

export interface GroupRow {
  /** The registry's cause key (view finding_causes). */
  group_id: string;
  kind: string;
  severity: string;
  members: number;
  jobs: number;
  first_id: string;
  summary: string;
  source_values: Record<string, unknown>;
  job_ids: string[];
  job_number: string | null;
  total_groups: number;
}

export type GroupMember = StoredFinding;

/** Decided, open and all (gone ones left out: nothing to decide) findings. */
export interface Tally {
  decided: number;
  open: number;
  total: number;
}

export interface Progress {
  filter: Tally;
  store: Tally;
  reviewers: [string, number][];
}

export interface ListPage {
  findings: StoredFinding[];
  groups: GroupRow[];
  counts: FindingCount[];
  /** Counts per kind under the filter but its kind (the kind menu). */
  kindCounts: FindingCount[];
  /** Findings matching the filter. */
  total: number;
  /** Items of the view (groups or findings) matching the filter. */
  items: number;
  progress: Progress;
}

type Db = pg.Pool | pg.ClientBase;

function tally(counts: { status: string; count: number }[]): Tally {
  const of = (s: string): number => counts.filter((c) => c.status === s).reduce((n, c) => n + c.count, 0);
  const decided = of('acknowledged') + of('resolved');
  return { decided, open: of('open'), total: decided + of('open') };
}

/**
 * Progress for the filter (whatever its status) and the whole store, and per reviewer. `inFilter`:
 * the filter's counts per status when the caller has them.
 */
export async function readProgress(
  db: Db,
  filter: FindingFilter,
  inFilter?: FindingCount[],
): Promise<Progress> {
  inFilter ??= await countFindings(db, { ...filter, status: null });
  const rows = (await db.query<{ what: string; name: string; count: number }>(PROGRESS_SQL())).rows;
  const store = rows.filter((r) => r.what === 'status').map((r) => ({ status: r.name, count: r.count }));
  const reviewers = rows
    .filter((r) => r.what === 'reviewer')
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1))
    .map((r): [string, number] => [r.name, r.count]);
  return { filter: tally(inFilter), store: tally(store), reviewers };
}

function readGroups(db: Db, filter: FindingFilter, limit: number, offset: number): Promise<GroupRow[]> {
  const sql = MATCHING() + GROUPED() + GROUP_LIST();
  const params = pagedParams({ ...filter, limit, offset });
  return readOnlyOn(db, async (c) => (await c.query<GroupRow>(sql, params)).rows);
}

/** One page of the list in its view, the counts of every matching finding and the progress. */
export function readListPage(pool: pg.Pool, q: ListQuery): Promise<ListPage> {
  const filter = toFindingFilter(q);
  const [limit, offset] = [q.size, (q.page - 1) * q.size];
  return transaction(pool, 'read only snapshot', async (client) => {
    // One count without kind and status serves the list's counts, the kind menu and the progress.
    const broad = await countFindings(client, { ...filter, kind: null, status: null });
    const kindOk = (c: FindingCount): boolean => q.kind === null || c.kind === q.kind;
    const statusOk = (c: FindingCount): boolean => q.status === null || c.status === q.status;
    const counts = broad.filter((c) => kindOk(c) && statusOk(c));
    const kindCounts = broad.filter(statusOk);
    const total = counts.reduce((n, c) => n + c.count, 0);
    const groups = q.view === 'groups' ? await readGroups(client, filter, limit, offset) : [];
    const findings = q.view === 'findings' ? await listFindings(client, { ...filter, limit, offset }) : [];
    // A page past the end has no row to carry the group total: count from the first page then.
    let items = q.view === 'findings' ? total : (groups[0]?.total_groups ?? 0);
    if (q.view === 'groups' && groups.length === 0 && offset > 0)
      items = (await readGroups(client, filter, 1, 0))[0]?.total_groups ?? 0;
    const progress = await readProgress(client, filter, broad.filter(kindOk));
    return { findings, groups, counts, kindCounts, total, items, progress };
  });
}

/** An item of a list: a finding, or a cause group. */
export interface ItemRef {
  type: 'finding' | 'group';
  id: string;
}

/** The item at position `pos` (from 0) of the filter's list in its view, or null past the end. */
export async function itemAt(db: Db, q: ListQuery, pos: number): Promise<ItemRef | null> {
  if (pos < 0) return null;
  const filter = toFindingFilter(q);
  if (q.view === 'groups') {
    const [g] = await readGroups(db, filter, 1, pos);
    return g ? { type: 'group', id: g.group_id } : null;
  }
  const [f] = await listFindings(db, { ...filter, limit: 1, offset: pos });
  return f ? { type: 'finding', id: f.id } : null;
}

/**
 * Where to go after a decision on the item at `pos`: the open item now at that position of the
 * filter's open list (the decided one has left it), else the first open one; null when none is open.
 */
export async function nextOpen(db: Db, q: ListQuery, pos: number | null): Promise<[ItemRef, number] | null> {
  const open = { ...q, status: 'open' };
  const at = pos === null ? null : await itemAt(db, open, pos);
  if (at) return [at, pos!];
  const first = await itemAt(db, open, 0);
  return first ? [first, 0] : null;
}

/** The matching members of a cause group (none: no such group under this filter). */
export function readGroupMembers(db: Db, filter: FindingFilter, groupId: string): Promise<GroupMember[]> {
  return groupMembers(db, groupId, { ...filter, sort: 'job' });
}

/** The notes already given to findings of a kind, most used first. */
export async function savedNotes(db: Db, kind: string): Promise<string[]> {
  return (await db.query<{ note: string }>(NOTES_SQL(), [kind])).rows.map((r) => r.note);
}

/** The session role, and whether it may record decisions. */
export async function decideRights(db: Db): Promise<{ role: string; canDecide: boolean }> {
  const { rows } = await db.query<{ role: string; can_decide: boolean }>(CAN_DECIDE_SQL());
  return { role: rows[0]!.role, canDecide: rows[0]!.can_decide };
}
