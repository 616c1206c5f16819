import test from 'ava';
import {
  classifyJobFile,
  compareRoundIds,
  type JobFileRole,
  rebaseStoredPath,
} from '../../src/legacy/layout.ts';

// Every path kind of /work/shared/LEGACY_LAYOUT.md ("Tree"), relative to the job folder.
const CLASSIFIED: Array<[string, JobFileRole]> = [
  // Top-level metadata
  ['job_record.json', { role: 'metadata', kind: 'job_record' }],
  ['processed_artifacts.json', { role: 'metadata', kind: 'processed_artifacts' }],
  // Rounds
  ['rounds/round_1/manifest.json', { role: 'artifact', kind: 'manifest_json', roundId: 'round_1' }],
  ['rounds/round_15/review.json', { role: 'artifact', kind: 'review_json', roundId: 'round_15' }],
  // Recordings: audio of any extension, upload metadata, cached transcript
  [
    'sections/trunk/recordings/rec_1.wav',
    { role: 'artifact', kind: 'audio', sectionId: 'trunk', mediaId: 'rec_1' },
  ],
  [
    'sections/trunk/recordings/rec_2.m4a',
    { role: 'artifact', kind: 'audio', sectionId: 'trunk', mediaId: 'rec_2' },
  ],
  [
    'sections/site_factors/recordings/rec_3.mp3',
    { role: 'artifact', kind: 'audio', sectionId: 'site_factors', mediaId: 'rec_3' },
  ],
  [
    'sections/trunk/recordings/rec_1.meta.json',
    { role: 'metadata', kind: 'recording_meta', sectionId: 'trunk', mediaId: 'rec_1' },
  ],
  [
    'sections/trunk/recordings/rec_1.transcript.txt',
    { role: 'artifact', kind: 'transcript_txt', sectionId: 'trunk', mediaId: 'rec_1' },
  ],
  // Images: original, report-size variant, metadata (only under sections/job_photos/images)
  [
    'sections/job_photos/images/img_1.jpg',
    { role: 'artifact', kind: 'image', sectionId: 'job_photos', mediaId: 'img_1' },
  ],
  [
    'sections/job_photos/images/img_2.png',
    { role: 'artifact', kind: 'image', sectionId: 'job_photos', mediaId: 'img_2' },
  ],
  [
    'sections/job_photos/images/img_1.report.jpg',
    { role: 'artifact', kind: 'report_image', sectionId: 'job_photos', mediaId: 'img_1' },
  ],
  [
    'sections/job_photos/images/img_1.meta.json',
    { role: 'metadata', kind: 'image_meta', sectionId: 'job_photos', mediaId: 'img_1' },
  ],
  // Final outputs, including the old form PDF name; "correction" names belong to the correction snapshot
  ['final.json', { role: 'artifact', kind: 'final_json', snapshot: 'final' }],
  ['final_correction.json', { role: 'artifact', kind: 'final_json', snapshot: 'correction' }],
  ['final.geojson', { role: 'artifact', kind: 'geojson', snapshot: 'final' }],
  ['final_correction.geojson', { role: 'artifact', kind: 'geojson', snapshot: 'correction' }],
  ['final_traq_page1.pdf', { role: 'artifact', kind: 'final_pdf', snapshot: 'final' }],
  ['traq_page1.pdf', { role: 'artifact', kind: 'final_pdf', snapshot: 'final' }],
  ['final_traq_page1_correction.pdf', { role: 'artifact', kind: 'final_pdf', snapshot: 'correction' }],
  ['final_report_letter.pdf', { role: 'artifact', kind: 'report_pdf', snapshot: 'final' }],
  ['final_report_letter_correction.pdf', { role: 'artifact', kind: 'report_pdf', snapshot: 'correction' }],
  ['final_report_letter.docx', { role: 'artifact', kind: 'report_docx', snapshot: 'final' }],
  ['final_report_letter_correction.docx', { role: 'artifact', kind: 'report_docx', snapshot: 'correction' }],
];

const OTHER = [
  'notes.txt',
  'FINAL.JSON',
  'final_v2.json',
  'rounds/manifest.json',
  'rounds/round_1/notes.txt',
  'rounds/round_1/extra/manifest.json',
  'sections/trunk/images/img_1.jpg', // images only live in job_photos
  'sections/trunk/recordings/.DS_Store', // no name before the extension
  'sections/trunk/recordings/rec_1', // no extension
  'sections/trunk/recordings/nested/rec_1.wav',
  'sections/job_photos/images/.hidden',
  'sections/trunk/rec_1.wav',
];

test('classifyJobFile: every path kind of the legacy layout', (t) => {
  for (const [path, role] of CLASSIFIED) t.deepEqual(classifyJobFile(path), role, path);
});

test('classifyJobFile: unknown files are artifacts of kind "other"', (t) => {
  for (const path of OTHER) t.deepEqual(classifyJobFile(path), { role: 'artifact', kind: 'other' }, path);
});

test('classifyJobFile: media ids keep inner dots', (t) => {
  t.deepEqual(classifyJobFile('sections/job_photos/images/img.v2.jpg'), {
    role: 'artifact',
    kind: 'image',
    sectionId: 'job_photos',
    mediaId: 'img.v2',
  });
  t.deepEqual(classifyJobFile('sections/trunk/recordings/rec.v2.meta.json'), {
    role: 'metadata',
    kind: 'recording_meta',
    sectionId: 'trunk',
    mediaId: 'rec.v2',
  });
});

const JOB = 'job_4a1f0c2b9e01';
const OLD_ROOT = '/srv/legacy-server/data/jobs';

test('rebaseStoredPath: an absolute path under the old root is rebased onto the job folder', (t) => {
  t.is(
    rebaseStoredPath(`${OLD_ROOT}/${JOB}/sections/trunk/recordings/rec_4a_04.mp3`, JOB),
    'sections/trunk/recordings/rec_4a_04.mp3',
  );
  // The old root is unknown and differs per store.
  t.is(
    rebaseStoredPath(`/var/other/root/${JOB}/sections/job_photos/images/img_4a_1.report.jpg`, JOB),
    'sections/job_photos/images/img_4a_1.report.jpg',
  );
});

test('rebaseStoredPath: a path into another job is null', (t) => {
  t.is(rebaseStoredPath(`${OLD_ROOT}/job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.wav`, JOB), null);
  // A job id that is a prefix of another is not an anchor.
  t.is(rebaseStoredPath(`${OLD_ROOT}/job_10/sections/trunk/recordings/r.wav`, 'job_1'), null);
  t.is(rebaseStoredPath('/etc/passwd', JOB), null);
});

test('rebaseStoredPath: `..` and other non-canonical segments are null', (t) => {
  t.is(rebaseStoredPath(`${OLD_ROOT}/${JOB}/../../../../../etc/passwd`, JOB), null);
  t.is(rebaseStoredPath(`${OLD_ROOT}/${JOB}/sections/../../job_9e4f1b6a2d35/final.json`, JOB), null);
  t.is(rebaseStoredPath('../job_9e4f1b6a2d35/final.json', JOB), null);
  t.is(rebaseStoredPath('sections/./trunk/r.wav', JOB), null);
  t.is(rebaseStoredPath('sections//trunk/r.wav', JOB), null);
  t.is(rebaseStoredPath(`sections/trunk/r\0.wav`, JOB), null);
  // The job folder itself is not a file inside it.
  t.is(rebaseStoredPath(`${OLD_ROOT}/${JOB}`, JOB), null);
  t.is(rebaseStoredPath(`${OLD_ROOT}/${JOB}/`, JOB), null);
  t.is(rebaseStoredPath('', JOB), null);
});

test('rebaseStoredPath: relative paths inside the job', (t) => {
  t.is(
    rebaseStoredPath('sections/trunk/recordings/rec_4a_04.mp3', JOB),
    'sections/trunk/recordings/rec_4a_04.mp3',
  );
  t.is(
    rebaseStoredPath(`${JOB}/sections/trunk/recordings/rec_4a_04.mp3`, JOB),
    'sections/trunk/recordings/rec_4a_04.mp3',
  );
});

test('rebaseStoredPath: Windows backslashes', (t) => {
  t.is(
    rebaseStoredPath(`C:\\legacy\\data\\jobs\\${JOB}\\sections\\job_photos\\images\\img_4a_1.jpg`, JOB),
    'sections/job_photos/images/img_4a_1.jpg',
  );
  t.is(
    rebaseStoredPath(`\\\\fileserver\\share\\jobs\\${JOB}\\sections\\trunk\\recordings\\r.wav`, JOB),
    'sections/trunk/recordings/r.wav',
  );
  t.is(rebaseStoredPath('sections\\trunk\\recordings\\r.wav', JOB), 'sections/trunk/recordings/r.wav');
  t.is(rebaseStoredPath('C:\\legacy\\data\\jobs\\job_9e4f1b6a2d35\\final.json', JOB), null);
  t.is(rebaseStoredPath(`C:\\legacy\\jobs\\${JOB}\\..\\job_9e4f1b6a2d35\\final.json`, JOB), null);
  t.is(rebaseStoredPath('C:sections\\trunk\\r.wav', JOB), null);
});

test('compareRoundIds: natural order (round_2 < round_15)', (t) => {
  t.true(compareRoundIds('round_2', 'round_15') < 0);
  t.true(compareRoundIds('round_15', 'round_2') > 0);
  t.true(compareRoundIds('round_9', 'round_10') < 0);
  t.is(compareRoundIds('round_5', 'round_5'), 0);
  t.deepEqual(['round_15', 'round_2', 'round_10', 'round_1', 'round_5'].sort(compareRoundIds), [
    'round_1',
    'round_2',
    'round_5',
    'round_10',
    'round_15',
  ]);
});

test('a stored path inside another job folder is rejected even when a deeper folder shares this job name', (t) => {
  t.is(
    rebaseStoredPath(
      '/srv/legacy-server/data/jobs/job_9e4f1b6a2d35/sections/job_4a1f0c2b9e01/x.wav',
      'job_4a1f0c2b9e01',
    ),
    null,
  );
});
