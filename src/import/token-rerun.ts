/**
 * A run that knows tokens the earlier runs did not (tokens.json repaired, a new token issued) leaves
 * no copy behind: job folders and storage-root files are read again because the token set is part of
 * their fingerprints, and what a run never re-reads, the import issues of earlier runs, is redacted
 * again here (docs/security.md "Tokens", reruns).
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import type { KnownTokens, Redactor } from '../util/token-redact.ts';

const sqlFile = sqlFolder(import.meta.url);
const EARLIER_ISSUES_SQL = sqlFile('earlier-issues.sql');
const REWRITE_ISSUES_SQL = sqlFile('rewrite-issues.sql');

interface IssueText {
  id: string;
  path: string;
  pointer: string;
  message: string;
}

/** How many issues of earlier runs lost a token copy; none read when this run learnt no token. */
export async function redactEarlierIssues(
  client: pg.ClientBase,
  runId: number,
  before: KnownTokens,
  redactor: Redactor,
): Promise<number> {
  const stored = new Set(before.hashes);
  if (![...redactor.hashes].some((h) => !stored.has(h))) return 0;
  const { rows } = await client.query<IssueText>(EARLIER_ISSUES_SQL(), [runId]);
  const changed = rows.flatMap((r) => {
    const next = {
      id: r.id,
      path: redactor.text(r.path),
      pointer: redactor.text(r.pointer),
      message: redactor.text(r.message),
    };
    const same = next.path === r.path && next.pointer === r.pointer && next.message === r.message;
    return same ? [] : [next];
  });
  if (changed.length === 0) return 0;
  await client.query(REWRITE_ISSUES_SQL(), [
    changed.map((c) => c.id),
    changed.map((c) => c.path),
    changed.map((c) => c.pointer),
    changed.map((c) => c.message),
  ]);
  return changed.length;
}
