import test from 'ava';
import {
  billingKey,
  identityKey,
  normalizeStatus,
  parseTreeNumber,
  treeKey,
} from '../../src/model/identity.ts';

test('identityKey folds case, surrounding and inner whitespace, and character width', (t) => {
  const key = 'acme parks dept';
  for (const spelling of [
    'Acme Parks Dept',
    ' acme parks dept ',
    'ACME PARKS DEPT',
    'Acme   Parks\tDept',
    'Acme\u00a0Parks Dept', // no-break space
    'Ａｃｍｅ　Ｐａｒｋｓ　Ｄｅｐｔ', // full-width letters and ideographic space
  ]) {
    t.is(identityKey(spelling), key, JSON.stringify(spelling));
  }
  t.not(identityKey('Acme Parks Department'), key);
});

test('identityKey: numbers are text, blanks and non-scalars are no identity', (t) => {
  t.is(identityKey(42), '42');
  for (const value of [null, undefined, '', '   ', '\t\n', ['Acme'], { name: 'Acme' }, true]) {
    t.is(identityKey(value), null, JSON.stringify(value));
  }
});

test('parseTreeNumber: integers, digit strings and spelled-out numbers', (t) => {
  const cases: Array<[unknown, number]> = [
    [3, 3],
    [0, 0],
    ['3', 3],
    ['003', 3],
    ['  7 ', 7],
    ['three', 3],
    ['Three', 3],
    ['twelve', 12],
    ['twenty', 20],
    ['twenty-one', 21],
    ['Twenty One', 21],
    ['ninety-nine', 99],
    ['Tree three', 3],
    ['number one', 1],
  ];
  for (const [value, expected] of cases) t.is(parseTreeNumber(value), expected, JSON.stringify(value));
});

test('parseTreeNumber: anything that is not a whole tree number is null', (t) => {
  for (const value of [
    null,
    undefined,
    -1,
    2.5,
    Number.NaN,
    '',
    '   ',
    'oak',
    'tree',
    'none',
    'hundred',
    'one-twenty', // units before tens
    'ten-one',
    'one two three',
    'twentyone',
    '1e3',
    '-3',
    '3.0',
    { n: 2 },
    ['3'],
  ]) {
    t.is(parseTreeNumber(value), null, JSON.stringify(value));
  }
});

test('treeKey: 3, "3", "003" and "three" are one tree; other text is kept normalized', (t) => {
  const keys = new Set([3, '3', '003', 'three', ' Three ', 'Tree three'].map(treeKey));
  t.deepEqual([...keys], ['3']);
  t.is(treeKey('twenty-one'), '21');
  t.is(treeKey(' Big  Oak '), 'big oak');
  t.is(treeKey(null), null);
  t.is(treeKey(''), null);
  t.is(treeKey({ n: 2 }), null);
});

test('billingKey: the three fields together, normalized; all absent is no profile', (t) => {
  const a = billingKey('Acme Parks Dept - Accounts Payable', 'PO Box 410, Lakeview, OR 97630', 'Jordan Pike');
  t.is(a, '["acme parks dept - accounts payable","po box 410, lakeview, or 97630","jordan pike"]');
  t.is(
    billingKey(' ACME PARKS DEPT - ACCOUNTS PAYABLE', 'po box 410,  lakeview, or 97630', 'JORDAN PIKE '),
    a,
  );
  t.is(billingKey('Acme', null, null), '["acme",null,null]');
  t.is(billingKey(null, null, 'Jordan'), '[null,null,"jordan"]');
  // Position matters: a name is not an address.
  t.not(billingKey('Acme', null, null), billingKey(null, 'Acme', null));
  t.is(billingKey(null, null, null), null);
  t.is(billingKey(undefined, '', '  '), null);
});

test('normalizeStatus: upper case, spaces and hyphens become underscores', (t) => {
  t.is(normalizeStatus('archived'), 'ARCHIVED');
  t.is(normalizeStatus('ARCHIVED'), 'ARCHIVED');
  t.is(normalizeStatus(' Archived '), 'ARCHIVED');
  t.is(normalizeStatus('Review Returned'), 'REVIEW_RETURNED');
  t.is(normalizeStatus('submitted_for_processing'), 'SUBMITTED_FOR_PROCESSING');
  t.is(normalizeStatus('submitted-for-processing'), 'SUBMITTED_FOR_PROCESSING');
  t.is(normalizeStatus('not  started'), 'NOT_STARTED');
  t.is(normalizeStatus(''), null);
  t.is(normalizeStatus('  '), null);
  t.is(normalizeStatus(null), null);
  t.is(normalizeStatus(3), null);
});

test('tree numbers with a prefix before digits, or in full-width digits, are the same tree', (t) => {
  for (const raw of ['Tree 3', 'tree #3', '#3', 'No. 3', '３', '０３']) t.is(parseTreeNumber(raw), 3, raw);
  t.is(treeKey('Tree 3'), treeKey(3));
});

test('billing keys keep their three parts apart even when a part contains the separator', (t) => {
  t.not(billingKey('A | B', 'C', null), billingKey('A', 'B | C', null));
});
