/**
 * COPY ... FROM STDIN in PostgreSQL's text format, streamed with pg-copy-streams.
 * The text format escapes backslash, newline, carriage return and tab; \N is NULL.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Redactor } from '../util/token-redact.ts';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const NEEDS_ESCAPE = /[\\\n\r\t]/g;

/**
 * One value as a COPY text field. Values of json columns are written as JSON, other arrays as text[]
 * literals, bytes as bytea hex (`\x...`, its backslash escaped like any other).
 */
export function copyField(value: unknown, json = false, redactor: Redactor = Redactor.none): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Uint8Array) return `\\\\x${hex(value)}`;
  if (json) text = redactor.jsonText(JSON.stringify(value));
  else if (typeof value === 'string') text = redactor.text(value);
  else if (typeof value === 'boolean') text = value ? 't' : 'f';
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (Array.isArray(value))
    text = arrayLiteral(value.map((v) => (typeof v === 'string' ? redactor.text(v) : v)));
  else text = redactor.jsonText(JSON.stringify(value));
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c]!);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** A text[] value: every element double-quoted, so commas, braces, spaces and "NULL" stay text. */
function arrayLiteral(values: readonly unknown[]): string {
  const quoted = values.map((v) =>
    v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, '\\$&')}"`,
  );
  return `{${quoted.join(',')}}`;
}

/** A column to COPY: a bare name is written as plain text; `json` columns are written as JSON text. */
export type CopyColumn = string | { readonly name: string; readonly json?: boolean };

/** One row as a COPY text line: tab-separated fields, newline-terminated. */
export type CopyEncoder = (row: Record<string, unknown>) => string;

/**
 * The encoder of one column list, its names and JSON flags worked out once: it runs for every row
 * of an import (millions), so nothing per row looks a column up by name.
 */
export function copyEncoder(columns: readonly CopyColumn[], redactor = Redactor.none): CopyEncoder {
  const names = columns.map((c) => (typeof c === 'string' ? c : c.name));
  const json = columns.map((c) => typeof c !== 'string' && c.json === true);
  const n = names.length;
  return (row) => {
    let line = copyField(row[names[0]!], json[0], redactor);
    for (let i = 1; i < n; i++) line += '\t' + copyField(row[names[i]!], json[i], redactor);
    return line + '\n';
  };
}

export function copyLine(row: Record<string, unknown>, columns: readonly CopyColumn[]): string {
  return copyEncoder(columns)(row);
}

function* copyLines(rows: Iterable<Record<string, unknown>>, encode: CopyEncoder): Generator<string> {
  for (const row of rows) yield encode(row);
}

function copySql(table: string, columns: readonly CopyColumn[]): string {
  const names = columns.map((c) => (typeof c === 'string' ? c : c.name));
  return `COPY ${table} (${names.join(', ')}) FROM STDIN`;
}

/**
 * COPY rows into `table` (a trusted identifier from this codebase, never user input); with a
 * redactor, every text and JSON field loses its token copies on the way (docs/security.md "Tokens").
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly CopyColumn[],
  rows: Iterable<Record<string, unknown>>,
  redactor: Redactor = Redactor.none,
): Promise<void> {
  const stream = client.query(copyFrom(copySql(table, columns)));
  await pipeline(Readable.from(joinChunks(copyLines(rows, copyEncoder(columns, redactor)))), stream);
}

/** COPY text already encoded (copyEncoder), as UTF-8 (e.g. on a worker thread). */
export async function copyBytes(
  client: pg.ClientBase,
  table: string,
  columns: readonly CopyColumn[],
  parts: Iterable<Uint8Array>,
): Promise<void> {
  const stream = client.query(copyFrom(copySql(table, columns)));
  await pipeline(Readable.from(joinSmallParts(parts)), stream);
}

/**
 * Parts of 16 KB or more are written as they are (no copy: the batch's bytes are not duplicated in
 * memory); runs of smaller ones are joined into writes of about 64 KB instead of a write each.
 */
function* joinSmallParts(parts: Iterable<Uint8Array>): Generator<Uint8Array> {
  let small: Uint8Array[] = [];
  let size = 0;
  for (const part of parts) {
    if (part.length >= 16_384) {
      if (size > 0) yield Buffer.concat(small, size);
      small = [];
      size = 0;
      yield part;
      continue;
    }
    small.push(part);
    size += part.length;
    if (size >= 65_536) {
      yield Buffer.concat(small, size);
      small = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(small, size);
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
