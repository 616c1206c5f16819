import test from 'ava';
import fc from 'fast-check';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

// schema/007_preset_projections.sql stores what report-projection and geojson-exports used to read
// from the payloads. These tests hold the generated columns to the presets' former expressions
// (copied here as they were) on arbitrary payloads, fields of every JSON type included.

let db: TestDatabase;
test.before(async () => {
  db = await createTestDatabase();
});
test.after.always(async () => {
  await db?.drop();
});

/** report-projection's expressions before 007, on d.payload and d.form. */
const FINALS_BEFORE = `
  SELECT f.job_id,
         d.form #>> '{client_tree_details,tree_number}' AS tree_number,
         d.form #>> '{client_tree_details,tree_species}' AS tree_species,
         CASE jsonb_typeof(d.form -> 'overall_tree_risk_rating')
           WHEN 'string' THEN d.form ->> 'overall_tree_risk_rating'
           WHEN 'object' THEN d.form #>> '{overall_tree_risk_rating,rating}' END AS risk_rating,
         CASE jsonb_typeof(d.form -> 'overall_residual_risk')
           WHEN 'string' THEN d.form ->> 'overall_residual_risk'
           WHEN 'object' THEN coalesce(d.form #>> '{overall_residual_risk,rating}', d.form #>> '{overall_residual_risk,text}') END AS residual_risk,
         CASE jsonb_typeof(d.form -> 'recommended_inspection_interval')
           WHEN 'string' THEN d.form ->> 'recommended_inspection_interval'
           WHEN 'object' THEN d.form #>> '{recommended_inspection_interval,text}' END AS inspection_interval,
         CASE WHEN jsonb_typeof(d.form #> '{client_tree_details,gps,latitude}') = 'number'
              THEN (d.form #>> '{client_tree_details,gps,latitude}')::double precision END AS latitude,
         CASE WHEN jsonb_typeof(d.form #> '{client_tree_details,gps,longitude}') = 'number'
              THEN (d.form #>> '{client_tree_details,gps,longitude}')::double precision END AS longitude,
         CASE WHEN jsonb_typeof(d.payload -> 'transcript') = 'string' THEN length(d.payload ->> 'transcript') ELSE 0 END AS transcript_chars,
         CASE WHEN jsonb_typeof(d.payload -> 'report_images') = 'array' THEN jsonb_array_length(d.payload -> 'report_images') ELSE 0 END AS report_image_count
  FROM job_finals f CROSS JOIN LATERAL (SELECT f.payload, f.payload #> '{form,data}' AS form) d`;

const FINALS_NOW = `SELECT job_id, tree_number, tree_species, risk_rating, residual_risk, inspection_interval, latitude, longitude,
                           transcript_chars, report_image_count FROM job_finals`;

/** geojson-exports' expressions before 007. */
const GEOJSON_BEFORE = `
  SELECT g.job_id,
         g.payload #>> '{features,0,geometry,type}' AS geometry_type,
         CASE WHEN jsonb_typeof(g.payload #> '{features,0,geometry,coordinates,0}') = 'number'
              THEN (g.payload #>> '{features,0,geometry,coordinates,0}')::double precision END AS longitude,
         CASE WHEN jsonb_typeof(g.payload #> '{features,0,geometry,coordinates,1}') = 'number'
              THEN (g.payload #>> '{features,0,geometry,coordinates,1}')::double precision END AS latitude,
         g.payload #>> '{features,0,properties,job_number}' AS exported_job_number,
         g.payload #>> '{features,0,properties,user_name}' AS exported_user_name,
         CASE WHEN jsonb_typeof(g.payload #> '{features,0,properties,images}') = 'array'
              THEN jsonb_array_length(g.payload #> '{features,0,properties,images}') ELSE 0 END AS image_count
  FROM job_geojson_exports g`;

const GEOJSON_NOW = `SELECT job_id, geometry_type, longitude, latitude, exported_job_number, exported_user_name, image_count FROM job_geojson_exports`;

/** Rows of a query as text, ordered: "IS NOT DISTINCT FROM" for every column at once, NULL and -0 included. */
async function rowsText(sql: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ r: string }>(
    `SELECT q::text AS r FROM (${sql}) q ORDER BY q.job_id COLLATE "C"`,
  );
  return rows.map((row) => row.r);
}

let nextJob = 0;
/** Jobs with one row each in job_finals (kind correction, so it can be updated) and job_geojson_exports. */
async function insertPayloads(finals: unknown[], geojson: unknown[]): Promise<string[]> {
  const ids = finals.map(() => `job_p${String(nextJob++).padStart(6, '0')}`);
  await db.pool.query(
    `INSERT INTO jobs (job_id, source, fingerprint, content_sha256, first_run_id, last_run_id)
     SELECT id, 'folder_only', 'f', 'c', 1, 1 FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await db.pool.query(
    `INSERT INTO job_finals (job_id, kind, source_path, payload, payload_sha256, row_sha256)
     SELECT ($1::text[])[i], 'correction', 'x', p, 'h', 'h' FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(p, i)`,
    [ids, JSON.stringify(finals)],
  );
  await db.pool.query(
    `INSERT INTO job_geojson_exports (job_id, kind, source_path, payload, payload_sha256, row_sha256)
     SELECT ($1::text[])[i], 'final', 'x', p, 'h', 'h' FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(p, i)`,
    [ids, JSON.stringify(geojson)],
  );
  return ids;
}

// Any JSON value, weighted toward the types the expressions tell apart. No "\u0000": jsonb refuses it.
const text = fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u0000'));
const scalar = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const anyJson = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom('rating', 'text', 'path', 'stored_path', 'x'), scalar, {
      maxKeys: 3,
    }),
  },
);
/** An object holding some of these keys, each with any value (or the given arbitrary). */
function someOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: [] });
}
const maybe = (arb: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: anyJson });

const ratingLike = fc.oneof(text, someOf({ rating: anyJson, text: anyJson }), anyJson);
const reportImage = fc.oneof(
  { weight: 3, arbitrary: someOf({ path: maybe(text), stored_path: maybe(text), caption: anyJson }) },
  { weight: 1, arbitrary: anyJson },
);
const finalPayload = maybe(
  someOf({
    form: maybe(
      someOf({
        data: maybe(
          someOf({
            client_tree_details: maybe(
              someOf({
                tree_number: anyJson,
                tree_species: anyJson,
                gps: maybe(
                  someOf({
                    latitude: maybe(fc.double({ noNaN: true, noDefaultInfinity: true })),
                    longitude: anyJson,
                  }),
                ),
              }),
            ),
            overall_tree_risk_rating: ratingLike,
            overall_residual_risk: ratingLike,
            recommended_inspection_interval: ratingLike,
          }),
        ),
      }),
    ),
    transcript: maybe(text),
    report_images: maybe(fc.array(reportImage, { maxLength: 4 })),
  }),
);
const geojsonPayload = maybe(
  someOf({
    features: maybe(
      fc.array(
        maybe(
          someOf({
            geometry: maybe(
              someOf({
                type: anyJson,
                coordinates: maybe(
                  fc.array(maybe(fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 3 }),
                ),
              }),
            ),
            properties: maybe(
              someOf({
                job_number: anyJson,
                user_name: anyJson,
                images: maybe(fc.array(text, { maxLength: 3 })),
              }),
            ),
          }),
        ),
        { maxLength: 2 },
      ),
    ),
  }),
);

/** What report_image_paths holds: each object image's path, then stored_path (jsonb key order), when a string. */
function expectedImagePaths(payload: unknown): string[] {
  const images =
    payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>).report_images
      : undefined;
  if (!Array.isArray(images)) return [];
  return images.flatMap((image) => {
    if (image === null || typeof image !== 'object' || Array.isArray(image)) return [];
    const o = image as Record<string, unknown>;
    return [o.path, o.stored_path].filter((v): v is string => typeof v === 'string');
  });
}

test.serial(
  "generated columns equal the presets' former payload expressions, on arbitrary payloads",
  async (t) => {
    const finals = fc.sample(finalPayload, { numRuns: 600, seed: 7 });
    const geojson = fc.sample(geojsonPayload, { numRuns: 600, seed: 11 });
    const ids = await insertPayloads(finals, geojson);
    t.deepEqual(await rowsText(FINALS_NOW), await rowsText(FINALS_BEFORE));
    t.deepEqual(await rowsText(GEOJSON_NOW), await rowsText(GEOJSON_BEFORE));
    // Not vacuous: the samples reach the non-null branches.
    const { rows } = await db.pool.query(
      `SELECT count(risk_rating)::int AS risk, count(latitude)::int AS lat, count(*) FILTER (WHERE report_image_count > 0)::int AS images
     FROM job_finals`,
    );
    t.true(rows[0].risk > 20 && rows[0].lat > 20 && rows[0].images > 20, JSON.stringify(rows[0]));

    const paths = await db.pool.query<{ job_id: string; report_image_paths: unknown }>(
      'SELECT job_id, report_image_paths FROM job_finals',
    );
    const byJob = new Map(paths.rows.map((r) => [r.job_id, r.report_image_paths]));
    t.deepEqual(
      ids.map((id) => byJob.get(id)),
      finals.map(expectedImagePaths),
    );
  },
);

test.serial(
  "report_image_paths: non-object images and missing keys do not hide the other images' paths",
  async (t) => {
    const [id] = await insertPayloads(
      [
        {
          report_images: [
            { path: 'a/x.jpg' },
            'str',
            { stored_path: '/old/b/y.jpg', path: 'b/y.jpg' },
            { path: 5 },
            { caption: 'no path' },
            null,
          ],
        },
      ],
      [{}],
    );
    const { rows } = await db.pool.query('SELECT report_image_paths FROM job_finals WHERE job_id = $1', [id]);
    t.deepEqual(rows[0].report_image_paths, ['a/x.jpg', 'b/y.jpg', '/old/b/y.jpg']);
  },
);

test.serial('generated columns follow an updated payload (a replaced correction)', async (t) => {
  const [id] = await insertPayloads(
    [
      {
        form: { data: { overall_tree_risk_rating: 'Low' } },
        transcript: 'abc',
        report_images: [{ path: 'p.jpg' }],
      },
    ],
    [{ features: [{ properties: { user_name: 'A' } }] }],
  );
  await db.pool.query(
    `UPDATE job_finals SET payload = '{"form":{"data":{"overall_tree_risk_rating":{"rating":"High"}}},"transcript":"abcdef"}', payload_sha256 = 'h2'
     WHERE job_id = $1 AND kind = 'correction'`,
    [id],
  );
  await db.pool.query(
    `UPDATE job_geojson_exports SET payload = '{"features":[{"properties":{"user_name":"B","images":[1,2]}}]}' WHERE job_id = $1`,
    [id],
  );
  const finals = await db.pool.query(
    'SELECT risk_rating, transcript_chars, report_image_count, report_image_paths FROM job_finals WHERE job_id = $1',
    [id],
  );
  t.deepEqual(finals.rows[0], {
    risk_rating: 'High',
    transcript_chars: 6,
    report_image_count: 0,
    report_image_paths: [],
  });
  const geojson = await db.pool.query(
    'SELECT exported_user_name, image_count FROM job_geojson_exports WHERE job_id = $1',
    [id],
  );
  t.deepEqual(geojson.rows[0], { exported_user_name: 'B', image_count: 2 });
});
