import test from 'ava';
import { mentionedIn, mentionMedia, type RawRound } from '../../src/model/mentions.ts';

const round = (roundId: string, manifest: unknown, review: unknown = null): RawRound => ({
  roundId,
  manifest,
  review,
});
const entries = (map: Map<string, Set<string>>) => [...map].map(([key, rounds]) => [key, [...rounds].sort()]);

test('manifest items name recordings by section and images by job_photos or kind image', (t) => {
  const { recordings, images } = mentionMedia([
    round('round_1', [
      { artifact_id: 'rec_1', section_id: 'trunk', kind: 'recording' },
      { artifact_id: 'img_1', section_id: 'job_photos' },
      { artifact_id: 'img_2', section_id: 'trunk', kind: 'IMAGE' },
    ]),
  ]);
  t.deepEqual(entries(recordings), [['trunk/rec_1', ['round_1']]]);
  t.deepEqual(entries(images), [
    ['img_1', ['round_1']],
    ['img_2', ['round_1']],
  ]);
});

test('every round that names a medium is kept, not only the first', (t) => {
  const { recordings, images } = mentionMedia([
    round('round_1', [{ artifact_id: 'rec_1', section_id: 'trunk' }]),
    round('round_2', null, { section_recordings: { trunk: ['rec_1', 'rec_2'] }, images: ['img_1'] }),
    round('round_3', null, {
      section_recordings: { trunk: ['rec_1'] },
      images: [{ image_id: 'img_1' }, { artifact_id: 'img_2' }, { id: 'img_3' }],
    }),
  ]);
  t.deepEqual(entries(recordings), [
    ['trunk/rec_1', ['round_1', 'round_2', 'round_3']],
    ['trunk/rec_2', ['round_2']],
  ]);
  t.deepEqual(entries(images), [
    ['img_1', ['round_2', 'round_3']],
    ['img_2', ['round_3']],
    ['img_3', ['round_3']],
  ]);
});

test('a manifest the schema rejects still names its media; items that are not objects are skipped', (t) => {
  // client_order as text and a missing section make the schema reject the whole manifest.
  const { recordings, images } = mentionMedia([
    round('round_1', [
      { artifact_id: 'rec_1', section_id: 'trunk', client_order: 'first' },
      { artifact_id: 'img_9', kind: 'image' },
      'rec_x',
      null,
      7,
    ]),
  ]);
  t.deepEqual(entries(recordings), [['trunk/rec_1', ['round_1']]]);
  t.deepEqual(entries(images), [['img_9', ['round_1']]]);
});

test('ids read as PostgreSQL ->> reads them: numbers as text, objects, arrays and nulls name nothing', (t) => {
  const { recordings, images } = mentionMedia([
    round(
      'round_1',
      [
        { artifact_id: 12, section_id: 'trunk' },
        { artifact_id: { id: 'x' }, section_id: 'trunk' },
        { artifact_id: null, section_id: 'trunk' },
      ],
      {
        section_recordings: { crown: [3, null, ['nested'], 'rec_4'], roots: 'not a list' },
        images: [{ image_id: null, artifact_id: 5 }, { caption: 'no id' }, 42],
      },
    ),
  ]);
  t.deepEqual(entries(recordings), [
    ['trunk/12', ['round_1']],
    ['crown/3', ['round_1']],
    ['crown/rec_4', ['round_1']],
  ]);
  t.deepEqual(entries(images), [['5', ['round_1']]]);
});

test('manifests and reviews of an unexpected shape name nothing', (t) => {
  const { recordings, images } = mentionMedia([
    round('round_1', { artifact_id: 'rec_1', section_id: 'trunk' }, ['not', 'an', 'object']),
    round('round_2', 'text', { section_recordings: ['trunk'], images: { img_1: true } }),
  ]);
  t.is(recordings.size, 0);
  t.is(images.size, 0);
});

test('mentionedIn adds the placement round and sorts', (t) => {
  t.deepEqual(mentionedIn(new Set(['round_2', 'round_1']), 'round_1'), ['round_1', 'round_2']);
  t.deepEqual(mentionedIn(undefined, 'round_3'), ['round_3']);
  t.deepEqual(mentionedIn(undefined, null), []);
});
