import test from 'ava';
import { compareCounts } from '../../src/verify/counts.ts';

test('only differing counts are reported, in a fixed order, absent counts as 0', (t) => {
  const disk = new Map([
    ['job', 1],
    ['rounds', 2],
    ['recordings', 3],
    ['artifacts audio', 3],
    ['artifacts review_json', 2],
  ]);
  const database = new Map([
    ['job', 1],
    ['rounds', 2],
    ['recordings', 2],
    ['artifacts audio', 3],
    ['artifacts other', 1],
  ]);
  t.deepEqual(compareCounts('job_x', disk, database), [
    { job_id: 'job_x', count: 'recordings', disk: 3, database: 2 },
    { job_id: 'job_x', count: 'artifacts other', disk: 0, database: 1 },
    { job_id: 'job_x', count: 'artifacts review_json', disk: 2, database: 0 },
  ]);
  t.deepEqual(compareCounts('job_x', disk, disk), []);
});

test('a job on one side only differs in every count it has', (t) => {
  t.deepEqual(
    compareCounts(
      'job_gone',
      new Map(),
      new Map([
        ['job', 1],
        ['finals', 1],
      ]),
    ),
    [
      { job_id: 'job_gone', count: 'job', disk: 0, database: 1 },
      { job_id: 'job_gone', count: 'finals', disk: 0, database: 1 },
    ],
  );
});
