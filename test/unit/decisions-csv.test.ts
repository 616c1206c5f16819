/** The decisions CSV reader (findings apply): pure, so spreadsheets' quirks are checked without a database. */
import test from 'ava';
import { parseDecisionsCsv } from '../../src/reconcile/decisions-csv.ts';

test('decisions CSV: BOM, semicolons, CRLF inside quotes, rows without decisions skipped', (t) => {
  const text = '\uFEFFid;Decision;note\r\nF1;ACK;"two\r\nlines"\r\nF2;;\r\n\r\nF3;reopen;\r\n';
  t.deepEqual(parseDecisionsCsv(text), {
    decisions: [
      { id: 'F1', decision: 'acknowledged', note: 'two\nlines', line: 2 },
      { id: 'F3', decision: 'open', note: null, line: 6 },
    ],
    problems: [],
  });
  t.deepEqual(parseDecisionsCsv('id,decision\n"F1,ack\n').problems.length, 1);
  t.deepEqual(parseDecisionsCsv('').problems, ['line 1: no header row']);
});

test('decisions CSV: every problem is one line with its line number; no decision is half read', (t) => {
  const text =
    'note,ID,decision,x\nn,F1,ack,\n,F2,drop,\nlonely note,F3,,\n,,resolve,\n,F1,reopen,\n,F4,ack\n';
  t.deepEqual(parseDecisionsCsv(text), {
    decisions: [{ id: 'F1', decision: 'acknowledged', note: 'n', line: 2 }],
    problems: [
      'line 3: unknown decision "drop" (ack, resolve, reopen)',
      'line 4: a note but no decision (ack, resolve, reopen)',
      'line 5: a decision but no finding id',
      'line 6: finding F1 already has a decision on line 2',
      'line 7: 3 field(s), the header has 4',
    ],
  });
  t.deepEqual(parseDecisionsCsv('id,id,decision\n').problems, ['line 1: column "id" appears 2 times']);
});
