/**
 * The token redactor (src/util/token-redact.ts): every copy of a known token, whole, inside a longer
 * string, padded, in another case or as a JSON key, becomes its hash label, and nothing else changes.
 */
import test from 'ava';
import fc from 'fast-check';
import { Redactor, tokenLabel, tokenSha256 } from '../../src/util/token-redact.ts';

const T = 'jmfx-live-dana-7Q2v9KdP4sWm8ZrT1bXc';
const U = 'Hs83LpQ0vNe5YtUa2Kgw-xyz_0123456789';
const LABEL = tokenLabel(tokenSha256(T));
const byPlaintext = new Redactor({ plaintexts: [T], hashes: [] });
const byHash = new Redactor({ plaintexts: [], hashes: [tokenSha256(T)] });

test('a token anywhere in a string becomes its label, whatever surrounds it', (t) => {
  for (const s of [T, `Bearer ${T}`, `token=${T}`, `rotate ${T}\n`, ` ${T} `, `xx${T}yy`, `${T}${T}`]) {
    const out = byPlaintext.text(s);
    t.false(out.includes(T), s);
    t.true(out.includes(LABEL), s);
  }
  t.is(byPlaintext.text(`Bearer ${T}`), `Bearer ${LABEL}`);
});

test('a case-folded copy of a plaintext token is a copy too', (t) => {
  t.is(byPlaintext.text(T.toLowerCase()), LABEL);
  t.is(byPlaintext.text(`name ${T.toUpperCase()}`), `name ${LABEL}`);
});

test('a stored hash catches the token as a whole word, when tokens.json could not be read', (t) => {
  t.is(byHash.text(`Bearer ${T}`), `Bearer ${LABEL}`);
  t.is(byHash.text(`token=${T}&x=1`), `token=${LABEL}&x=1`);
  t.is(byHash.text(T), LABEL);
});

test('strings without a token come back unchanged, and so does everything with no known token', (t) => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      if (s.toLowerCase().includes(T.toLowerCase())) return;
      t.is(byPlaintext.text(s), s);
      t.is(byHash.text(s), s);
      t.is(Redactor.none.text(s), s);
    }),
  );
});

test('no copy survives in any string built around a token, and the rest of the string is kept', (t) => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.boolean(), (before, after, upper) => {
      const s = `${before}${upper ? T.toUpperCase() : T}${after}`;
      const out = new Redactor({ plaintexts: [T, U], hashes: [] }).text(s);
      t.false(out.toLowerCase().includes(T.toLowerCase()));
      t.true(out.includes(LABEL));
    }),
  );
});

test('JSON values and keys are redacted at any depth, with the pointer of each copy', (t) => {
  const { value, hits } = byPlaintext.json({ a: [{ [T]: `auth ${T}` }], b: 1, c: null, d: 'plain' });
  t.deepEqual(value, { a: [{ [LABEL]: `auth ${LABEL}` }], b: 1, c: null, d: 'plain' });
  t.deepEqual(
    hits.map((h) => h.pointer),
    ['/a/0', `/a/0/${LABEL}`],
  );
  t.true(hits.every((h) => h.sha256 === tokenSha256(T)));
});

test('JSON text keeps its escapes: a token after an escaped newline is found, no escape is broken', (t) => {
  const text = JSON.stringify({ v: `\n${T}`, w: '\\ntext' });
  const out = byHash.jsonText(text);
  t.deepEqual(JSON.parse(out), { v: `\n${LABEL}`, w: '\\ntext' });
  const n = new Redactor({ plaintexts: [`n${T}`], hashes: [] });
  const escaped = JSON.stringify(`\n${T}`);
  t.is(n.jsonText(escaped), escaped);
});

test('a short plaintext is matched as a whole word only, so it cannot eat ordinary text', (t) => {
  const short = new Redactor({ plaintexts: ['abc'], hashes: [] });
  t.is(short.text('abc'), tokenLabel(tokenSha256('abc')));
  t.is(short.text('abcdef cabc'), 'abcdef cabc');
});

test('the fingerprint changes with the set of known tokens and not with how they were learnt', (t) => {
  t.is(byPlaintext.fingerprint, byHash.fingerprint);
  t.not(byPlaintext.fingerprint, new Redactor({ plaintexts: [T, U], hashes: [] }).fingerprint);
  t.is(Redactor.none.fingerprint, '');
});
