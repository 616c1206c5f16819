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

/** The width text tables must fit: the terminal's, unless `wide` or stdout is not a terminal (none). */
export function tableWidth(wide = false, stream: NodeJS.WriteStream = process.stdout): number | undefined {
  if (wide || !stream.isTTY) return undefined;
  return stream.columns || 80;
}

export interface TextTableOptions {
  /** Fit this many columns (undefined: every value whole, as wide as it takes). */
  width?: number;
  aligns?: ('left' | 'right')[];
}

// Loaded when a table is drawn, through its CommonJS build: light modules importing this one stay light.
const require = createRequire(import.meta.url);

/** A borderless-head text table (cli-table3 compact), its cells escaped, fitted to `width` if given. */
export function textTable(head: string[], rows: unknown[][], options: TextTableOptions = {}): string {
  const Table = require('cli-table3') as typeof CliTable;
  const cells = rows.map((row) => row.map(cellText));
  const heads = head.map(escapeControl);
  const table = new Table({
    head: heads,
    style: { head: [], border: [], compact: true },
    ...(options.aligns ? { colAligns: options.aligns } : {}),
    ...(options.width ? { colWidths: fitWidths([heads, ...cells], options.width) } : {}),
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return escapeControl(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

// A column shrinks no narrower than this (content plus the ellipsis), unless its content is narrower.
const MIN_CONTENT = 6;

/**
 * cli-table3 column widths (content plus a space either side) that fit `width` with the borders:
 * columns that fit keep their natural width, the widest are capped at one common limit. When even the
 * minimum does not fit (a very narrow terminal), every column takes the minimum and the line overflows.
 */
export function fitWidths(rows: string[][], width: number): number[] {
  const natural = rows[0]!.map((_, i) => Math.max(1, ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const available = width - (natural.length + 1) - 2 * natural.length;
  const total = (cap: number) => natural.reduce((sum, w) => sum + Math.min(w, cap), 0);
  let cap = Math.max(...natural);
  if (total(cap) > available) {
    // The largest cap that fits: lower it step by step from the widest column (cheap: a few hundred).
    while (cap > MIN_CONTENT && total(cap) > available) cap--;
  }
  return natural.map((w) => Math.min(w, cap) + 2);
}
