import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import type { FileIssue } from '../../src/legacy/issues.ts';
import {
  type FileKind,
  MAX_JSON_BYTES,
  MAX_JSON_DEPTH,
  parseLegacyJson,
  sanitizeForPostgres,
} from '../../src/legacy/parse-file.ts';

const KINDS: FileKind[] = [
  'job_record',
  'processed_artifacts',
  'manifest',
  'review',
  'recording_meta',
  'image_meta',
  'final',
  'geojson',
];
const PATH = 'job_abc/some.json';
const bytesOf = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const textBytes = (text: string) => new TextEncoder().encode(text);
const pointers = (issues: FileIssue[]) => issues.map((i) => i.pointer);

// Realistic files, each with one field the schema does not know about.
const VALID: Record<FileKind, unknown> = {
  job_record: {
    job_id: 'job_0a1b2c3d4e5f',
    job_number: 'J0004',
    status: 'ARCHIVED',
    customer_name: 'Jane Doe',
    tree_number: 3,
    address: '12 Elm St',
    tree_species: 'Quercus robur',
    reason: 'Limb failure',
    job_name: 'Elm St oak',
    job_address: '12 Elm St',
    job_phone: '555-0100',
    contact_preference: 'email',
    billing_name: 'Jane Doe',
    billing_address: '12 Elm St',
    billing_contact_name: 'Jane',
    location_notes: 'Back yard',
    latest_round_id: 'round_5',
    latest_round_status: 'REVIEW_RETURNED',
    legacy_flag: true,
  },
  processed_artifacts: { site_info: ['rec_1', 'rec_2'], crown_and_branches: [] },
  manifest: [
    {
      artifact_id: 'rec_1',
      section_id: 'site_info',
      client_order: 0,
      kind: 'recording',
      issue_id: null,
      recorded_at: '2024-05-01T10:00:00Z',
      device: 'ios',
    },
    {
      artifact_id: 'img_1',
      section_id: 'job_photos',
      client_order: 1,
      kind: 'image',
      issue_id: 'iss_1',
      recorded_at: null,
    },
  ],
  review: {
    round_id: 'round_2',
    server_revision_id: 'rev_9',
    status: 'REVIEW_RETURNED',
    transcript: '[site_info]\nBig oak.',
    section_recordings: { site_info: ['rec_1'] },
    section_transcripts: { site_info: 'Big oak.' },
    issue_recordings: {},
    issue_transcripts: {},
    draft_form: { site_info: { notes: 'x' } },
    draft_narrative: 'Draft.',
    form: { site_info: {} },
    narrative: { text: 'Final words.' },
    tree_number: '3',
    images: [{ image_id: 'img_1' }],
    transcription_failures: [],
    model: 'whisper-1',
  },
  recording_meta: {
    recording_id: 'rec_1',
    section_id: 'site_info',
    content_type: 'audio/m4a',
    bytes: 123456,
    stored_path: '/srv/old/jobs/job_0a1b2c3d4e5f/sections/site_info/recordings/rec_1.m4a',
    uploaded_at: '2024-05-01T10:00:05Z',
    audio_probe: {
      duration_ms: 4200,
      codec_name: 'aac',
      sample_rate: 44100,
      channels: 1,
      duration: 4.2,
      format_name: 'mov,mp4,m4a',
      ffprobe_error: null,
      bit_rate: 64000,
    },
    upload_status: 'uploaded',
    status: 'processed',
    client: 'ios-1.2',
  },
  image_meta: {
    image_id: 'img_1',
    section_id: 'job_photos',
    content_type: 'image/jpeg',
    bytes: 2048000,
    stored_path: '/srv/old/jobs/job_0a1b2c3d4e5f/sections/job_photos/images/img_1.jpg',
    report_image_path: '/srv/old/jobs/job_0a1b2c3d4e5f/sections/job_photos/images/img_1.report.jpg',
    report_bytes: 204800,
    uploaded_at: '2024-05-01T10:01:00Z',
    caption: 'Trunk decay',
    latitude: 45.5,
    longitude: -122.6,
    updated_at: '2024-05-02T08:00:00Z',
    exif: { iso: 100 },
  },
  final: {
    job_id: 'job_0a1b2c3d4e5f',
    round_id: 'round_2',
    server_revision_id: 'rev_9',
    client_revision_id: 'crev_3',
    archived_at: '2024-05-03T12:00:00Z',
    transcript: '[site_info]\nBig oak.',
    form: {
      schema_name: 'traq',
      schema_version: '1.0',
      data: {
        client_tree_details: {
          client: 'Jane Doe',
          tree_number: 3,
          tree_species: 'Quercus robur',
          dbh: '24 in',
          height: 60,
          gps: { latitude: 45.5, longitude: -122.6 },
          address_tree_location: '12 Elm St',
          assessors: 'A. Smith',
          date: '2024-05-01',
          time: '10:00',
        },
        overall_tree_risk_rating: { rating: 'Moderate' },
        risk_categorization: [{ part: 'limb' }],
      },
    },
    narrative: { text: 'Final words.' },
    user_name: 'asmith',
    report_images: [
      {
        caption: 'Trunk decay',
        stored_path: '/srv/x.jpg',
        path: 'img_1.report.jpg',
        uploaded_at: '2024-05-01',
      },
    ],
    profile: {
      name: 'A. Smith',
      isa_number: 'PN-1234A',
      phone: '555-0101',
      correspondence_email: 'a@example.com',
    },
    job_number: 'J0004',
    project: 'Elm St',
    project_slug: 'elm-st',
    signature: 'AS',
  },
  geojson: {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [-122.6, 45.5] },
        properties: {
          job_number: 'J0004',
          user_name: 'asmith',
          form_data: { client_tree_details: { tree_number: 3 } },
          images: [{ caption: 'Trunk decay', uploaded_at: '2024-05-01' }],
        },
      },
    ],
    crs: 'EPSG:4326',
  },
};

// For each kind: a file with bad fields, and the pointers the issues must name.
const INVALID: Record<FileKind, { file: unknown; pointers: string[] }> = {
  job_record: {
    file: { job_id: 'job_1', status: ['DRAFT'], tree_number: true },
    pointers: ['/status', '/tree_number'],
  },
  processed_artifacts: { file: { a: 'rec_1', b: ['rec_2', { id: 3 }] }, pointers: ['/a', '/b/1'] },
  manifest: {
    file: [{ artifact_id: 'rec_1', section_id: 's', client_order: 'first' }, 'rec_2', { section_id: 's' }],
    pointers: ['/0/client_order', '/1', '/2'],
  },
  review: {
    file: {
      round_id: {},
      section_recordings: { s: 'rec_1' },
      section_transcripts: { s: ['x'] },
      images: 'none',
    },
    pointers: ['/round_id', '/section_recordings/s', '/section_transcripts/s', '/images'],
  },
  recording_meta: {
    file: { recording_id: 'rec_1', bytes: 'lots', audio_probe: { sample_rate: 'high', channels: [1] } },
    pointers: ['/bytes', '/audio_probe/sample_rate', '/audio_probe/channels'],
  },
  image_meta: {
    file: { image_id: 'img_1', latitude: 'north', report_bytes: 1.5 },
    pointers: ['/report_bytes', '/latitude'],
  },
  final: {
    file: {
      narrative: [1],
      form: { data: { client_tree_details: { gps: { latitude: 'x', longitude: 1 }, client: {} } } },
      report_images: ['img'],
    },
    pointers: [
      '/form/data/client_tree_details/client',
      '/form/data/client_tree_details/gps/latitude',
      '/narrative',
      '/report_images/0',
    ],
  },
  geojson: {
    file: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [1, 'x'] } }, 7],
    },
    pointers: ['/features/0/geometry/coordinates', '/features/1'],
  },
};

for (const kind of KINDS) {
  test(`${kind}: a realistic file parses cleanly and keeps unknown fields`, (t) => {
    const result = parseLegacyJson(kind, bytesOf(VALID[kind]), PATH);
    t.deepEqual(result.issues, []);
    t.deepEqual(result.raw, VALID[kind]);
    t.truthy(result.value);
    const unknownKey =
      kind === 'manifest' ? (result.value as Array<Record<string, unknown>>)[0]!.device : undefined;
    if (kind === 'manifest') t.is(unknownKey, 'ios');
    else if (kind !== 'processed_artifacts') {
      const extra = Object.keys(VALID[kind] as object).at(-1)!;
      t.deepEqual(
        (result.value as Record<string, unknown>)[extra],
        (VALID[kind] as Record<string, unknown>)[extra],
      );
    }
  });

  test(`${kind}: bad fields are reported at their pointers and treated as absent`, (t) => {
    const { file, pointers: expected } = INVALID[kind];
    const result = parseLegacyJson(kind, bytesOf(file), PATH);
    t.deepEqual(pointers(result.issues).sort(), [...expected].sort());
    t.true(result.issues.every((i) => i.path === PATH));
    t.deepEqual(result.raw, file, 'raw keeps the original values');
    t.not(result.value, null, 'the rest of the file is still used');
  });

  test(`${kind}: wrong top-level type is refused at pointer ""`, (t) => {
    const wrong = kind === 'manifest' ? { artifact_id: 'a' } : [VALID[kind]];
    const result = parseLegacyJson(kind, bytesOf(wrong), PATH);
    t.is(result.value, null);
    t.deepEqual(result.raw, wrong);
    t.is(result.issues.length, 1);
    t.is(result.issues[0]!.pointer, '');
    const [expected, received] = kind === 'manifest' ? ['array', 'object'] : ['object', 'array'];
    t.regex(result.issues[0]!.message, new RegExp(`expected ${expected}.*received ${received}`));
  });
}

test('messages name the field, the expected type and what was found', (t) => {
  const { issues } = parseLegacyJson(
    'recording_meta',
    bytesOf({ bytes: 'lots', audio_probe: { channels: [1] } }),
    PATH,
  );
  t.deepEqual(issues, [
    {
      path: PATH,
      pointer: '/bytes',
      message: 'field "bytes": expected number, found string "lots"; treated as absent',
    },
    {
      path: PATH,
      pointer: '/audio_probe/channels',
      message: 'field "audio_probe.channels": expected number, found array; treated as absent',
    },
  ]);
});

test('manifest: items without artifact_id/section_id, or with a badly typed one, are dropped', (t) => {
  const file = [
    { artifact_id: 'a', section_id: 's' },
    { artifact_id: 'b' },
    { artifact_id: { x: 1 }, section_id: 's' },
    { artifact_id: 'd', section_id: 's', client_order: 2 },
  ];
  const result = parseLegacyJson('manifest', bytesOf(file), PATH);
  t.deepEqual(result.value, [
    { artifact_id: 'a', section_id: 's', client_order: 0 },
    { artifact_id: 'd', section_id: 's', client_order: 2 },
  ]);
  t.deepEqual(
    result.issues.map((i) => [i.pointer, i.message]),
    [
      ['/1', 'dropped element "[1]": required field "section_id" is missing'],
      ['/2/artifact_id', 'field "[2].artifact_id": expected string, found object; treated as absent'],
      ['/2', 'dropped element "[2]": required field "artifact_id" has the wrong type'],
    ],
  );
});

test('manifest: pointers keep naming the original index after earlier items are dropped', (t) => {
  // Item 1 is dropped in the first repair round; item 3's drop happens in the second round.
  const file = [
    { artifact_id: 'a', section_id: 's' },
    5,
    { artifact_id: 'c', section_id: 's' },
    { artifact_id: [], section_id: 's' },
  ];
  const result = parseLegacyJson('manifest', bytesOf(file), PATH);
  t.deepEqual(pointers(result.issues), ['/1', '/3/artifact_id', '/3']);
  t.deepEqual(
    result.value?.map((i) => i.artifact_id),
    ['a', 'c'],
  );
});

test('an empty manifest is valid', (t) => {
  t.deepEqual(parseLegacyJson('manifest', textBytes('[]'), PATH), { value: [], raw: [], issues: [] });
});

test('empty and whitespace-only files', (t) => {
  for (const bytes of [new Uint8Array(0), textBytes(' \n\t ')]) {
    const result = parseLegacyJson('job_record', bytes, PATH);
    t.is(result.value, null);
    t.deepEqual(result.issues, [{ path: PATH, pointer: '', message: 'empty file' }]);
  }
});

test('a UTF-8 BOM is stripped', (t) => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...textBytes('{"job_id":"job_1"}')]);
  const result = parseLegacyJson('job_record', bytes, PATH);
  t.deepEqual(result.issues, []);
  t.deepEqual(result.value, { job_id: 'job_1' });
});

test('bytes that are not UTF-8 are refused', (t) => {
  const bytes = new Uint8Array([...textBytes('{"job_id":"'), 0xff, 0xfe, ...textBytes('"}')]);
  const result = parseLegacyJson('job_record', bytes, PATH);
  t.is(result.value, null);
  t.deepEqual(result.issues, [{ path: PATH, pointer: '', message: 'not valid UTF-8' }]);
});

test('truncated JSON reports the parser message', (t) => {
  const result = parseLegacyJson('final', textBytes('{"job_id": "job_1", "form": {"data"'), PATH);
  t.is(result.value, null);
  t.is(result.raw, undefined);
  t.is(result.issues.length, 1);
  t.regex(result.issues[0]!.message, /^invalid JSON: ./);
});

test('nulls are allowed in every field', (t) => {
  for (const kind of KINDS) {
    const source = kind === 'manifest' ? (VALID.manifest as object[])[0]! : (VALID[kind] as object);
    const nulled = Object.fromEntries(Object.keys(source).map((k) => [k, null]));
    if (kind === 'manifest') Object.assign(nulled, { artifact_id: 'a', section_id: 's' });
    const file = kind === 'manifest' ? [nulled] : nulled;
    const result = parseLegacyJson(kind, bytesOf(file), PATH);
    t.deepEqual(result.issues, [], kind);
    t.not(result.value, null, kind);
  }
  const manifest = parseLegacyJson(
    'manifest',
    bytesOf([{ artifact_id: 'a', section_id: 's', client_order: null }]),
    PATH,
  );
  t.is(manifest.value?.[0]?.client_order, 0);
});

test('numbers as strings and text as numbers are coerced without issues', (t) => {
  const rec = parseLegacyJson(
    'recording_meta',
    bytesOf({ recording_id: 17, bytes: '1024', audio_probe: { duration: '4.25' } }),
    PATH,
  );
  t.deepEqual(rec.issues, []);
  t.deepEqual(rec.value, { recording_id: '17', bytes: 1024, audio_probe: { duration: 4.25 } });
  t.deepEqual(rec.raw, { recording_id: 17, bytes: '1024', audio_probe: { duration: '4.25' } });

  const manifest = parseLegacyJson(
    'manifest',
    bytesOf([{ artifact_id: 5, section_id: 's', client_order: '12', kind: 'Recording' }]),
    PATH,
  );
  t.deepEqual(manifest.issues, []);
  t.deepEqual(manifest.value, [{ artifact_id: '5', section_id: 's', client_order: 12, kind: 'Recording' }]);

  const final = parseLegacyJson(
    'final',
    bytesOf({ server_revision_id: 9, narrative: 'old plain text', form: { schema_version: 2 } }),
    PATH,
  );
  t.deepEqual(final.issues, []);
  t.deepEqual(final.value, {
    server_revision_id: '9',
    narrative: 'old plain text',
    form: { schema_version: 2 },
  });

  const job = parseLegacyJson('job_record', bytesOf({ tree_number: 'three', status: 'archived' }), PATH);
  t.deepEqual(job.value, { tree_number: 'three', status: 'archived' });
  t.is(parseLegacyJson('job_record', bytesOf({ tree_number: '07' }), PATH).value?.tree_number, '07');
});

test('union members are repaired inside the branch that matched', (t) => {
  const result = parseLegacyJson(
    'final',
    bytesOf({ narrative: { text: { nested: true }, style: 'x' } }),
    PATH,
  );
  t.deepEqual(pointers(result.issues), ['/narrative/text']);
  t.deepEqual(result.value?.narrative, { style: 'x' });
});

test(`nesting deeper than ${MAX_JSON_DEPTH} is refused, even at 10,000 levels`, (t) => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  const result = parseLegacyJson('review', textBytes(`{"images": ${deep}}`), PATH);
  t.is(result.value, null);
  t.is(result.issues.length, 1);
  t.regex(result.issues[0]!.message, /deeper than 512/);

  // Brackets inside strings are not nesting.
  const ok = parseLegacyJson('review', bytesOf({ transcript: '['.repeat(10_000) }), PATH);
  t.deepEqual(ok.issues, []);
  const atLimit = '['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1);
  t.deepEqual(parseLegacyJson('review', textBytes(`{"draft_form": ${atLimit}}`), PATH).issues, []);
});

test('files over the size cap are refused without parsing', (t) => {
  const bytes = new Uint8Array(MAX_JSON_BYTES + 1).fill(0x20);
  bytes[0] = 0x7b; // "{" followed by spaces: would be a syntax error if it were parsed
  const result = parseLegacyJson('final', bytes, PATH);
  t.is(result.value, null);
  t.deepEqual(result.issues, [
    {
      path: PATH,
      pointer: '',
      message: `file is ${MAX_JSON_BYTES + 1} bytes, over the ${MAX_JSON_BYTES}-byte cap for JSON files; not parsed`,
    },
  ]);
});

test('NUL and lone surrogates are stored escaped, with one issue per string', (t) => {
  // Written as JSON text so the escapes reach the parser exactly as a legacy file would have them.
  const json = String.raw`{"job_id":"a\u0000b\u0000","customer_name":"x\ud800y","job_name":"ok \ud83d\ude00","notes":{"k\u0000ey":["\udc00"]}}`;
  const result = parseLegacyJson('job_record', textBytes(json), PATH);
  const expected = {
    job_id: String.raw`a\u0000b\u0000`,
    customer_name: String.raw`x\ud800y`,
    job_name: 'ok \u{1F600}',
    // The key is the escape text (backslash, u, 0000), not a NUL.
    notes: { 'k\\u0000ey': [String.raw`\udc00`] },
  };
  t.deepEqual(result.raw, expected);
  t.deepEqual(result.value, expected);
  t.deepEqual(result.issues, [
    {
      path: PATH,
      pointer: '/job_id',
      message: String.raw`contains U+0000 (not storable in PostgreSQL); stored escaped as \u0000`,
    },
    {
      path: PATH,
      pointer: '/customer_name',
      message: String.raw`contains lone surrogate U+D800 (not storable in PostgreSQL); stored escaped as \ud800`,
    },
    {
      path: PATH,
      pointer: String.raw`/notes/k\u0000ey`,
      message: String.raw`key contains U+0000 (not storable in PostgreSQL); stored escaped as \u0000`,
    },
    {
      path: PATH,
      pointer: String.raw`/notes/k\u0000ey/0`,
      message: String.raw`contains lone surrogate U+DC00 (not storable in PostgreSQL); stored escaped as \udc00`,
    },
  ]);
});

test('sanitizeForPostgres copies without mutating, keeps order, and handles deep values iteratively', (t) => {
  const input = { b: 'x\u0000', a: [1, null, true, '\ud800'] };
  const issues: FileIssue[] = [];
  const out = sanitizeForPostgres(input, PATH, issues);
  t.deepEqual(out, { b: 'x\\u0000', a: [1, null, true, '\\ud800'] });
  t.deepEqual(Object.keys(out as object), ['b', 'a']);
  t.is(input.b, 'x\u0000');
  t.deepEqual(pointers(issues), ['/b', '/a/3']);

  let deep: unknown = '\u0000';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const deepIssues: FileIssue[] = [];
  t.notThrows(() => sanitizeForPostgres(deep, PATH, deepIssues));
  t.is(deepIssues.length, 1);
});

test('an own "__proto__" key survives in raw as data', (t) => {
  const result = parseLegacyJson(
    'job_record',
    textBytes('{"__proto__": {"polluted": 1}, "job_id": "j"}'),
    PATH,
  );
  t.deepEqual(result.issues, []);
  t.true(Object.hasOwn(result.raw as object, '__proto__'));
  t.is(Object.getPrototypeOf(result.raw), Object.prototype);
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

const isValueShape = (v: unknown) => v === null || (typeof v === 'object' && v !== null);

testProp(
  'property: any JSON value, for every kind, never throws and yields issues + null/object value',
  [fc.constantFrom(...KINDS), fc.jsonValue()],
  (t, kind, json) => {
    const result = parseLegacyJson(kind, bytesOf(json), PATH);
    t.true(Array.isArray(result.issues));
    t.true(isValueShape(result.value));
    t.true(result.issues.every((i) => i.path === PATH));
  },
  { numRuns: 200 },
);

// Realistic skeletons with arbitrary JSON spliced in reach the repair logic far more often.
const spliced = fc.record({
  kind: fc.constantFrom(...KINDS),
  noise: fc.jsonValue({ maxDepth: 3 }),
  where: fc.nat(),
});

testProp(
  'property: JSON shaped like each kind never throws',
  [spliced],
  (t, { kind, noise, where }) => {
    const copy = structuredClone(VALID[kind]) as Record<string, unknown>;
    const keys = Object.keys(copy);
    if (keys.length > 0) copy[keys[where % keys.length]!] = noise;
    const result = parseLegacyJson(kind, bytesOf(copy), PATH);
    t.true(Array.isArray(result.issues));
    t.true(isValueShape(result.value));
  },
  { numRuns: 200 },
);

testProp(
  'property: arbitrary bytes never throw',
  [fc.constantFrom(...KINDS), fc.uint8Array({ maxLength: 512 })],
  (t, kind, bytes) => {
    const result = parseLegacyJson(kind, bytes, PATH);
    t.true(Array.isArray(result.issues));
    t.true(isValueShape(result.value));
  },
  { numRuns: 200 },
);
