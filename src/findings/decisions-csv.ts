/**
 * Reads a reviewer's decisions from a CSV (the report's CSV with its `decision` and `note` columns
 * filled in, e.g. in a spreadsheet). Pure: text in, decisions and one message per problem out, each
 * naming its line. Columns other than id, decision and note are ignored; rows without a decision are
 * skipped. A spreadsheet's byte-order mark, CRLF line ends and `;` separators are accepted.
 */
import { parse } from 'csv-parse/sync';
import { DECISION_VERBS, type ListedDecision } from './store.ts';

export interface LineDecision extends ListedDecision {
  line: number;
}

export interface DecisionsCsv {
  decisions: LineDecision[];
  /** `line N: what is wrong`, in line order. */
  problems: string[];
}

const VERBS = Object.keys(DECISION_VERBS).join(', ');

export function parseDecisionsCsv(text: string): DecisionsCsv {
  // CRLF inside quoted cells would be counted as two lines by the parser: one line end everywhere.
  const normalized = text.replace(/\r\n/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(normalized, {
      bom: true,
      delimiter: separatorOf(normalized),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    } as object) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { decisions: [], problems: [`line ${e.lines ?? 1}: ${e.message}`] };
  }
  const [head, ...rows] = records;
  if (!head) return { decisions: [], problems: ['line 1: no header row'] };
  const columns = headerColumns(head.record);
  if (typeof columns === 'string') return { decisions: [], problems: [`line 1: ${columns}`] };
  return readRows(rows, head.record.length, columns);
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

function readRows(
  rows: { record: string[]; info: { lines: number } }[],
  width: number,
  columns: Columns,
): DecisionsCsv {
  const decisions: LineDecision[] = [];
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of rows) {
    // info.lines is the record's last line; quoted cells may hold line breaks.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const problem = rowProblem(record, width, columns, firstLine);
    if (problem) problems.push(`line ${line}: ${problem}`);
    const decided = problem ? null : rowDecision(record, columns);
    if (!decided) continue;
    firstLine.set(decided.id, line);
    decisions.push({ ...decided, line });
  }
  return { decisions, problems };
}

function rowProblem(
  record: string[],
  width: number,
  columns: Columns,
  firstLine: Map<string, number>,
): string | null {
  if (record.length !== width) return `${record.length} field(s), the header has ${width}`;
  const id = record[columns.id]!.trim();
  const verb = record[columns.decision]!.trim().toLowerCase();
  const note = columns.note === undefined ? '' : record[columns.note]!.trim();
  if (verb === '') return note === '' ? null : `a note but no decision (${VERBS})`;
  if (!(verb in DECISION_VERBS)) return `unknown decision "${record[columns.decision]}" (${VERBS})`;
  if (id === '') return 'a decision but no finding id';
  const earlier = firstLine.get(id);
  return earlier === undefined ? null : `finding ${id} already has a decision on line ${earlier}`;
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
