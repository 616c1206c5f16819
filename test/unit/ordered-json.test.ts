// ordered-json.ts: JSON read and written as it was written (key order, spellings).
import test from 'ava';
import fc from 'fast-check';
import { parseLegacyJson } from '../../src/legacy/parse-file.ts';
import { buildGeoJson, privacyLeaks } from '../../src/model/geojson.ts';
import { JsonObject, parseAsWritten, writeAsWritten } from '../../src/model/ordered-json.ts';

test('integer-like keys keep their place (a JS object would move them first)', (t) => {
  const text = '{\n  "b": 1,\n  "10": 2,\n  "a": {\n    "2": true,\n    "1": null\n  }\n}';
  t.deepEqual(Object.keys(JSON.parse(text)), ['10', 'b', 'a'], 'what JSON.parse does');
  t.is(writeAsWritten(parseAsWritten(text)), text);
});

test('scalars keep their spelling; layout is re-indented', (t) => {
  const text = '{"n":[1.0,1e2,-0,12.50,1E-7],"s":"caf\\u00e9 \\/ ok","t":true}';
  t.is(
    writeAsWritten(parseAsWritten(text)),
    '{\n  "n": [\n    1.0,\n    1e2,\n    -0,\n    12.50,\n    1E-7\n  ],\n  "s": "caf\\u00e9 \\/ ok",\n  "t": true\n}',
  );
});

test('a byte-order mark is skipped, CRLF and tabs are whitespace; the last duplicate key is the value', (t) => {
  const node = parseAsWritten('\ufeff{\r\n\t"k" : 1 ,"k":2}\r\n');
  t.true(node instanceof JsonObject);
  t.is(JSON.stringify((node as JsonObject).get('k')), '2');
  t.deepEqual(JSON.parse(JSON.stringify(node)), { k: 2 });
});

test('text that is not JSON is refused', (t) => {
  for (const bad of ['', '{', '{"a" 1}', '[1,]', '{"a":1}x', "{'a':1}", '01', '"\t"'])
    t.throws(() => parseAsWritten(bad), { instanceOf: SyntaxError }, JSON.stringify(bad));
});

test('property: plain values are written as JSON.stringify(v, null, 2) writes them', (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => writeAsWritten(v) === JSON.stringify(v, null, 2)),
    { numRuns: 300 },
  );
  t.pass();
});

test('property: JSON.stringify text reads back and writes out unchanged, and as the same value', (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v, null, 2);
      const node = parseAsWritten(text);
      return writeAsWritten(node) === text && JSON.stringify(node) === JSON.stringify(JSON.parse(text));
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('the GeoJSON of a snapshot as written keeps the privacy rule, duplicate keys included', (t) => {
  const text = `{"user_name":"Dana","report_images":[{"caption":"c","path":"p","stored_path":"/s","uploaded_at":null}],
    "form":{"data":{"client_tree_details":{"client":"A","tree_number":3,"client":"B","address_tree_location":"x",
    "assessors":"y","date":"d","time":"t","gps":{"latitude":45.0,"longitude":-122.0}},"trunk":{"10":1,"a":2}}}}`;
  const parsed = parseLegacyJson('final', new TextEncoder().encode(text), 'final.json');
  const out = writeAsWritten(buildGeoJson(parsed.value!, parseAsWritten(text), 'J1'));
  const json = JSON.parse(out);
  t.deepEqual(privacyLeaks(json.features[0].properties), []);
  for (const key of ['"client"', '"address_tree_location"', '"path"', '"stored_path"'])
    t.false(out.includes(key));
  t.deepEqual(json.features[0].properties.images, [{ caption: 'c', uploaded_at: null }]);
  t.true(out.includes('"coordinates": [\n          -122.0,\n          45.0\n        ]'), out);
  t.true(out.includes('"trunk": {\n            "10": 1,'), 'integer-like key kept in place');
});
