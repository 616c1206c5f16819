import test from 'ava';
import { planJob } from '../../src/model/plan.ts';
import type { JobPlan } from '../../src/model/rows.ts';
import { classifyJobFile } from '../../src/legacy/layout.ts';
import { parseLegacyJson, type FileKind } from '../../src/legacy/parse-file.ts';
import type { ClassifiedFile, ReadJob, ReadJson } from '../../src/legacy/read-job.ts';
import { listJobFolders, scanJobFolder } from '../../src/legacy/scan.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { findingId, type Finding, type JobRule } from '../../src/reconcile/finding.ts';
import {
  correctionWithoutFinal,
  fieldMismatch,
  finalRoundMissing,
  geojsonDrift,
  identityMismatch,
  JOB_RULES,
  latestRoundMismatch,
  manifestItemMissing,
  mediaFileMissing,
  mediaMetaMissing,
  mediaUnplaced,
  missingJobRecord,
  pathOutsideJob,
  reconcileJob,
  reportImageMissing,
  statusMismatch,
} from '../../src/reconcile/rules/index.ts';

const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;

// ---------------------------------------------------------------------------------------------
// A job folder built in memory: rel path -> content (JSON values are serialised, strings kept as bytes).

const JOB = 'job_0123456789ab';
const OLD = `/srv/old/data/jobs/${JOB}`;
type Files = Record<string, unknown>;

const ROLE_KINDS: Record<string, FileKind> = {
  job_record: 'job_record',
  processed_artifacts: 'processed_artifacts',
  recording_meta: 'recording_meta',
  image_meta: 'image_meta',
  manifest_json: 'manifest',
  review_json: 'review',
  final_json: 'final',
  geojson: 'geojson',
};

function readJobFrom(files: Files, extraRoundDirs: string[] = []): ReadJob {
  const job: ReadJob = {
    jobDir: JOB,
    fingerprint: 'test',
    files: [],
    roundDirs: [],
    record: null,
    processed: null,
    manifests: new Map(),
    reviews: new Map(),
    recordingMetas: new Map(),
    imageMetas: new Map(),
    snapshots: {},
    geojson: {},
    issues: [],
  };
  const rounds = new Set(extraRoundDirs);
  for (const rel of Object.keys(files).sort()) {
    const content = files[rel];
    const bytes = new TextEncoder().encode(typeof content === 'string' ? content : JSON.stringify(content));
    const file: ClassifiedFile = { rel, size: bytes.length, mtimeMs: 0, role: classifyJobFile(rel) };
    job.files.push(file);
    const round = /^rounds\/([^/]+)\//.exec(rel);
    if (round) rounds.add(round[1]!);
    const kind = ROLE_KINDS[file.role.kind];
    if (!kind) continue;
    const json = {
      rel: `${JOB}/${rel}`,
      parsed: parseLegacyJson(kind, bytes, `${JOB}/${rel}`),
      sha256: '',
    } as ReadJson<any>;
    const role = file.role;
    if (role.kind === 'job_record') job.record = json;
    else if (role.kind === 'processed_artifacts') job.processed = json;
    else if (role.kind === 'recording_meta')
      job.recordingMetas.set(`${role.sectionId}/${role.mediaId}`, json);
    else if (role.kind === 'image_meta') job.imageMetas.set(role.mediaId!, json);
    else if (role.kind === 'manifest_json') job.manifests.set(role.roundId!, json);
    else if (role.kind === 'review_json') job.reviews.set(role.roundId!, json);
    else if (role.kind === 'final_json') job.snapshots[role.snapshot!] = json;
    else if (role.kind === 'geojson') job.geojson[role.snapshot!] = json;
  }
  job.roundDirs = [...rounds].sort();
  return job;
}

const PRIVATE_DETAILS = {
  client: 'Acme Parks',
  address_tree_location: '1 Main St',
  assessors: 'Dana',
  date: '2024-01-01',
  time: '09:00',
};

/** A clean archived job: every rule is silent on it. */
function clean(): Files {
  return {
    'job_record.json': {
      job_id: JOB,
      job_number: 'J0100',
      status: 'ARCHIVED',
      customer_name: ' ACME parks ',
      tree_number: 3,
      tree_species: 'Red oak',
      latest_round_id: 'round_1',
      address: '1 Main St',
    },
    'rounds/round_1/manifest.json': [
      { artifact_id: 'rec_1', section_id: 'trunk', kind: 'recording' },
      { artifact_id: 'img_1', section_id: 'job_photos', kind: 'image' },
    ],
    'rounds/round_1/review.json': {
      round_id: 'round_1',
      section_recordings: { trunk: ['rec_1'] },
      images: [{ image_id: 'img_1' }],
    },
    'sections/trunk/recordings/rec_1.wav': 'RIFF',
    'sections/trunk/recordings/rec_1.transcript.txt': 'sound wood',
    'sections/trunk/recordings/rec_1.meta.json': {
      recording_id: 'rec_1',
      section_id: 'trunk',
      stored_path: `${OLD}/sections/trunk/recordings/rec_1.wav`,
    },
    'sections/job_photos/images/img_1.jpg': 'JPEG',
    'sections/job_photos/images/img_1.report.jpg': 'JPEG',
    'sections/job_photos/images/img_1.meta.json': {
      image_id: 'img_1',
      section_id: 'job_photos',
      stored_path: `${OLD}/sections/job_photos/images/img_1.jpg`,
      report_image_path: `${OLD}/sections/job_photos/images/img_1.report.jpg`,
    },
    'final.json': {
      job_id: JOB,
      round_id: 'round_1',
      user_name: 'Dana Whitfield',
      form: {
        data: {
          client_tree_details: {
            ...PRIVATE_DETAILS,
            tree_number: 'three',
            tree_species: 'red  OAK',
            gps: { latitude: 45.5, longitude: -122.6 },
          },
        },
      },
      report_images: [
        {
          caption: 'Crown',
          stored_path: `${OLD}/sections/job_photos/images/img_1.report.jpg`,
          path: 'sections/job_photos/images/img_1.report.jpg',
          uploaded_at: '2024-01-01T10:00:00Z',
        },
      ],
    },
    'final.geojson': {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [-122.6, 45.5] },
          properties: {
            job_number: 'J0100',
            user_name: 'Dana Whitfield',
            form_data: {
              client_tree_details: {
                tree_number: 'three',
                tree_species: 'red  OAK',
                gps: { latitude: 45.5, longitude: -122.6 },
              },
            },
            images: [{ caption: 'Crown', uploaded_at: '2024-01-01T10:00:00Z' }],
          },
        },
      ],
    },
  };
}

/** Apply changes to the clean job; `undefined` removes a file. */
function variant(change: (files: Files) => void): Files {
  const files = clean();
  change(files);
  for (const k of Object.keys(files)) if (files[k] === undefined) delete files[k];
  return files;
}

function run(rule: JobRule, files: Files, extraRoundDirs: string[] = []): Finding[] {
  const job = readJobFrom(files, extraRoundDirs);
  return rule(job, planJob(job));
}

const obj = (files: Files, rel: string) => files[rel] as Record<string, any>;
const summary = (fs: Finding[]) => fs.map((f) => ({ kind: f.kind, severity: f.severity, values: f.values }));

// ---------------------------------------------------------------------------------------------

test('the clean job raises no finding from any rule', (t) => {
  const job = readJobFrom(clean());
  const plan = planJob(job);
  t.deepEqual(plan.issues, []);
  t.deepEqual(reconcileJob(job, plan), []);
});

test('JOB_RULES holds one rule per job-level finding kind', (t) => {
  t.is(JOB_RULES.length, 14);
  t.is(new Set(JOB_RULES).size, 14);
});

test('latest_round_mismatch: one finding per snapshot whose round differs from the record', (t) => {
  const files = variant((f) => {
    obj(f, 'job_record.json').latest_round_id = 'round_2';
    f['rounds/round_2/manifest.json'] = [];
    f['final_correction.json'] = { ...obj(f, 'final.json'), round_id: 'round_2' };
  });
  t.deepEqual(summary(run(latestRoundMismatch, files)), [
    {
      kind: 'latest_round_mismatch',
      severity: 'warning',
      values: { job_record: 'round_2', final: 'round_1' },
    },
  ]);
  const both = variant((f) => {
    obj(f, 'job_record.json').latest_round_id = 'round_2';
    f['final_correction.json'] = obj(f, 'final.json');
  });
  t.deepEqual(
    run(latestRoundMismatch, both).map((x) => x.values),
    [
      { job_record: 'round_2', final: 'round_1' },
      { job_record: 'round_2', correction: 'round_1' },
    ],
  );
});

test('latest_round_mismatch: silent when they agree or either side is absent', (t) => {
  t.deepEqual(run(latestRoundMismatch, clean()), []);
  t.deepEqual(
    run(
      latestRoundMismatch,
      variant((f) => delete obj(f, 'job_record.json').latest_round_id),
    ),
    [],
  );
  t.deepEqual(
    run(
      latestRoundMismatch,
      variant((f) => delete obj(f, 'final.json').round_id),
    ),
    [],
  );
  t.deepEqual(
    run(
      latestRoundMismatch,
      variant((f) => (f['job_record.json'] = undefined)),
    ),
    [],
  );
});

test('status_mismatch: a final with a non-archived status, and ARCHIVED without final.json', (t) => {
  const notArchived = run(
    statusMismatch,
    variant((f) => (obj(f, 'job_record.json').status = 'review_returned')),
  );
  t.deepEqual(summary(notArchived), [
    {
      kind: 'status_mismatch',
      severity: 'error',
      values: { job_record: 'review_returned', final: `${JOB}/final.json` },
    },
  ]);
  const noFinal = run(
    statusMismatch,
    variant((f) => (f['final.json'] = undefined)),
  );
  t.deepEqual(
    noFinal.map((x) => x.values),
    [{ job_record: 'ARCHIVED', final: null }],
  );
  const noStatus = run(
    statusMismatch,
    variant((f) => delete obj(f, 'job_record.json').status),
  );
  t.deepEqual(
    noStatus.map((x) => x.values),
    [{ job_record: null, final: `${JOB}/final.json` }],
  );
});

test('status_mismatch: silent for any casing of ARCHIVED with a final, and a draft without one', (t) => {
  t.deepEqual(run(statusMismatch, clean()), []);
  t.deepEqual(
    run(
      statusMismatch,
      variant((f) => (obj(f, 'job_record.json').status = ' archived ')),
    ),
    [],
  );
  t.deepEqual(
    run(
      statusMismatch,
      variant((f) => {
        obj(f, 'job_record.json').status = 'DRAFT';
        f['final.json'] = undefined;
      }),
    ),
    [],
  );
});

test('missing_job_record: an archived-only folder, as info', (t) => {
  const found = run(
    missingJobRecord,
    variant((f) => (f['job_record.json'] = undefined)),
  );
  t.deepEqual(summary(found), [
    { kind: 'missing_job_record', severity: 'info', values: { job_record: null, seeded_from: 'final_only' } },
  ]);
  t.deepEqual(found[0]!.paths, [`${JOB}/job_record.json`]);
});

test('missing_job_record: silent when job_record.json exists, even unparsable', (t) => {
  t.deepEqual(run(missingJobRecord, clean()), []);
  t.deepEqual(
    run(
      missingJobRecord,
      variant((f) => (f['job_record.json'] = '{"job_id": ')),
    ),
    [],
  );
});

test('identity_mismatch: one finding per field, with every stating source', (t) => {
  const found = run(
    identityMismatch,
    variant((f) => {
      obj(f, 'job_record.json').job_id = 'job_0123456789ac';
      obj(f, 'final.json').job_number = 'J0100';
      obj(f, 'final.geojson').features[0].properties.job_number = 'J0101';
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'identity_mismatch',
      severity: 'error',
      values: { field: 'job_id', folder: JOB, job_record: 'job_0123456789ac', final: JOB },
    },
    {
      kind: 'identity_mismatch',
      severity: 'error',
      values: { field: 'job_number', job_record: 'J0100', final: 'J0100', final_geojson: 'J0101' },
    },
  ]);
  t.deepEqual(found[1]!.paths, [`${JOB}/job_record.json`, `${JOB}/final.json`, `${JOB}/final.geojson`]);
});

test('identity_mismatch: silent when all agree or only one source states a value', (t) => {
  t.deepEqual(run(identityMismatch, clean()), []);
  t.deepEqual(
    run(
      identityMismatch,
      variant((f) => (f['job_record.json'] = undefined)),
    ),
    [],
  );
});

test('field_mismatch: per field and per snapshot, compared as identities', (t) => {
  const found = run(
    fieldMismatch,
    variant((f) => {
      obj(f, 'final.json').form.data.client_tree_details.tree_species = 'Silver maple';
      f['final_correction.json'] = structuredClone(obj(f, 'final.json'));
      obj(f, 'final_correction.json').form.data.client_tree_details.client = 'Riverside HOA';
      obj(f, 'final_correction.json').form.data.client_tree_details.tree_number = 'four';
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'field_mismatch',
      severity: 'error',
      values: { field: 'tree_species', job_record: 'Red oak', final: 'Silver maple' },
    },
    {
      kind: 'field_mismatch',
      severity: 'error',
      values: { field: 'customer_name', job_record: ' ACME parks ', correction: 'Riverside HOA' },
    },
    {
      kind: 'field_mismatch',
      severity: 'error',
      values: { field: 'tree_number', job_record: 3, correction: 'four' },
    },
    {
      kind: 'field_mismatch',
      severity: 'error',
      values: { field: 'tree_species', job_record: 'Red oak', correction: 'Silver maple' },
    },
  ]);
});

test('field_mismatch: silent for spelling variants and for a side that is absent', (t) => {
  // clean() already spells customer, tree ("three" vs 3) and species differently.
  t.deepEqual(run(fieldMismatch, clean()), []);
  t.deepEqual(
    run(
      fieldMismatch,
      variant((f) => delete obj(f, 'final.json').form.data.client_tree_details.tree_species),
    ),
    [],
  );
  t.deepEqual(
    run(
      fieldMismatch,
      variant((f) => (obj(f, 'job_record.json').customer_name = ['Acme Parks'])),
    ),
    [],
  );
  t.deepEqual(
    run(
      fieldMismatch,
      variant((f) => (obj(f, 'final.json').form = null)),
    ),
    [],
  );
});

test('final_round_missing: a snapshot round with no round folder', (t) => {
  const found = run(
    finalRoundMissing,
    variant((f) => (obj(f, 'final.json').round_id = 'round_3')),
  );
  t.deepEqual(summary(found), [
    { kind: 'final_round_missing', severity: 'warning', values: { final: 'round_3', rounds: ['round_1'] } },
  ]);
});

test('final_round_missing: an empty round folder still counts as the round', (t) => {
  t.deepEqual(run(finalRoundMissing, clean()), []);
  t.deepEqual(
    run(
      finalRoundMissing,
      variant((f) => (obj(f, 'final.json').round_id = 'round_3')),
      ['round_3'],
    ),
    [],
  );
});

test('correction_without_final: only the correction is on disk', (t) => {
  const found = run(
    correctionWithoutFinal,
    variant((f) => {
      f['final_correction.json'] = f['final.json'];
      f['final.json'] = undefined;
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'correction_without_final',
      severity: 'warning',
      values: { correction: `${JOB}/final_correction.json`, final: null },
    },
  ]);
  t.deepEqual(
    run(
      correctionWithoutFinal,
      variant((f) => (f['final_correction.json'] = f['final.json'])),
    ),
    [],
  );
  t.deepEqual(run(correctionWithoutFinal, clean()), []);
});

test('media_unplaced: one finding per recording or image no round places', (t) => {
  const found = run(
    mediaUnplaced,
    variant((f) => {
      f['sections/site_factors/recordings/rec_2.m4a'] = 'M4A';
      f['sections/job_photos/images/img_2.meta.json'] = { image_id: 'img_2' };
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'media_unplaced',
      severity: 'warning',
      values: { medium: 'recording', section_id: 'site_factors', recording_id: 'rec_2', round_id: null },
    },
    {
      kind: 'media_unplaced',
      severity: 'warning',
      values: { medium: 'image', section_id: 'job_photos', image_id: 'img_2', round_id: null },
    },
  ]);
  t.deepEqual(found[0]!.paths, [`${JOB}/sections/site_factors/recordings/rec_2.m4a`]);
});

test('media_unplaced: a review alone is enough to place', (t) => {
  t.deepEqual(run(mediaUnplaced, clean()), []);
  t.deepEqual(
    run(
      mediaUnplaced,
      variant((f) => (f['rounds/round_1/manifest.json'] = [])),
    ),
    [],
  );
});

test('media_file_missing: metadata without bytes', (t) => {
  const found = run(
    mediaFileMissing,
    variant((f) => {
      f['sections/trunk/recordings/rec_1.wav'] = undefined;
      f['sections/job_photos/images/img_1.jpg'] = undefined;
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'media_file_missing',
      severity: 'warning',
      values: {
        medium: 'recording',
        section_id: 'trunk',
        recording_id: 'rec_1',
        meta: `${JOB}/sections/trunk/recordings/rec_1.meta.json`,
        file: null,
      },
    },
    {
      kind: 'media_file_missing',
      severity: 'warning',
      values: {
        medium: 'image',
        section_id: 'job_photos',
        image_id: 'img_1',
        meta: `${JOB}/sections/job_photos/images/img_1.meta.json`,
        file: null,
      },
    },
  ]);
});

test('media_file_missing: silent with bytes, or with neither bytes nor meta', (t) => {
  t.deepEqual(run(mediaFileMissing, clean()), []);
  t.deepEqual(
    run(
      mediaFileMissing,
      variant((f) => {
        f['sections/trunk/recordings/rec_1.wav'] = undefined;
        f['sections/trunk/recordings/rec_1.meta.json'] = undefined;
      }),
    ),
    [],
  );
});

test('media_meta_missing: bytes without metadata', (t) => {
  const found = run(
    mediaMetaMissing,
    variant((f) => (f['sections/trunk/recordings/rec_1.meta.json'] = undefined)),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'media_meta_missing',
      severity: 'warning',
      values: {
        medium: 'recording',
        section_id: 'trunk',
        recording_id: 'rec_1',
        file: `${JOB}/sections/trunk/recordings/rec_1.wav`,
        meta: null,
      },
    },
  ]);
});

test('media_meta_missing: a truncated meta is on disk, so not missing (it is an import issue)', (t) => {
  t.deepEqual(run(mediaMetaMissing, clean()), []);
  t.deepEqual(
    run(
      mediaMetaMissing,
      variant((f) => (f['sections/trunk/recordings/rec_1.meta.json'] = '{"recording_id": "rec')),
    ),
    [],
  );
});

test('manifest_item_missing: a manifest item with nothing of it on disk', (t) => {
  const found = run(
    manifestItemMissing,
    variant((f) => {
      (f['rounds/round_1/manifest.json'] as unknown[]).push(
        { artifact_id: 'rec_9', section_id: 'site_factors', kind: 'recording' },
        17,
        { artifact_id: 'img_9', section_id: 'job_photos' },
        // Same id as an on-disk recording, other section: still missing.
        { artifact_id: 'rec_1', section_id: 'roots' },
      );
    }),
  );
  t.deepEqual(
    found.map((x) => x.values),
    [
      {
        round_id: 'round_1',
        section_id: 'site_factors',
        artifact_id: 'rec_9',
        kind: 'recording',
        disk: null,
      },
      { round_id: 'round_1', section_id: 'job_photos', artifact_id: 'img_9', kind: 'image', disk: null },
      { round_id: 'round_1', section_id: 'roots', artifact_id: 'rec_1', kind: 'recording', disk: null },
    ],
  );
  t.true(
    found.every((x) => x.severity === 'warning' && x.paths[0] === `${JOB}/rounds/round_1/manifest.json`),
  );
});

test('manifest_item_missing: any file of the upload (even a transcript alone) counts as on disk', (t) => {
  t.deepEqual(run(manifestItemMissing, clean()), []);
  t.deepEqual(
    run(
      manifestItemMissing,
      variant((f) => {
        f['sections/trunk/recordings/rec_1.wav'] = undefined;
        f['sections/trunk/recordings/rec_1.meta.json'] = undefined;
      }),
    ),
    [],
  );
  t.deepEqual(
    run(
      manifestItemMissing,
      variant((f) => (f['rounds/round_1/manifest.json'] = 'not json')),
    ),
    [],
  );
});

test('report_image_missing: a referenced report image not on disk', (t) => {
  const found = run(
    reportImageMissing,
    variant((f) => (f['sections/job_photos/images/img_1.report.jpg'] = undefined)),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'report_image_missing',
      severity: 'warning',
      values: { final: 'sections/job_photos/images/img_1.report.jpg', disk: null },
    },
  ]);
  t.deepEqual(found[0]!.paths, [`${JOB}/final.json`, `${JOB}/sections/job_photos/images/img_1.report.jpg`]);
  // Only the relative `path` given, and it is missing.
  const byPath = run(
    reportImageMissing,
    variant((f) => {
      obj(f, 'final.json').report_images = [
        { caption: 'x', path: 'sections/job_photos/images/img_7.report.jpg' },
      ];
    }),
  );
  t.deepEqual(
    byPath.map((x) => x.values),
    [{ final: 'sections/job_photos/images/img_7.report.jpg', disk: null }],
  );
  const nothing = run(
    reportImageMissing,
    variant((f) => (obj(f, 'final.json').report_images = [{ caption: 'x' }])),
  );
  t.deepEqual(
    nothing.map((x) => x.values),
    [{ final: null, index: 0, disk: null }],
  );
});

test('report_image_missing: either path resolving to a file is enough; an escaping path is not this rule', (t) => {
  t.deepEqual(run(reportImageMissing, clean()), []);
  t.deepEqual(
    run(
      reportImageMissing,
      variant(
        (f) => (obj(f, 'final.json').report_images[0].stored_path = '/srv/old/data/jobs/job_other/x.jpg'),
      ),
    ),
    [],
  );
  t.deepEqual(
    run(
      reportImageMissing,
      variant((f) => (obj(f, 'final.json').report_images = [{ stored_path: '/etc/passwd' }])),
    ),
    [],
  );
});

test('geojson_drift: coordinates, identity and privacy leaks, one finding per export', (t) => {
  const found = run(
    geojsonDrift,
    variant((f) => {
      const feature = obj(f, 'final.geojson').features[0];
      feature.geometry.coordinates = [-122.68, 45.52];
      feature.properties.user_name = 'Someone Else';
      feature.properties.form_data.client_tree_details.client = 'Acme Parks';
      feature.properties.images[0].stored_path = `${OLD}/sections/job_photos/images/img_1.report.jpg`;
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'geojson_drift',
      severity: 'error',
      values: {
        snapshot: 'final',
        user_name: { stored: 'Someone Else', expected: 'Dana Whitfield' },
        coordinates: { stored: [-122.68, 45.52], expected: [-122.6, 45.5] },
        privacy_leak: {
          stored: ['/form_data/client_tree_details/client', '/images/0/stored_path'],
          expected: [],
        },
      },
    },
  ]);
  t.deepEqual(found[0]!.paths, [`${JOB}/final.geojson`, `${JOB}/final.json`]);
});

test('geojson_drift: silent when the export matches, is absent, or is not JSON', (t) => {
  t.deepEqual(run(geojsonDrift, clean()), []);
  t.deepEqual(
    run(
      geojsonDrift,
      variant((f) => (f['final.geojson'] = undefined)),
    ),
    [],
  );
  t.deepEqual(
    run(
      geojsonDrift,
      variant((f) => (f['final.geojson'] = '{"type": ')),
    ),
    [],
  );
  // A correction export with no correction snapshot has nothing to be compared with.
  t.deepEqual(
    run(
      geojsonDrift,
      variant((f) => (f['final_correction.geojson'] = { type: 'FeatureCollection' })),
    ),
    [],
  );
});

test('path_outside_job: meta and snapshot paths that leave the job folder', (t) => {
  const other = '/srv/old/data/jobs/job_other/sections/trunk/recordings/rec_1.wav';
  const escaping = `${OLD}/../../../../etc/passwd`;
  const found = run(
    pathOutsideJob,
    variant((f) => {
      obj(f, 'sections/trunk/recordings/rec_1.meta.json').stored_path = other;
      obj(f, 'sections/job_photos/images/img_1.meta.json').report_image_path = escaping;
      obj(f, 'final.json').report_images[0].stored_path = escaping;
    }),
  );
  t.deepEqual(summary(found), [
    {
      kind: 'path_outside_job',
      severity: 'warning',
      values: {
        stored_path: escaping,
        job_folder: JOB,
        source: `${JOB}/final.json#/report_images/0/stored_path`,
      },
    },
    {
      kind: 'path_outside_job',
      severity: 'warning',
      values: {
        stored_path: escaping,
        job_folder: JOB,
        source: `${JOB}/sections/job_photos/images/img_1.meta.json#/report_image_path`,
      },
    },
    {
      kind: 'path_outside_job',
      severity: 'warning',
      values: {
        stored_path: other,
        job_folder: JOB,
        source: `${JOB}/sections/trunk/recordings/rec_1.meta.json#/stored_path`,
      },
    },
  ]);
  t.is(new Set(found.map(findingId)).size, 3);
});

test('path_outside_job: silent for paths inside the job, empty or absent', (t) => {
  t.deepEqual(run(pathOutsideJob, clean()), []);
  t.deepEqual(
    run(
      pathOutsideJob,
      variant((f) => {
        obj(f, 'sections/trunk/recordings/rec_1.meta.json').stored_path = '';
        delete obj(f, 'sections/job_photos/images/img_1.meta.json').stored_path;
      }),
    ),
    [],
  );
});

test('rules are null-safe: every JSON file broken, or an empty folder', (t) => {
  const broken: Files = {};
  for (const rel of Object.keys(clean()))
    broken[rel] = rel.endsWith('.json') || rel.endsWith('.geojson') ? '{' : 'x';
  const job = readJobFrom(broken);
  const plan = planJob(job);
  const kinds = reconcileJob(job, plan).map((f) => f.kind);
  t.false(kinds.includes('missing_job_record'));
  const empty = readJobFrom({});
  t.deepEqual(
    reconcileJob(empty, planJob(empty)).map((f) => f.kind),
    ['missing_job_record'],
  );
  const wrongTypes = readJobFrom({
    'job_record.json': [1],
    'final.json': 'null',
    'final.geojson': '[]',
    'rounds/round_1/manifest.json': { a: 1 },
  });
  t.notThrows(() => reconcileJob(wrongTypes, planJob(wrongTypes)));
});

// ---------------------------------------------------------------------------------------------
// The fixture store (fixtures/README.md).

async function reconcileFixtures(): Promise<Finding[]> {
  const { jobDirs } = await listJobFolders(FIXTURES);
  const out: Finding[] = [];
  for (const dir of jobDirs) {
    const job = await readJob(FIXTURES, await scanJobFolder(FIXTURES, dir));
    const plan: JobPlan = planJob(job);
    out.push(...reconcileJob(job, plan));
  }
  return out;
}

// What fixtures/README.md documents, finding by finding.
const EXPECTED_FIXTURE_FINDINGS = [
  'job_1 missing_job_record info',
  // Record latest_round_id against each snapshot (README "Record versus snapshot lineage").
  'job_4a1f0c2b9e01 latest_round_mismatch warning', // final round_2 (correction round_5 agrees)
  'job_6c2d7e9f0a13 latest_round_mismatch warning', // final round_15
  'job_6c2d7e9f0a13 latest_round_mismatch warning', // correction round_15
  'job_7b3e8a1d5c24 latest_round_mismatch warning', // final round_3 (correction round_2 agrees)
  'job_7b3e8a1d5c24 final_round_missing warning',
  'job_9e4f1b6a2d35 field_mismatch error', // tree_species
  'job_9e4f1b6a2d35 geojson_drift error',
  'job_9e4f1b6a2d35 path_outside_job warning', // rec_9e_02 points into J0004
  'job_9e4f1b6a2d35 report_image_missing warning', // img_9e_3.report.jpg
  'job_a5c8d2e7f146 path_outside_job warning', // img_a5_1 -> /etc/passwd
  'job_c1d2e3f4a5b6 identity_mismatch error', // job_id ...b7
  'job_c1d2e3f4a5b6 manifest_item_missing warning', // rec_c1_02
  'job_c1d2e3f4a5b6 media_meta_missing warning', // rec_c1_03.wav
  'job_f0a1b2c3d4e5 media_file_missing warning', // rec_f0_04
  'job_f0a1b2c3d4e5 media_unplaced warning', // rec_f0_05
];

test('the fixture store yields exactly the documented findings', async (t) => {
  const findings = await reconcileFixtures();
  t.deepEqual(
    findings.map((f) => `${f.job_id} ${f.kind} ${f.severity}`).sort(),
    [...EXPECTED_FIXTURE_FINDINGS].sort(),
  );
  const byKind = (kind: string) => findings.filter((f) => f.kind === kind).map((f) => [f.job_id, f.values]);
  t.deepEqual(byKind('latest_round_mismatch'), [
    ['job_4a1f0c2b9e01', { job_record: 'round_5', final: 'round_2' }],
    ['job_6c2d7e9f0a13', { job_record: 'round_2', final: 'round_15' }],
    ['job_6c2d7e9f0a13', { job_record: 'round_2', correction: 'round_15' }],
    ['job_7b3e8a1d5c24', { job_record: 'round_2', final: 'round_3' }],
  ]);
  t.deepEqual(byKind('field_mismatch'), [
    [
      'job_9e4f1b6a2d35',
      {
        field: 'tree_species',
        job_record: 'Sugar maple (Acer saccharum)',
        final: 'Silver maple (Acer saccharinum)',
      },
    ],
  ]);
  t.deepEqual(byKind('geojson_drift'), [
    [
      'job_9e4f1b6a2d35',
      { snapshot: 'final', coordinates: { stored: [-122.68, 45.52], expected: [-122.6765, 45.5231] } },
    ],
  ]);
  t.deepEqual(byKind('report_image_missing'), [
    ['job_9e4f1b6a2d35', { final: 'sections/job_photos/images/img_9e_3.report.jpg', disk: null }],
  ]);
  t.deepEqual(byKind('identity_mismatch'), [
    ['job_c1d2e3f4a5b6', { field: 'job_id', folder: 'job_c1d2e3f4a5b6', job_record: 'job_c1d2e3f4a5b7' }],
  ]);
  t.deepEqual(byKind('media_unplaced'), [
    [
      'job_f0a1b2c3d4e5',
      { medium: 'recording', section_id: 'trunk', recording_id: 'rec_f0_05', round_id: null },
    ],
  ]);
});

test('finding ids are stable across runs and distinct within one', async (t) => {
  const first = (await reconcileFixtures()).map(findingId);
  const second = (await reconcileFixtures()).map(findingId);
  t.deepEqual(second, first);
  t.is(new Set(first).size, first.length);
  t.true(first.every((id) => /^F[0-9a-f]{15}$/.test(id)));
});
