/**
 * Reads a reviewer's decisions from a CSV (the report's CSV with its `decision` and `note` columns
 * filled in, e.g. in a spreadsheet). Pure: text in, decisions and one message per problem out, each
 * naming its record as the row a spreadsheet shows (the header is row 1; a cell spanning several
 * lines is still one row) and the finding id when the row has one. Columns other than id, decision
 * and note are ignored; rows without a decision are skipped. A spreadsheet's byte-order mark, CRLF
 * line ends and `;` separators are accepted.
 */
import { parse } from 'csv-parse/sync';
import type { ListedDecision } from './decide.ts';
import { DECISION_VERBS } from './store.ts';

export interface RowDecision extends ListedDecision {
  /** The spreadsheet row: the header is row 1. */
  row: number;
}

export interface CsvProblem {
  row: number;
  /** The row's finding id, when it has one. */
  id: string | null;
  message: string;
}

export interface DecisionsCsv {
  decisions: RowDecision[];
  /** In row order. */
  problems: CsvProblem[];
}

/** `row 7, finding F1234: what is wrong` (or `row 7: ...` without an id). */
export function describeProblem(p: CsvProblem): string {
  return `row ${p.row}${p.id ? `, finding ${p.id}` : ''}: ${p.message}`;
}

const problem = (row: number, message: string, id: string | null = null): CsvProblem => ({
  row,
  id,
  message,
});

const VERBS = Object.keys(DECISION_VERBS).join(', ');

export function parseDecisionsCsv(text: string): DecisionsCsv {
  // CRLF inside quoted cells would be counted as two lines by the parser: one line end everywhere.
  const normalized = text.replace(/\r\n/g, '\n');
  let records: string[][];
  try {
    // Empty lines are kept as records: a spreadsheet shows them as rows, so they count.
    records = parse(normalized, {
      bom: true,
      delimiter: separatorOf(normalized),
      relax_column_count: true,
    }) as string[][];
  } catch (err) {
    const e = err as { records?: number; message: string };
    return { decisions: [], problems: [problem((e.records ?? 0) + 1, e.message)] };
  }
  const [head, ...rows] = records;
  if (!head) return { decisions: [], problems: [problem(1, 'no header row')] };
  const columns = headerColumns(head);
  if (typeof columns === 'string') return { decisions: [], problems: [problem(1, columns)] };
  return readRows(rows, head.length, columns);
}

/** `;` when the header row has semicolons and no comma (a spreadsheet in a comma-decimal locale). */
function separatorOf(text: string): string {
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  return first.includes(';') && !first.includes(',') ? ';' : ',';
}

interface Columns {
  id: number;
  decision: number;
  note: number | undefined;
}

function headerColumns(header: string[]): Columns | string {
  const names = header.map((h) => h.trim().toLowerCase());
  const at = (name: string): number | undefined | string => {
    const found = names.flatMap((n, i) => (n === name ? [i] : []));
    if (found.length > 1) return `column "${name}" appears ${found.length} times`;
    return found[0];
  };
  const [id, decision, note] = [at('id'), at('decision'), at('note')];
  for (const c of [id, decision, note]) if (typeof c === 'string') return c;
  if (id === undefined || decision === undefined)
    return `the header needs "id" and "decision" columns (and may have "note"); it has ${names.join(', ')}`;
  return { id: id as number, decision: decision as number, note: note as number | undefined };
}

function readRows(rows: string[][], width: number, columns: Columns): DecisionsCsv {
  const decisions: RowDecision[] = [];
  const problems: CsvProblem[] = [];
  const firstRow = new Map<string, number>();
  rows.forEach((record, index) => {
    const row = index + 2;
    if (record.length === 1 && record[0] === '') return; // an empty row
    const wrong = rowProblem(record, width, columns, firstRow);
    if (wrong) problems.push(problem(row, wrong, record[columns.id]?.trim() || null));
    const decided = wrong ? null : rowDecision(record, columns);
    if (!decided) return;
    firstRow.set(decided.id, row);
    decisions.push({ ...decided, row });
  });
  return { decisions, problems };
}

function rowProblem(
  record: string[],
  width: number,
  columns: Columns,
  firstRow: Map<string, number>,
): string | null {
  if (record.length !== width) return `${record.length} field(s), the header has ${width}`;
  const id = record[columns.id]!.trim();
  const verb = record[columns.decision]!.trim().toLowerCase();
  const note = columns.note === undefined ? '' : record[columns.note]!.trim();
  if (verb === '') return note === '' ? null : `a note but no decision (${VERBS})`;
  if (!(verb in DECISION_VERBS)) return `unknown decision "${record[columns.decision]}" (${VERBS})`;
  if (id === '') return 'a decision but no finding id';
  const earlier = firstRow.get(id);
  return earlier === undefined ? null : `a second decision for this finding (the first is on row ${earlier})`;
}

function rowDecision(record: string[], columns: Columns): ListedDecision | null {
  const verb = record[columns.decision]!.trim().toLowerCase();
  if (verb === '') return null;
  const note = columns.note === undefined ? '' : record[columns.note]!.trim();
  return {
    id: record[columns.id]!.trim(),
    decision: DECISION_VERBS[verb as keyof typeof DECISION_VERBS],
    note: note === '' ? null : note,
  };
}
