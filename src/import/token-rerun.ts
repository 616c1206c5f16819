/**
 * A run that knows tokens the earlier runs did not (tokens.json repaired, a token issued since) leaves
 * no copy behind (docs/security.md "Tokens", reruns). Before any folder is read, every stored value
 * holding a token-shaped word of a newly learnt token (schema/018 jobmig_token_copies) is rewritten
 * redacted, so identity keys match what this run computes; then job folders and storage-root files are
 * read again, because the token set is part of their fingerprints. Values the database refuses to
 * change (append-only events, archived finals) stay, and `jobmig verify` names them.
 */
import type pg from 'pg';
import { inClientTransaction } from '../db/transaction.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { type KnownTokens, type Redactor, TOKEN_WORD_SOURCE, tokenSha256 } from '../util/token-redact.ts';

const TOKEN_COPIES_SQL = sqlFolder(import.meta.url)('token-copies.sql');

interface Copy {
  table_name: string;
  column_name: string;
  row_ctid: string;
}

/** How many stored rows were rewritten; nothing is looked at when this run learnt no token. */
export async function redactStoredCopies(
  client: pg.ClientBase,
  before: KnownTokens,
  redactor: Redactor,
): Promise<number> {
  const stored = new Set(before.hashes);
  const learnt = [...redactor.hashes].filter((h) => !stored.has(h));
  if (learnt.length === 0) return 0;
  return inClientTransaction(client, 'read write', async () => {
    // Identity keys hold lower-cased copies: the database finds those by their own hashes.
    const folded = redactor.known.plaintexts.map((p) => tokenSha256(p.toLowerCase()));
    const hashes = [...new Set([...learnt, ...folded])];
    const { rows } = await client.query<Copy>(TOKEN_COPIES_SQL(), [TOKEN_WORD_SOURCE, hashes]);
    // One statement per row: an UPDATE moves the row, so a second one by the old ctid would miss it.
    const byRow = new Map<string, { table: string; ctid: string; columns: string[] }>();
    for (const r of rows) {
      const key = `${r.table_name}\0${r.row_ctid}`;
      const row = byRow.get(key) ?? { table: r.table_name, ctid: r.row_ctid, columns: [] };
      row.columns.push(r.column_name);
      byRow.set(key, row);
    }
    let rewritten = 0;
    for (const row of byRow.values()) rewritten += await rewrite(client, row, redactor);
    return rewritten;
  });
}

/** One row's values redacted in place; a refusal (an append-only table) is rolled back to its savepoint. */
async function rewrite(
  client: pg.ClientBase,
  row: { table: string; ctid: string; columns: string[] },
  redactor: Redactor,
): Promise<number> {
  const table = client.escapeIdentifier(row.table);
  const columns = row.columns.map((c) => client.escapeIdentifier(c));
  const read = columns.map((c, i) => `${c} AS v${i}, pg_typeof(${c})::text AS t${i}`).join(', ');
  const { rows } = await client.query(`SELECT ${read} FROM ${table} WHERE ctid = $1::tid`, [row.ctid]);
  if (rows.length === 0) return 0;
  const values = columns.map((_, i) => redactValue(rows[0][`v${i}`], rows[0][`t${i}`], redactor));
  const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
  await client.query('SAVEPOINT token_copy');
  try {
    await client.query(`UPDATE ${table} SET ${set} WHERE ctid = $1::tid`, [row.ctid, ...values]);
    await client.query('RELEASE SAVEPOINT token_copy');
    return 1;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT token_copy');
    return 0;
  }
}

/** A text, text[] or JSON value as pg returns it, redacted; JSON goes back as JSON text. */
function redactValue(value: unknown, type: string, redactor: Redactor): unknown {
  if (type === 'json' || type === 'jsonb') return JSON.stringify(redactor.json(value).value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? redactor.text(v) : v));
  return typeof value === 'string' ? redactor.text(value) : value;
}
