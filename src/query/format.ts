/**
 * Output formats for preset rows. Pure: each formatter turns columns and pages of rows into text
 * chunks, so the runner streams and the tests need no database. json is one array written as it
 * goes; ndjson one object per line; csv with a header row; table (cli-table3) has to see every row
 * to size its columns, so it is the one format that holds the whole result: meant for a terminal.
 * csv cells that would start a spreadsheet formula get a leading apostrophe (util/csv-safe.ts). On a
 * terminal (TerminalOptions), table is fitted to its width and table and csv cells show control
 * characters escaped (util/terminal.ts); written to a file or a pipe, every value stays exact.
 */
import { createRequire } from 'node:module';
import type { stringify as Stringify } from 'csv-stringify/sync';
import { csvSafeCell } from '../util/csv-safe.ts';
import { escapeControl, textTable } from '../util/terminal.ts';

import type { Format } from './formats.ts';

export { FORMATS, type Format } from './formats.ts';

export interface Formatter {
  begin(columns: string[]): string;
  page(rows: unknown[][]): string;
  end(): string;
}

/** table when a person is looking (stdout is a terminal), json for programs. */
export function defaultFormat(isTTY: boolean | undefined): Format {
  return isTTY ? 'table' : 'json';
}

/** How text is shown when stdout is a terminal (see the module comment); absent: exact values. */
export interface TerminalOptions {
  /** Fit table to this width (undefined: every value whole). */
  width?: number;
  /** Escape control characters in csv cells (table cells always are). */
  escape?: boolean;
}

export function createFormatter(format: Format, terminal: TerminalOptions = {}): Formatter {
  switch (format) {
    case 'json':
      return jsonFormatter();
    case 'ndjson':
      return ndjsonFormatter();
    case 'csv':
      return csvFormatter(terminal.escape ? escapeControl : (text) => text);
    case 'table':
      return tableFormatter(terminal.width);
  }
}

/** Text for one cell of csv or table: empty for NULL, JSON for objects and arrays. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toObject(columns: string[], row: unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [i, name] of columns.entries()) object[name] = row[i] ?? null;
  return object;
}

/**
 * Turns a row into exactly JSON.stringify(toObject(columns, row)), without building the object: each
 * key's `"name":` is made once per result and only the values are turned into JSON per row, plain
 * strings and numbers without a call to JSON.stringify (with the page joined once, json output of
 * pruning-candidates' 307,000 rows took half the time it took as an object per row). The keys
 * are those of an object built once by toObject, in its order, so what JavaScript does with a name
 * ("2" ahead of "a", a repeated name keeping its first place and its last value) happens here too.
 * A column named __proto__ makes the keys depend on the values (null or an object there replaces the
 * prototype, and a later __proto__ becomes an own key), so such results, and a row holding a value
 * JSON.stringify leaves out of an object (a function, a toJSON returning undefined), go through
 * toObject.
 */
function rowToJson(columns: string[]): (row: unknown[]) => string {
  if (columns.includes('__proto__')) return (row) => JSON.stringify(toObject(columns, row));
  const keys = Object.keys(
    toObject(
      columns,
      columns.map(() => 0),
    ),
  );
  if (keys.length === 0) return () => '{}';
  const sources = keys.map((key) => columns.lastIndexOf(key));
  const prefixes = keys.map((key, i) => (i === 0 ? '{' : ',') + JSON.stringify(key) + ':');
  const n = keys.length;
  return (row) => {
    let text = '';
    for (let i = 0; i < n; i++) {
      const value = jsonValue(row[sources[i]!]);
      if (value === undefined) return JSON.stringify(toObject(columns, row));
      text += prefixes[i]! + value;
    }
    return text + '}';
  };
}

// What JSON.stringify escapes in a string: quote, backslash, control characters and (as \uXXXX when
// unpaired) surrogates. Strings without any are written between quotes as they are.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(value ?? null), with the common cases (plain strings, numbers) done without the call. */
function jsonValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : '"' + value + '"';
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null || value === undefined ? 'null' : (JSON.stringify(value) as string | undefined);
  }
}

function jsonFormatter(): Formatter {
  let toJson: (row: unknown[]) => string = () => '';
  let first = true;
  return {
    begin(names) {
      toJson = rowToJson(names);
      return '[';
    },
    page(rows) {
      if (rows.length === 0) return '';
      // One join per page: a string grown row by row is a chain V8 has to flatten when it is written.
      const text = (first ? '\n' : ',\n') + rows.map(toJson).join(',\n');
      first = false;
      return text;
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}

function ndjsonFormatter(): Formatter {
  let toJson: (row: unknown[]) => string = () => '';
  return {
    begin(names) {
      toJson = rowToJson(names);
      return '';
    },
    page: (rows) => (rows.length === 0 ? '' : rows.map(toJson).join('\n') + '\n'),
    end: () => '',
  };
}

// The csv and table libraries are loaded (synchronously, through their CommonJS builds) only by the
// formatters that use them: `query --format json`, the default for programs, loads neither.
const require = createRequire(import.meta.url);

/** Cells are neutralised as in `jobmig report x.csv`: a value starting a formula is written as text. */
function csvFormatter(shown: (text: string) => string): Formatter {
  const { stringify } = require('csv-stringify/sync') as { stringify: typeof Stringify };
  const cell = (text: string) => shown(csvSafeCell(text));
  return {
    begin: (names) => stringify([names.map(cell)]),
    page: (rows) => stringify(rows.map((row) => row.map((value) => cell(cellText(value))))),
    end: () => '',
  };
}

function tableFormatter(width: number | undefined): Formatter {
  let head: string[] = [];
  const all: string[][] = [];
  return {
    begin(names) {
      head = names;
      return '';
    },
    page(rows) {
      for (const row of rows) all.push(row.map(cellText));
      return '';
    },
    end: () => `${textTable(head, all, { width })}\n${all.length} row(s)\n`,
  };
}
