/**
 * The review app's pure parts: the escape-by-default template, the filter read from a query string
 * (unknown values refused, written back the same), the JSON view's marking and depth cap, and the
 * content type sniffed from bytes.
 */
import { fc, testProp } from '@fast-check/ava';
import test from 'ava';
import { sniffType } from '../../src/review/files.ts';
import { BadFilterError, parseListQuery, toSearch } from '../../src/review/filter.ts';
import { h } from '../../src/review/pages/html.ts';
import { highlighter, jsonView } from '../../src/review/pages/json-view.ts';
import { solidPng } from '../helpers/png.ts';

test('h escapes every interpolated value and keeps its own fragments', (t) => {
  const hostile = `"><script>x()</script>'&`;
  t.is(
    h`<a title="${hostile}">${[hostile, h`<b>${hostile}</b>`, null, false, 3]}</a>`.text,
    '<a title="&quot;&gt;&lt;script&gt;x()&lt;/script&gt;&#39;&amp;">&quot;&gt;&lt;script&gt;x()&lt;/script&gt;' +
      '&#39;&amp;<b>&quot;&gt;&lt;script&gt;x()&lt;/script&gt;&#39;&amp;</b>3</a>',
  );
});

testProp('property: no text interpolated into h leaves a markup character', [fc.string()], (t, s) => {
  t.false(/[<>"']/.test(h`<p>${s}</p>`.text.slice(3, -4)));
});

test('the filter: open by default, empty status means any, unknown values refused', (t) => {
  t.like(parseListQuery({}), { status: 'open', kind: null, page: 1 });
  t.like(parseListQuery({ status: '' }), { status: null });
  t.like(parseListQuery({ kind: 'geojson_drift', q: '  a b  ', page: '3' }), {
    kind: 'geojson_drift',
    text: 'a b',
    page: 3,
  });
  for (const bad of [
    { kind: 'nope' },
    { status: 'closed' },
    { severity: 'fatal' },
    { page: '0' },
    { page: 'x' },
  ]) {
    t.throws(() => parseListQuery(bad), { instanceOf: BadFilterError }, JSON.stringify(bad));
  }
  t.throws(() => parseListQuery({ q: 'x'.repeat(201) }), {
    instanceOf: BadFilterError,
    message: /text is longer/,
  });
  const q = parseListQuery({ kind: 'media_unplaced', status: '', job: 'job "1"&', q: 'a&b=c' });
  const back = parseListQuery(Object.fromEntries(new URLSearchParams(toSearch(q, 2))));
  t.deepEqual(back, { ...q, page: 2 });
});

test('the JSON view marks the field a finding names and leaves equal to its values; markup stays text', (t) => {
  const marks = highlighter({ field: 'tree_species', job_record: 'Oak', final: 'round_2', none: null });
  const html = jsonView(
    { tree_species: 'Elm', round_id: 'round_2', other: 'Oak', n: null, list: ['<b>x</b>', 2] },
    marks,
  ).text;
  t.deepEqual(
    [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]),
    ['&quot;Elm&quot;', '&quot;round_2&quot;', '&quot;Oak&quot;'],
  );
  t.true(html.includes('&quot;&lt;b&gt;x&lt;/b&gt;&quot;'));
  t.true(html.includes('<span class="leaf">null</span>'));
  let deep: unknown = 'bottom';
  for (let i = 0; i < 10_000; i++) deep = [deep];
  const elided = jsonView(deep, marks).text;
  t.true(elided.includes('<span class="elided">…</span>'));
  t.false(elided.includes('bottom'));
});

test('the served type comes from the bytes, never the name', (t) => {
  t.deepEqual(sniffType(solidPng(2, 2), 'x.jpg'), { contentType: 'image/png', inline: true });
  t.deepEqual(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a.bin'), {
    contentType: 'image/jpeg',
    inline: true,
  });
  t.deepEqual(sniffType(Buffer.from('<svg onload=x()>'), 'a.png'), {
    contentType: 'application/octet-stream',
    inline: false,
  });
  t.deepEqual(sniffType(Buffer.from('{"a":1}'), 'final.json'), {
    contentType: 'text/plain; charset=utf-8',
    inline: true,
  });
  t.deepEqual(sniffType(Buffer.from([0xc3, 0x28]), 'bad.json'), {
    contentType: 'application/octet-stream',
    inline: false,
  });
});
