import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import { planJob } from '../../src/model/plan.ts';
import { parseLegacyJson } from '../../src/legacy/parse-file.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { listJobFolders, scanJobFolder } from '../../src/legacy/scan.ts';
import type { FinalSnapshot } from '../../src/legacy/schemas.ts';
import {
  buildGeoJson,
  geojsonDifferences,
  PATH_KEYS,
  PRIVATE_CLIENT_FIELDS,
  privacyLeaks,
  type GeoJsonFeatureCollection,
} from '../../src/model/geojson.ts';

const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;
// fixtures/README.md: the one export deliberately out of step with its snapshot.
const DRIFTED = new Set(['job_9e4f1b6a2d35/final.geojson']);

function snapshot(raw: unknown): { value: FinalSnapshot; raw: unknown } {
  const parsed = parseLegacyJson('final', new TextEncoder().encode(JSON.stringify(raw)), 'final.json');
  if (!parsed.value) throw new Error(`test snapshot does not parse: ${JSON.stringify(parsed.issues)}`);
  return { value: parsed.value, raw: parsed.raw };
}

interface FixtureExport {
  path: string;
  built: GeoJsonFeatureCollection;
  storedText: string;
}

async function fixtureExports(): Promise<FixtureExport[]> {
  const { jobDirs } = await listJobFolders(FIXTURES);
  const out: FixtureExport[] = [];
  for (const dir of jobDirs) {
    const job = await readJob(FIXTURES, await scanJobFolder(FIXTURES, dir));
    const plan = planJob(job);
    for (const kind of ['final', 'correction'] as const) {
      const snap = job.snapshots[kind];
      const geo = job.geojson[kind];
      if (!snap?.parsed.value || !geo) continue;
      out.push({
        path: geo.rel,
        built: buildGeoJson(snap.parsed.value, snap.parsed.raw, plan.job.job_number),
        storedText: readFileSync(`${FIXTURES}/${geo.rel}`, 'utf8'),
      });
    }
  }
  return out;
}

test('buildGeoJson reproduces every fixture export that is not deliberately drifted, key order included', async (t) => {
  const exports = await fixtureExports();
  t.is(exports.length, 9);
  const reproduced = exports.filter((e) => !DRIFTED.has(e.path));
  t.is(reproduced.length, 8);
  for (const e of reproduced) {
    const stored = JSON.parse(e.storedText);
    t.deepEqual(e.built, stored, e.path);
    // deepEqual ignores key order; the legacy files have a fixed one.
    t.is(JSON.stringify(e.built), JSON.stringify(stored), e.path);
    t.deepEqual(geojsonDifferences(stored, e.built), {}, e.path);
  }
});

test('the drifted fixture export differs only in its coordinates', async (t) => {
  const drifted = (await fixtureExports()).filter((e) => DRIFTED.has(e.path));
  t.is(drifted.length, 1);
  const e = drifted[0]!;
  t.deepEqual(geojsonDifferences(JSON.parse(e.storedText), e.built), {
    coordinates: { stored: [-122.68, 45.52], expected: [-122.6765, 45.5231] },
  });
});

const BASE = {
  job_id: 'job_x',
  round_id: 'round_1',
  user_name: 'Dana Whitfield',
  form: {
    schema_name: 'traq',
    data: {
      client_tree_details: {
        client: 'Acme',
        tree_number: 3,
        tree_species: 'Oak',
        dbh: 90,
        gps: { latitude: 42.1, longitude: -120.3 },
        address_tree_location: '1 Main St',
        assessors: 'Dana',
        date: '2024-01-01',
        time: '09:00',
      },
      overall_tree_risk_rating: { rating: 'Low' },
      risk_categorization: [{ target: 'Path' }],
    },
  },
  report_images: [
    {
      caption: 'Crown',
      stored_path: '/srv/x/job_x/sections/job_photos/images/img_1.report.jpg',
      path: 'sections/job_photos/images/img_1.report.jpg',
      uploaded_at: '2024-01-01T10:00:00Z',
    },
    { stored_path: '/srv/x/job_x/sections/job_photos/images/img_2.report.jpg' },
  ],
};

test('buildGeoJson: the legacy shape, client fields and paths withheld', (t) => {
  const { value, raw } = snapshot(BASE);
  t.deepEqual(buildGeoJson(value, raw, 'J0042'), {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [-120.3, 42.1] },
        properties: {
          job_number: 'J0042',
          user_name: 'Dana Whitfield',
          form_data: {
            client_tree_details: {
              tree_number: 3,
              tree_species: 'Oak',
              dbh: 90,
              gps: { latitude: 42.1, longitude: -120.3 },
            },
            overall_tree_risk_rating: { rating: 'Low' },
            risk_categorization: [{ target: 'Path' }],
          },
          images: [
            { caption: 'Crown', uploaded_at: '2024-01-01T10:00:00Z' },
            { caption: null, uploaded_at: null },
          ],
        },
      },
    ],
  });
});

test('buildGeoJson does not touch the snapshot it reads', (t) => {
  const { value, raw } = snapshot(BASE);
  const before = JSON.stringify(raw);
  buildGeoJson(value, raw, null);
  t.is(JSON.stringify(raw), before);
});

test('buildGeoJson: geometry is null unless both coordinates are finite and in range', (t) => {
  const geometry = (gps: unknown) => {
    const { value, raw } = snapshot({ ...BASE, form: { data: { client_tree_details: { gps } } } });
    return buildGeoJson(value, raw, null).features[0].geometry;
  };
  t.deepEqual(geometry({ latitude: -90, longitude: 180 }), { type: 'Point', coordinates: [180, -90] });
  t.deepEqual(geometry({ latitude: 0, longitude: 0 }), { type: 'Point', coordinates: [0, 0] });
  t.is(geometry({ latitude: 90.0001, longitude: 0 }), null);
  t.is(geometry({ latitude: 0, longitude: -180.5 }), null);
  t.is(geometry({ latitude: null, longitude: null }), null);
  t.is(geometry({ latitude: 45 }), null);
  t.is(geometry({ latitude: true, longitude: 1 }), null);
  t.is(geometry(null), null);
});

test('buildGeoJson: a snapshot without form data or images still has the full shape', (t) => {
  const { value, raw } = snapshot({ job_id: 'job_x' });
  t.deepEqual(buildGeoJson(value, raw, null), {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: null,
        properties: { job_number: null, user_name: null, form_data: null, images: [] },
      },
    ],
  });
});

test('geojsonDifferences: identity, point and every kind of leak', (t) => {
  const { value, raw } = snapshot(BASE);
  const expected = buildGeoJson(value, raw, 'J0042');
  const stored = structuredClone(expected) as any;
  stored.features[0].properties.job_number = 'J0043';
  stored.features[0].geometry = null;
  stored.features[0].properties.stored_path = '/srv/x';
  stored.features[0].properties.form_data.client_tree_details.assessors = 'Dana';
  stored.features[0].properties.images[1].path = 'sections/job_photos/images/img_2.report.jpg';
  t.deepEqual(geojsonDifferences(stored, expected), {
    job_number: { stored: 'J0043', expected: 'J0042' },
    coordinates: { stored: null, expected: [-120.3, 42.1] },
    privacy_leak: {
      stored: ['/stored_path', '/form_data/client_tree_details/assessors', '/images/1/path'],
      expected: [],
    },
  });
});

test('geojsonDifferences: anything that is not a feature collection differs in every compared field', (t) => {
  const { value, raw } = snapshot(BASE);
  const expected = buildGeoJson(value, raw, 'J0042');
  for (const stored of [null, 17, [], { type: 'FeatureCollection' }, { features: [null] }]) {
    t.deepEqual(Object.keys(geojsonDifferences(stored, expected)), [
      'job_number',
      'user_name',
      'coordinates',
    ]);
  }
});

const PRIVATE = new Set<string>(PRIVATE_CLIENT_FIELDS);
const key = fc.string({ maxLength: 12 }).filter((k) => k !== '__proto__');
const entries = (value: fc.Arbitrary<unknown>) =>
  fc.array(fc.tuple(key, value), { maxLength: 8 }).map((e) => Object.fromEntries(e));

test('property: client_tree_details keeps every key but the five private ones; images carry no path', (t) => {
  fc.assert(
    fc.property(
      entries(fc.jsonValue()),
      fc.subarray([...PRIVATE_CLIENT_FIELDS]),
      fc.array(
        fc.record({
          caption: fc.option(fc.string()),
          stored_path: fc.string(),
          path: fc.string(),
          uploaded_at: fc.string(),
          extra: fc.jsonValue(),
        }),
        { maxLength: 5 },
      ),
      (extras, privateFields, images) => {
        const details: Record<string, unknown> = { ...extras };
        for (const field of privateFields) details[field] = `secret ${field}`;
        const { value, raw } = snapshot({
          user_name: 'A',
          form: { data: { client_tree_details: details } },
          report_images: images,
        });
        const built = buildGeoJson(value, raw, 'J1');
        const properties = built.features[0].properties;
        const kept = (properties.form_data as { client_tree_details: Record<string, unknown> })
          .client_tree_details;
        // What JSON itself keeps of the input (e.g. -0 becomes 0), minus the private fields.
        const input = JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
        const want = Object.fromEntries(Object.entries(input).filter(([k]) => !PRIVATE.has(k)));
        t.deepEqual(kept, want);
        for (const field of PRIVATE_CLIENT_FIELDS) t.false(Object.hasOwn(kept, field));
        t.deepEqual(privacyLeaks(properties as unknown as Record<string, unknown>), []);
        for (const image of properties.images) {
          t.deepEqual(Object.keys(image), ['caption', 'uploaded_at']);
          for (const k of PATH_KEYS) t.false(Object.hasOwn(image, k));
        }
        t.deepEqual(geojsonDifferences(JSON.parse(JSON.stringify(built)), built), {});
      },
    ),
    { numRuns: 200 },
  );
});
