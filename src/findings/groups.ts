/**
 * Cause groups: findings that share one cause (the registry's `cause`, stored in
 * reconciliation.cause_key; view finding_causes) are listed and decided as one. A kind without cause
 * keys makes each finding a group of one. Deciding a group is one batch (scope group), like any
 * decision on a filter.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { type Decision, type DecisionOutcome, decideMatching } from './decide.ts';
import {
  type FindingFilter,
  listFindings,
  MATCHING,
  pagedParams,
  readOnlyOn,
  type StoredFinding,
} from './store.ts';

const sqlFile = sqlFolder(import.meta.url);
const GROUPS_SQL = sqlFile('list-groups.sql');

export interface GroupMember {
  job_id: string;
  job_number: string | null;
  status: string;
}

export interface FindingGroup {
  /** The group's key: the kind and the values that name the cause, or the kind and a finding id. */
  cause_key: string;
  kind: string;
  severity: string;
  /** Members the filter matches, and how many of them are open. */
  count: number;
  open: number;
  /** Every matching member by finding id. */
  members: Record<string, GroupMember>;
}

/** The cause groups of the findings a filter matches (its limit and offset count groups). */
export function listGroups(
  pool: pg.Pool | pg.ClientBase,
  filter: FindingFilter = {},
): Promise<FindingGroup[]> {
  return readOnlyOn(
    pool,
    async (c) => (await c.query<FindingGroup>(MATCHING() + GROUPS_SQL(), pagedParams(filter))).rows,
  );
}

/** The members of one group the filter matches, in the list's order. */
export function groupMembers(
  pool: pg.Pool | pg.ClientBase,
  cause: string,
  filter: FindingFilter = {},
): Promise<StoredFinding[]> {
  return listFindings(pool, { ...filter, cause });
}

/** One decision on every member of a group the filter matches: one batch (see decideMatching). */
export function decideGroup(
  pool: pg.Pool,
  cause: string,
  filter: FindingFilter,
  d: Decision,
  expected?: { count: number; version?: string | null },
): Promise<DecisionOutcome> {
  return decideMatching(pool, { ...filter, cause }, d, expected);
}
