/**
 * Text for a terminal, in one place: every text cell and value goes through escapeControl (so hostile
 * legacy data cannot move the cursor, retitle the window or hide text), and every text table through
 * textTable, which fits it to the terminal's width by shortening the widest cells with an ellipsis.
 * Data formats (--json, ndjson, csv to a file) never come here: they keep exact values.
 */
import { createRequire } from 'node:module';
import type CliTable from 'cli-table3';

// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text (bidi
// overrides and isolates, zero-width marks, line and paragraph separators, the BOM).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters shown as escapes (`\x1b`, `\n`, `\u202e`), never written raw. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
  });
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

// East Asian wide and fullwidth ranges and most emoji: two columns each on a terminal.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/** Columns a string takes on a terminal (wide characters count two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += WIDE.test(c) ? 2 : 1;
  return width;
}

/** Long operations report `done` of `total` units (job folders, jobs, steps) for a progress bar. */
export type OnProgress = (done: number, total: number) => void;

/** The width text tables must fit: the terminal's, unless `wide` or stdout is not a terminal (none). */
export function tableWidth(wide = false, stream: NodeJS.WriteStream = process.stdout): number | undefined {
  if (wide || !stream.isTTY) return undefined;
  return stream.columns || 80;
}

/** How a column gives way when a table is too wide: shortened with an ellipsis (default), kept, wrapped. */
export type ColumnFit = 'shorten' | 'keep' | 'wrap';

export interface TextTableOptions {
  /** Fit this many columns (undefined: every value whole, as wide as it takes). */
  width?: number;
  aligns?: ('left' | 'right')[];
  /** Per column; an id a person types next (`findings show <id>`) is kept, a long summary wrapped. */
  fit?: ColumnFit[];
}

// Loaded when a table is drawn, through its CommonJS build: light modules importing this one stay light.
const require = createRequire(import.meta.url);

/** A compact cli-table3 table, its cells escaped, fitted to `width` if given. */
export function textTable(head: string[], rows: unknown[][], options: TextTableOptions = {}): string {
  const Table = require('cli-table3') as typeof CliTable;
  let cells = rows.map((row) => row.map(cellText));
  const heads = head.map(escapeControl);
  const fit = head.map((_, i) => options.fit?.[i] ?? 'shorten');
  const colWidths = options.width ? fitWidths([heads, ...cells], options.width, fit) : undefined;
  if (options.width && colWidths && shortenedBelowUse(colWidths, [heads, ...cells], fit))
    return expandedRecords(heads, cells, options.width);
  // Shortened here, by display width, so only the wrap columns are left to cli-table3's wrapping.
  if (colWidths)
    cells = cells.map((row) => row.map((c, i) => (fit[i] === 'wrap' ? c : shorten(c, colWidths[i]! - 2))));
  const table = new Table({
    head: heads,
    style: { head: [], border: [], compact: true },
    ...(options.aligns ? { colAligns: options.aligns } : {}),
    ...(colWidths ? { colWidths, wordWrap: fit.includes('wrap') } : {}),
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

// Content narrower than this in a shortened column says nothing: the table turns into records.
const USEFUL_CONTENT = 8;

function shortenedBelowUse(colWidths: number[], rows: string[][], fit: ColumnFit[]): boolean {
  return colWidths.some(
    (w, i) => fit[i] === 'shorten' && w - 2 < USEFUL_CONTENT && rows.some((r) => displayWidth(r[i]!) > w - 2),
  );
}

/**
 * psql's expanded display (`\x`), for a table too wide to be read as one: a `-[ RECORD n ]` line per
 * row, then one `column │ value` line per column, values shortened to the width.
 */
function expandedRecords(head: string[], rows: string[][], width: number): string {
  const nameWidth = Math.min(Math.max(...head.map(displayWidth)), Math.floor(width / 3));
  const valueWidth = Math.max(USEFUL_CONTENT, width - nameWidth - 3);
  const lines: string[] = [];
  for (const [n, row] of rows.entries()) {
    const title = `-[ RECORD ${n + 1} ]`;
    lines.push(`${title}${'-'.repeat(Math.max(0, width - 1 - title.length))}`);
    for (const [i, name] of head.entries()) {
      const label = shorten(name, nameWidth);
      const pad = ' '.repeat(nameWidth - displayWidth(label));
      lines.push(`${label}${pad} │ ${shorten(row[i] ?? '', valueWidth)}`);
    }
  }
  return lines.join('\n');
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return escapeControl(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** `text` cut to `width` columns, its last one an ellipsis when anything was cut. */
export function shorten(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const c of text) {
    const w = WIDE.test(c) ? 2 : 1;
    if (used + w > width - 1) break;
    out += c;
    used += w;
  }
  return `${out}…`;
}

// A column shrinks no narrower than this (two characters and the ellipsis): a table of many columns
// still fits (six columns each with borders and padding) and --wide shows it whole.
const MIN_CONTENT = 3;

/**
 * cli-table3 column widths (content plus a space either side) that fit `width` with the borders: kept
 * columns and those that fit keep their natural width, the widest others are capped at one common
 * limit. When even the minimum does not fit (a very narrow terminal), the line overflows.
 */
export function fitWidths(rows: string[][], width: number, fit: ColumnFit[] = []): number[] {
  const natural = rows[0]!.map((_, i) => Math.max(1, ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const available = width - (natural.length + 1) - 2 * natural.length;
  const capped = (w: number, i: number, cap: number) => (fit[i] === 'keep' ? w : Math.min(w, cap));
  const total = (cap: number) => natural.reduce((sum, w, i) => sum + capped(w, i, cap), 0);
  // The largest cap that fits: lowered one column at a time from the widest (a few hundred steps).
  let cap = Math.max(...natural);
  while (cap > MIN_CONTENT && total(cap) > available) cap--;
  return natural.map((w, i) => capped(w, i, cap) + 2);
}
