import test from 'ava';
import { filesOf, planPrune, refusalsFor, type Candidate } from '../../src/prune/policy.ts';

const candidate = (candidate: Candidate['candidate'], key: string, job_id = 'job_a'): Candidate => ({
  job_id,
  candidate,
  key,
  round_id: null,
  artifact_kind: null,
  reason: 'r',
});

test('a job is refused for each snapshot that is missing or changed on disk and each retained problem', (t) => {
  t.deepEqual(
    refusalsFor({
      snapshots: [
        { kind: 'final', path: 'job_a/final.json', storedSha256: 'a'.repeat(64), diskSha256: 'a'.repeat(64) },
      ],
      problems: [],
    }),
    [],
  );
  t.deepEqual(
    refusalsFor({
      snapshots: [
        { kind: 'final', path: 'job_a/final.json', storedSha256: 'a'.repeat(64), diskSha256: 'b'.repeat(64) },
        {
          kind: 'correction',
          path: 'job_a/final_correction.json',
          storedSha256: 'c'.repeat(64),
          diskSha256: null,
        },
      ],
      problems: ['retained file job_a/final.geojson is missing from disk'],
    }),
    [
      `job_a/final.json on disk no longer matches the archived final (database sha256 ${'a'.repeat(12)}, disk ${'b'.repeat(12)})`,
      'job_a/final_correction.json (the correction) is missing from disk',
      'retained file job_a/final.geojson is missing from disk',
    ],
  );
  t.deepEqual(refusalsFor({ snapshots: [], problems: [] }), ['it has no snapshot in job_finals']);
  t.deepEqual(refusalsFor(undefined), ['its snapshots were not checked on disk']);
});

test("candidates are grouped per job and carry their job's refusals", (t) => {
  const plans = planPrune(
    [candidate('round', 'round_1'), candidate('round', 'round_1', 'job_b')],
    new Map([['job_a', { snapshots: [], problems: ['x'] }]]),
  );
  t.deepEqual(
    plans.map((p) => [p.jobId, p.candidates.length, p.refusals]),
    [
      ['job_a', 1, ['it has no snapshot in job_finals', 'x']],
      ['job_b', 1, ['its snapshots were not checked on disk']],
    ],
  );
});

test('the files of a pruned job are its artifacts and the metadata of its pruned media', (t) => {
  t.deepEqual(
    filesOf('job_a', [
      candidate('round', 'round_1'),
      candidate('recording', 'trunk/rec_1'),
      candidate('image', 'img_1'),
      candidate('artifact', 'job_a/sections/trunk/recordings/rec_1.wav'),
    ]),
    [
      'job_a/sections/job_photos/images/img_1.meta.json',
      'job_a/sections/trunk/recordings/rec_1.meta.json',
      'job_a/sections/trunk/recordings/rec_1.wav',
    ],
  );
});
