import test from 'ava';
import {
  assertInJob,
  assertJobFolderName,
  relativeSegments,
  UnsafePathError,
} from '../../src/files/jobs-root.ts';
import { imageInfo } from '../../src/outputs/image-info.ts';
import { buildLetterModel, displayText, ratingText } from '../../src/outputs/letter-model.ts';
import { finalSchema } from '../../src/legacy/schemas.ts';
import { solidPng } from '../helpers/png.ts';

test('display text of loosely typed legacy values', (t) => {
  t.is(displayText('24 months'), '24 months');
  t.is(displayText(92), '92');
  t.is(displayText({ text: 'Low' }), 'Low');
  t.is(displayText(null), 'not recorded');
  t.is(displayText(''), 'not recorded');
  t.is(displayText({ rating: 'x' }), '{"rating":"x"}');
});

test("ratings print as text: the rating of the form's objects, never their JSON", (t) => {
  t.is(ratingText('Low'), 'Low');
  t.is(ratingText({ rating: 'low', section_id: 'overall_residual_risk' }), 'low');
  t.is(ratingText({ section_id: 'recommended_inspection_interval', text: '3 months' }), '3 months');
  t.is(ratingText({ value: 2 }), '2');
  for (const none of [null, '', {}, { section_id: 'x' }, { rating: '' }, { rating: { nested: 1 } }, ['low']])
    t.is(ratingText(none), 'not recorded', JSON.stringify(none));
});

test('the letter of a real-shaped final: every rating and the interval as text', (t) => {
  const section = (id: string, fields: object) => ({ ...fields, section_id: id });
  const raw = {
    user_name: 'Renée Okafor',
    form: {
      data: {
        overall_tree_risk_rating: section('overall_tree_risk_rating', { rating: 'moderate' }),
        overall_residual_risk: section('overall_residual_risk', { rating: 'low' }),
        recommended_inspection_interval: section('recommended_inspection_interval', { text: '12 months' }),
        risk_categorization: [{ target: 'Playground', risk_rating: { rating: 'high' } }],
      },
    },
  };
  const model = buildLetterModel('job_a', 'J0021', 'final', finalSchema.parse(raw), raw);
  t.deepEqual(model.ratings, [
    ['Overall tree risk rating', 'moderate'],
    ['Overall residual risk', 'low'],
  ]);
  t.is(model.inspectionInterval, '12 months');
  t.deepEqual(model.riskRows, ['Playground: risk high']);
  t.false(JSON.stringify(model).includes('section_id'), 'no raw JSON anywhere in the letter');
});

test('the report model takes job number, assessor, details, ratings, narrative, interval and images from the snapshot', (t) => {
  const raw = {
    user_name: 'Dana Whitfield',
    narrative: 'Old plain narrative',
    profile: { isa_number: 'PN-1' },
    form: {
      data: {
        client_tree_details: { client: 'Acme', tree_number: 'three', dbh: '24 in', date: '2023-01-02' },
        overall_tree_risk_rating: { rating: 'Moderate' },
        recommended_inspection_interval: '12 months',
        risk_categorization: [{ target: 'Path', tree_part: 'Limb', risk_rating: 'low' }, 17],
      },
    },
    report_images: [
      { caption: 'ok', path: 'sections/job_photos/images/a.report.jpg' },
      { caption: 'escape', path: '../job_b/x.jpg' },
      { stored_path: '/srv/old/jobs/job_a/sections/job_photos/images/b.report.jpg' },
    ],
  };
  const model = buildLetterModel('job_a', 'J0001', 'correction', finalSchema.parse(raw), raw);
  t.is(model.title, 'Tree risk assessment report J0001 (corrected)');
  t.is(model.assessor, 'Dana Whitfield');
  t.deepEqual(model.assessorDetails, ['ISA certification PN-1']);
  t.deepEqual(model.treeDetails.slice(0, 2), [
    ['Client', 'Acme'],
    ['Tree number', 'three'],
  ]);
  t.deepEqual(model.ratings[0], ['Overall tree risk rating', 'Moderate']);
  t.deepEqual(model.riskRows, ['Path, Limb: risk low', '17']);
  t.is(model.narrative, 'Old plain narrative');
  t.is(model.inspectionInterval, '12 months');
  t.deepEqual(
    model.images.map((i) => [i.caption, i.jobPath]),
    [
      ['ok', 'sections/job_photos/images/a.report.jpg'],
      ['escape', null],
      ['Untitled image', 'sections/job_photos/images/b.report.jpg'],
    ],
  );
});

test('image headers: real PNG and JPEG sizes, placeholders refused', (t) => {
  t.deepEqual(imageInfo(solidPng(7, 5)), { type: 'png', width: 7, height: 5 });
  const jpeg = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x20, 0x00, 0x30,
  ]);
  t.deepEqual(imageInfo(jpeg), { type: 'jpg', width: 48, height: 32 });
  t.is(imageInfo(Buffer.from('\xff\xd8\xff\xe0fake-report-jpg', 'latin1')), null);
  t.is(imageInfo(Buffer.from('not an image')), null);
});

test('jobs-root paths: relative, no dot segments, inside their job', (t) => {
  t.deepEqual(relativeSegments('job_a/final.json'), ['job_a', 'final.json']);
  const notRelative = (rel: string) => `path "${rel}" is not relative to the jobs root: refused`;
  const badSegment = (rel: string) => `path "${rel}" has an empty, "." or ".." segment: refused`;
  for (const [bad, message] of [
    ['/etc/passwd', notRelative('/etc/passwd')],
    ['../x', badSegment('../x')],
    ['job_a/../job_b/x', badSegment('job_a/../job_b/x')],
    ['job_a//x', badSegment('job_a//x')],
    ['job_a/./x', badSegment('job_a/./x')],
    ['C:/x', notRelative('C:/x')],
    ['job_a\\x', notRelative('job_a\\x')],
    ['a\0b', notRelative('a\0b')],
    ['', notRelative('')],
  ] as const) {
    t.throws(() => relativeSegments(bad), { instanceOf: UnsafePathError, message }, bad);
  }
  t.throws(() => assertJobFolderName('job_a/x'), {
    instanceOf: UnsafePathError,
    message: 'job id "job_a/x" is not a single folder name: refused',
  });
  t.notThrows(() => assertInJob('job_a', 'job_a/rounds/round_1/review.json'));
  t.throws(() => assertInJob('job_a', 'job_b/final.json'), {
    instanceOf: UnsafePathError,
    message: 'path "job_b/final.json" is not inside job folder job_a: refused',
  });
  t.throws(() => assertInJob('job_a', 'job_a'), {
    instanceOf: UnsafePathError,
    message: 'path "job_a" is not inside job folder job_a: refused',
  });
});
