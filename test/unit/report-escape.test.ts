import test from 'ava';
import fc from 'fast-check';
import { csvSafeCell } from '../../src/util/csv-safe.ts';
import { escapeHtml, escapeMarkdown, jsonForScript } from '../../src/util/html.ts';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const unescapeHtml = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]!);

// Strings rich in the characters that matter, plus arbitrary unicode.
const hostile = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '&',
      '/',
      '=',
      ' ',
      'a',
      ';',
      '#',
      '|',
      '\\',
      '`',
      '*',
      '_',
      '[',
      ']',
      '~',
      '\n',
      '\r',
      '\u2028',
    ),
  }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);

test('escapeHtml: no <, >, ", \' survive and every & starts one of its entities', (t) => {
  fc.assert(
    fc.property(hostile, (s) => {
      const out = escapeHtml(s);
      return !/[<>"']/.test(out) && !/&(?!(amp|lt|gt|quot|#39);)/.test(out) && unescapeHtml(out) === s;
    }),
    { numRuns: 2000 },
  );
  t.is(
    escapeHtml(`<img src=x onerror="a('&')">`),
    '&lt;img src=x onerror=&quot;a(&#39;&amp;&#39;)&quot;&gt;',
  );
});

test('jsonForScript: no <, > or & in the output, and JSON.parse gives the same value back', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), hostile), (value) => {
      const out = jsonForScript(value);
      return !/[<>&\u2028\u2029]/.test(out) && JSON.stringify(JSON.parse(out)) === JSON.stringify(value);
    }),
    { numRuns: 1000 },
  );
  t.is(jsonForScript({ a: '</script><!--' }), '{"a":"\\u003c/script\\u003e\\u003c!--"}');
});

test('escapeMarkdown: no markup, no line break, no unescaped table or emphasis character', (t) => {
  const ESCAPED = /\\[\\`*_[\]|~]/g;
  fc.assert(
    fc.property(hostile, (s) => {
      const out = escapeMarkdown(s);
      const bare = out.replace(ESCAPED, '').replace(/<br>/g, '');
      return !/[<>\n\r]/.test(bare) && !/[\\`*_[\]|~]/.test(bare) && !/&(?!(amp|lt|gt);)/.test(bare);
    }),
    { numRuns: 2000 },
  );
  t.is(escapeMarkdown('a|b\n<i>*x*</i>'), 'a\\|b<br>&lt;i&gt;\\*x\\*&lt;/i&gt;');
});

test('csvSafeCell: a cell never starts a formula, plain numbers stay, nothing else changes', (t) => {
  fc.assert(
    fc.property(
      fc.oneof(
        hostile,
        fc.double().map(String),
        fc.string().map((x) => `-${x}`),
      ),
      (s) => {
        const out = csvSafeCell(s);
        const unchanged = out === s;
        const plainNumber = s.trim() === s && s !== '' && Number.isFinite(Number(s));
        return unchanged ? !/^[=+\-@\t\r]/.test(s) || plainNumber : out === `'${s}`;
      },
    ),
    { numRuns: 2000 },
  );
  t.is(csvSafeCell('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
  t.is(csvSafeCell('@SUM(A1)'), `'@SUM(A1)`);
  t.is(csvSafeCell('-122.68'), '-122.68');
  t.is(csvSafeCell('-1+cmd'), `'-1+cmd`);
  t.is(csvSafeCell('round_2'), 'round_2');
});
