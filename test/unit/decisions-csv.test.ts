/** The decisions CSV reader (findings apply): pure, so spreadsheets' quirks are checked without a database. */
import test from 'ava';
import { describeProblem, parseDecisionsCsv } from '../../src/findings/decisions-csv.ts';

test('decisions CSV: BOM, semicolons, CRLF inside quotes, rows without decisions skipped; rows count as a spreadsheet shows them', (t) => {
  const text = '\uFEFFid;Decision;note\r\nF1;ACK;"two\r\nlines"\r\nF2;;\r\n\r\nF3;reopen;\r\n';
  t.deepEqual(parseDecisionsCsv(text), {
    decisions: [
      { id: 'F1', decision: 'acknowledged', note: 'two\nlines', row: 2 },
      { id: 'F3', decision: 'open', note: null, row: 5 },
    ],
    problems: [],
  });
  t.deepEqual(parseDecisionsCsv('id,decision\n"F1,ack\n').problems.length, 1);
  t.deepEqual(parseDecisionsCsv('').problems, [{ row: 1, id: null, message: 'no header row' }]);
});

test('decisions CSV: every problem names its spreadsheet row and finding id; no decision is half read', (t) => {
  const text =
    'note,ID,decision,x\nn,F1,ack,\n,F2,drop,\nlonely note,F3,,\n,,resolve,\n,F1,reopen,\n,F4,ack\n';
  t.deepEqual(parseDecisionsCsv(text), {
    decisions: [{ id: 'F1', decision: 'acknowledged', note: 'n', row: 2 }],
    problems: [
      { row: 3, id: 'F2', message: 'unknown decision "drop" (ack, resolve, reopen)' },
      { row: 4, id: 'F3', message: 'a note but no decision (ack, resolve, reopen)' },
      { row: 5, id: null, message: 'a decision but no finding id' },
      { row: 6, id: 'F1', message: 'a second decision for this finding (the first is on row 2)' },
      { row: 7, id: 'F4', message: '3 field(s), the header has 4' },
    ],
  });
  t.deepEqual(parseDecisionsCsv('id,id,decision\n').problems.map(describeProblem), [
    'row 1: column "id" appears 2 times',
  ]);
});

test('decisions CSV: a note cell spanning several lines does not shift the rows after it', (t) => {
  const note = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
  const text = `id,decision,note\nF1,ack,"${note}"\nF2,maybe,\n`;
  const { problems } = parseDecisionsCsv(text);
  t.deepEqual(problems.map(describeProblem), [
    'row 3, finding F2: unknown decision "maybe" (ack, resolve, reopen)',
  ]);
});
