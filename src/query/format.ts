/**
 * Output formats for preset rows. Pure: each formatter turns columns and pages of rows into text
 * chunks, so the runner streams and the tests need no database. json is one array written as it
 * goes; ndjson one object per line; csv with a header row; table (cli-table3) has to see every row
 * to size its columns, so it is the one format that holds the whole result: meant for a terminal.
 */
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface Formatter {
  begin(columns: string[]): string;
  page(rows: unknown[][]): string;
  end(): string;
}

/** table when a person is looking (stdout is a terminal), json for programs. */
export function defaultFormat(isTTY: boolean | undefined): Format {
  return isTTY ? 'table' : 'json';
}

export function createFormatter(format: Format): Formatter {
  switch (format) {
    case 'json':
      return jsonFormatter();
    case 'ndjson':
      return ndjsonFormatter();
    case 'csv':
      return csvFormatter();
    case 'table':
      return tableFormatter();
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
  columns.forEach((name, i) => (object[name] = row[i] ?? null));
  return object;
}

function jsonFormatter(): Formatter {
  let columns: string[] = [];
  let first = true;
  return {
    begin(names) {
      columns = names;
      return '[';
    },
    page(rows) {
      let out = '';
      for (const row of rows) {
        out += (first ? '\n' : ',\n') + JSON.stringify(toObject(columns, row));
        first = false;
      }
      return out;
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}

function ndjsonFormatter(): Formatter {
  let columns: string[] = [];
  return {
    begin(names) {
      columns = names;
      return '';
    },
    page: (rows) => rows.map((row) => JSON.stringify(toObject(columns, row)) + '\n').join(''),
    end: () => '',
  };
}

function csvFormatter(): Formatter {
  return {
    begin: (names) => stringify([names]),
    page: (rows) => stringify(rows.map((row) => row.map(cellText))),
    end: () => '',
  };
}

function tableFormatter(): Formatter {
  let table: Table.Table | null = null;
  let count = 0;
  return {
    begin(names) {
      table = new Table({ head: names, style: { head: [], border: [], compact: true } });
      return '';
    },
    page(rows) {
      for (const row of rows) table!.push(row.map(cellText));
      count += rows.length;
      return '';
    },
    end: () => `${table!.toString()}\n${count} row(s)\n`,
  };
}
