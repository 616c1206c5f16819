import test from 'ava';
import { placeMedia, recordingKey, type Placement, type RoundSources } from '../../src/model/placement.ts';
import type { ManifestItem, Review } from '../../src/legacy/schemas.ts';

const rec = (artifact_id: string, section_id: string): ManifestItem => ({
  artifact_id,
  section_id,
  client_order: 0,
  kind: 'recording',
  issue_id: null,
  recorded_at: null,
});
const img = (artifact_id: string, kind = 'image'): ManifestItem => ({
  artifact_id,
  section_id: 'job_photos',
  client_order: 0,
  kind,
  issue_id: null,
  recorded_at: null,
});
const review = (sectionRecordings: Record<string, string[]>, images: unknown[] = []): Review => ({
  section_recordings: sectionRecordings,
  images,
});
const round = (
  roundId: string,
  manifest: ManifestItem[] | null,
  rev: Review | null = null,
): RoundSources => ({
  roundId,
  manifest,
  review: rev,
});
const at = (roundId: string, source: Placement['source']): Placement => ({ roundId, source });

test('recordingKey is "<section>/<recording>"', (t) => {
  t.is(recordingKey('trunk', 'rec_1'), 'trunk/rec_1');
});

test('a manifest places its recordings and images in its round', (t) => {
  const { recordings, images } = placeMedia([
    round('round_1', [rec('rec_1', 'trunk'), rec('rec_2', 'site_factors'), img('img_1')]),
  ]);
  t.deepEqual(
    [...recordings],
    [
      ['trunk/rec_1', at('round_1', 'manifest')],
      ['site_factors/rec_2', at('round_1', 'manifest')],
    ],
  );
  t.deepEqual([...images], [['img_1', at('round_1', 'manifest')]]);
});

test('a review alone places recordings (section_recordings) and images', (t) => {
  const { recordings, images } = placeMedia([
    round('round_1', null, review({ trunk: ['rec_1'], roots: ['rec_2', 'rec_3'] }, [{ image_id: 'img_1' }])),
  ]);
  t.deepEqual(recordings.get('trunk/rec_1'), at('round_1', 'review'));
  t.deepEqual(recordings.get('roots/rec_2'), at('round_1', 'review'));
  t.deepEqual(recordings.get('roots/rec_3'), at('round_1', 'review'));
  t.is(recordings.size, 3);
  t.deepEqual([...images], [['img_1', at('round_1', 'review')]]);
});

test('within one round the manifest is named as the source', (t) => {
  const { recordings, images } = placeMedia([
    round(
      'round_1',
      [rec('rec_1', 'trunk'), img('img_1')],
      review({ trunk: ['rec_1'] }, [{ image_id: 'img_1' }]),
    ),
  ]);
  t.deepEqual(recordings.get('trunk/rec_1'), at('round_1', 'manifest'));
  t.deepEqual(images.get('img_1'), at('round_1', 'manifest'));
});

test('the earliest round by either source wins: an earlier review beats a later manifest', (t) => {
  // J0004's rec_4a_05: listed by round_2's review and only round_5's manifest.
  const { recordings } = placeMedia([
    round(
      'round_5',
      [rec('rec_4a_05', 'overall_tree_risk_rating')],
      review({ overall_tree_risk_rating: ['rec_4a_05'] }),
    ),
    round('round_2', [], review({ overall_tree_risk_rating: ['rec_4a_05'] })),
  ]);
  t.deepEqual(recordings.get('overall_tree_risk_rating/rec_4a_05'), at('round_2', 'review'));
});

test('cumulative reviews re-listing earlier media do not move them', (t) => {
  const { recordings, images } = placeMedia([
    round(
      'round_1',
      [rec('rec_1', 'trunk'), img('img_1')],
      review({ trunk: ['rec_1'] }, [{ image_id: 'img_1' }]),
    ),
    round(
      'round_2',
      [rec('rec_2', 'trunk'), img('img_2')],
      review({ trunk: ['rec_1', 'rec_2'] }, [{ image_id: 'img_1' }, { image_id: 'img_2' }]),
    ),
    round(
      'round_3',
      [],
      review({ trunk: ['rec_1', 'rec_2', 'rec_3'] }, [{ image_id: 'img_1' }, { image_id: 'img_2' }]),
    ),
  ]);
  t.deepEqual(Object.fromEntries(recordings), {
    'trunk/rec_1': at('round_1', 'manifest'),
    'trunk/rec_2': at('round_2', 'manifest'),
    'trunk/rec_3': at('round_3', 'review'),
  });
  t.deepEqual(Object.fromEntries(images), {
    img_1: at('round_1', 'manifest'),
    img_2: at('round_2', 'manifest'),
  });
});

test('rounds are taken in natural order: round_15 comes after round_2', (t) => {
  // J0006's rec_6c_03: review-only, listed by round_2 and round_15 (a lexicographic sort would pick round_15).
  const { recordings, images } = placeMedia([
    round(
      'round_15',
      [],
      review({ trunk: ['rec_6c_03'], target_assessment: ['rec_6c_04'] }, [
        { image_id: 'img_1' },
        { image_id: 'img_2' },
      ]),
    ),
    round(
      'round_2',
      [rec('rec_6c_01', 'client_tree_details'), img('img_1')],
      review({ trunk: ['rec_6c_03'] }, [{ image_id: 'img_1' }]),
    ),
  ]);
  t.deepEqual(recordings.get('trunk/rec_6c_03'), at('round_2', 'review'));
  t.deepEqual(recordings.get('target_assessment/rec_6c_04'), at('round_15', 'review'));
  t.deepEqual(recordings.get('client_tree_details/rec_6c_01'), at('round_2', 'manifest'));
  t.deepEqual(images.get('img_1'), at('round_2', 'manifest'));
  t.deepEqual(images.get('img_2'), at('round_15', 'review'));
});

test('images: manifest kind "image" (any case) or the job_photos section; review images as objects or bare strings', (t) => {
  const { recordings, images } = placeMedia([
    round('round_1', [
      img('img_manifest'),
      img('img_upper', 'IMAGE'),
      { ...img('img_no_kind'), kind: null },
      { ...rec('img_other_section', 'site_photos'), kind: 'image' },
    ]),
    round('round_2', null, review({}, [{ image_id: 'img_object', caption: 'North side' }, 'img_bare'])),
  ]);
  t.deepEqual(Object.fromEntries(images), {
    img_manifest: at('round_1', 'manifest'),
    img_upper: at('round_1', 'manifest'),
    img_no_kind: at('round_1', 'manifest'),
    img_other_section: at('round_1', 'manifest'),
    img_object: at('round_2', 'review'),
    img_bare: at('round_2', 'review'),
  });
  t.is(recordings.size, 0);
});

test('review images without a usable id place nothing', (t) => {
  const { images } = placeMedia([
    round('round_1', null, review({}, [null, 17, { caption: 'no id' }, { image_id: 5 }])),
  ]);
  t.is(images.size, 0);
});

test('a recording id is scoped to its section', (t) => {
  const { recordings } = placeMedia([
    round('round_1', [rec('rec_1', 'trunk')]),
    round('round_2', [rec('rec_1', 'roots')]),
  ]);
  t.deepEqual(recordings.get('trunk/rec_1'), at('round_1', 'manifest'));
  t.deepEqual(recordings.get('roots/rec_1'), at('round_2', 'manifest'));
});

test('media nothing names stay unplaced (absent), never the latest round', (t) => {
  const { recordings, images } = placeMedia([
    round('round_1', [rec('rec_1', 'trunk')], review({ trunk: ['rec_1'] })),
    round('round_2', [], null),
    round('round_3', null, null),
  ]);
  t.false(recordings.has('trunk/rec_unplaced'));
  t.false(images.has('img_unplaced'));
  t.deepEqual([...recordings.keys()], ['trunk/rec_1']);
  t.deepEqual(placeMedia([]), { recordings: new Map(), images: new Map() });
});

test('missing or null review fields place nothing', (t) => {
  const { recordings, images } = placeMedia([
    round('round_1', null, {}),
    round('round_2', null, { section_recordings: null, images: null }),
    round('round_3', null, { section_recordings: { trunk: null } }),
  ]);
  t.is(recordings.size, 0);
  t.is(images.size, 0);
});
