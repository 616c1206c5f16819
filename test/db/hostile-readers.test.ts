/**
 * Every zod-backed reader, fed any JSON: a value or issues out, never an exception, and every issue
 * points at something that exists in the stored raw JSON. Then the same through the planner and the
 * real loader: whatever the fields hold, the job lands (the database never refuses it).
 */
import test from 'ava';
import fc from 'fast-check';
import { planAndReconcile } from '../../src/import/read-and-plan.ts';
import { runImport } from '../../src/import/run.ts';
import { parseLegacyJson, type FileKind } from '../../src/legacy/parse-file.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { scanJobFolder } from '../../src/legacy/scan.ts';
import {
  audioProbeSchema,
  finalSchema,
  geoJsonSchema,
  imageMetaSchema,
  jobRecordSchema,
  manifestItemSchema,
  recordingMetaSchema,
  reviewSchema,
} from '../../src/legacy/schemas.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { holds } from '../helpers/property.ts';
import {
  imageMeta,
  jobRecord,
  makeStore,
  recordingMeta,
  validJob,
  writeJob,
  type JobFiles,
} from '../helpers/hostile-store.ts';

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
const SEED = 20240607;
const encode = (text: string) => new TextEncoder().encode(text);

/** Follows an RFC 6901 pointer; undefined when it does not resolve. */
function resolve(doc: unknown, pointer: string): { found: boolean } {
  if (pointer === '') return { found: true };
  let current: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key))
      return { found: false };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true };
}

/** The contract of parseLegacyJson, checked on one input. Returns a reason when it is broken. */
function contractBroken(kind: FileKind, bytes: Uint8Array): string | null {
  let parsed: ReturnType<typeof parseLegacyJson>;
  try {
    parsed = parseLegacyJson(kind, bytes, 'job_x/file.json');
  } catch (err) {
    return `threw ${String(err)}`;
  }
  if (parsed.value === null && parsed.issues.length === 0) return 'no value and no issue';
  for (const issue of parsed.issues) {
    if (issue.path !== 'job_x/file.json') return `issue names ${issue.path}`;
    if (/^internal error/.test(issue.message)) return issue.message;
    // A sanitised key is reported under its escaped name, which is what raw holds.
    if (parsed.raw !== undefined && !resolve(parsed.raw, issue.pointer).found)
      return `pointer ${issue.pointer} not in raw`;
  }
  return null;
}

/** The contract as a property: `broken` names what is wrong with a value, or null; run with holds. */
function keeps<T>(arbitrary: fc.Arbitrary<T>, broken: (v: T) => string | null): fc.IRawProperty<[T]> {
  return fc.property(arbitrary, (v) => {
    const reason = broken(v);
    if (reason !== null) throw new Error(reason);
  });
}

/** Fixed, so a failure found once is found again. */
const RUNS = { numRuns: 300, seed: SEED };

test('property: any value fast-check can make (fc.anything), serialized, for every kind', async (t) => {
  const anyValue = fc.tuple(fc.constantFrom(...KINDS), fc.anything({ maxDepth: 4 }));
  await holds(
    t,
    keeps(anyValue, ([kind, value]) => contractBroken(kind, encode(JSON.stringify(value) ?? 'undefined'))),
    RUNS,
  );
});

test('property: any JSON value, as JSON text, for every kind', async (t) => {
  const anyJson = fc.tuple(fc.constantFrom(...KINDS), fc.jsonValue({ maxDepth: 5 }));
  await holds(
    t,
    keeps(anyJson, ([kind, value]) => contractBroken(kind, encode(JSON.stringify(value)))),
    RUNS,
  );
});

/** Each object kind's own fields, every one set to any JSON value: the file is still used. */
const FIELDS: Array<[FileKind, string[], (v: Record<string, unknown>) => unknown]> = [
  ['job_record', Object.keys(jobRecordSchema.shape), (v) => v],
  [
    'recording_meta',
    [...Object.keys(recordingMetaSchema.shape)],
    (v) => ({ ...v, audio_probe: v.audio_probe ?? {} }),
  ],
  ['image_meta', Object.keys(imageMetaSchema.shape), (v) => v],
  ['review', Object.keys(reviewSchema.shape), (v) => v],
  ['final', Object.keys(finalSchema.shape), (v) => v],
  ['geojson', Object.keys(geoJsonSchema.shape), (v) => v],
  ['manifest', Object.keys(manifestItemSchema.shape), (v) => [v, { artifact_id: 'a', section_id: 's' }]],
];

test('property: every field of every object kind set to any JSON value: issues at fields, the file is still used', async (t) => {
  const injected = fc
    .constantFrom(...FIELDS)
    .chain(([kind, keys, wrap]) =>
      fc
        .record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue({ maxDepth: 3 })])), { requiredKeys: [] })
        .map((fields) => ({ kind, doc: wrap(fields) })),
    );
  const broken = ({ kind, doc }: { kind: FileKind; doc: unknown }): string | null => {
    const reason = contractBroken(kind, encode(JSON.stringify(doc)));
    if (reason) return reason;
    const parsed = parseLegacyJson(kind, encode(JSON.stringify(doc)), 'job_x/file.json');
    if (parsed.value === null) return `file not used: ${parsed.issues.map((i) => i.message).join('; ')}`;
    if (kind === 'manifest' && (parsed.value as unknown[]).length < 1)
      return 'the valid manifest item was dropped';
    return null;
  };
  await holds(t, keeps(injected, broken), RUNS);
  t.true(Object.keys(audioProbeSchema.shape).length > 0);
});

// Through the planner and the loader: arbitrary field values in every metadata file of one job.

const anyFields = (keys: string[]) =>
  fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue({ maxDepth: 2 })])), { requiredKeys: [] });
const hostileJob = fc.record({
  record: anyFields(Object.keys(jobRecordSchema.shape)),
  recording: anyFields([...Object.keys(recordingMetaSchema.shape)]),
  probe: anyFields(Object.keys(audioProbeSchema.shape)),
  image: anyFields(Object.keys(imageMetaSchema.shape)),
  final: anyFields(Object.keys(finalSchema.shape)),
  review: anyFields(Object.keys(reviewSchema.shape)),
});

function filesOf(jobDir: string, v: Record<string, Record<string, unknown>>): JobFiles {
  return {
    ...validJob(jobDir, 'J0001'),
    'job_record.json': { ...jobRecord(jobDir, 'J0001'), ...v.record! },
    'sections/trunk/recordings/rec_1.meta.json': {
      ...recordingMeta(jobDir),
      ...v.recording!,
      audio_probe: v.probe,
    },
    'sections/job_photos/images/img_1.meta.json': { ...imageMeta(jobDir), ...v.image! },
    'final.json': v.final!,
    'rounds/round_1/review.json': v.review!,
  };
}

test('property: the planner takes any field values without throwing', async (t) => {
  const { root, cleanup } = await makeStore();
  t.teardown(cleanup);
  let n = 0;
  await holds(
    t,
    fc.asyncProperty(hostileJob, async (v) => {
      const jobDir = `job_q${++n}`;
      await writeJob(root, jobDir, filesOf(jobDir, v));
      planAndReconcile(await readJob(root, await scanJobFolder(root, jobDir)));
      return true;
    }),
    { numRuns: 200, seed: SEED },
  );
});

test('property: through the real loader, any field values never make the database refuse the job', async (t) => {
  const db = await createTestDatabase();
  const { root, cleanup } = await makeStore();
  t.teardown(async () => {
    await cleanup();
    await db.drop();
  });
  let n = 0;
  await holds(
    t,
    fc.asyncProperty(hostileJob, async (v) => {
      const jobDir = `job_r${++n}`;
      await writeJob(root, jobDir, filesOf(jobDir, v));
      await runImport(db.pool, { jobsRoot: root, jobs: [jobDir] });
      const { rows } = await db.pool.query(
        `SELECT (SELECT count(*)::int FROM jobs WHERE job_id = $1) AS jobs,
                (SELECT string_agg(message, '; ') FROM import_issues WHERE job_id = $1 AND message LIKE 'the database refused%') AS refused`,
        [jobDir],
      );
      if (rows[0].jobs !== 1) throw new Error(rows[0].refused ?? 'job row missing');
      return true;
    }),
    { numRuns: 60, seed: SEED },
  );
});
