/**
 * COPY ... FROM STDIN in PostgreSQL's text format, streamed with pg-copy-streams.
 * The text format escapes backslash, newline, carriage return and tab; \N is NULL.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NEEDS_ESCAPE = /[\\\n\r\t]/g;

/** One value as a COPY text field. Values of jsonb columns are written as JSON, other arrays as text[] literals. */
export function copyField(value: unknown, json = false): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (json) text = JSON.stringify(value);
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (Array.isArray(value)) text = arrayLiteral(value);
  else text = JSON.stringify(value);
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c]!);
}

/** A text[] value: every element double-quoted, so commas, braces, spaces and "NULL" stay text. */
function arrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => (v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** Columns whose values are stored as jsonb: a JSON string must be quoted, not written bare. */
export const JSON_COLUMNS = new Set([
  'record',
  'manifest',
  'review',
  'meta',
  'payload',
  'source_values',
  'paths',
  'raw',
  'profile_summary',
]);

export function copyLine(row: Record<string, unknown>, columns: readonly string[]): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    if (i > 0) line += '\t';
    line += copyField(row[column], JSON_COLUMNS.has(column));
  }
  return line + '\n';
}

function* copyLines(rows: Iterable<Record<string, unknown>>, columns: readonly string[]): Generator<string> {
  for (const row of rows) yield copyLine(row, columns);
}

/** COPY rows into `table` (a trusted identifier from this codebase, never user input). */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>>,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(joinChunks(copyLines(rows, columns))), stream);
}

/** COPY text already encoded with copyLine (e.g. on a worker thread), streamed in the chunks given. */
export async function copyText(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string>,
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(joinChunks(chunks)), stream);
}

/** Many small texts become writes of about 256 KB: neither one huge string nor a write per line. */
function* joinChunks(texts: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const text of texts) {
    chunk += text;
    if (chunk.length >= 262_144) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
