import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { privacyLeaks } from '../../src/model/geojson.ts';
import { regenerateJobs } from '../../src/outputs/regenerate.ts';
import { solidPng } from '../helpers/png.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

const J4 = 'job_4a1f0c2b9e01';
const J6 = 'job_6c2d7e9f0a13';

// Each test gets its own store copy and database: they edit files between runs.
const setup = (t: { teardown: (fn: () => Promise<void>) => void }) =>
  fixturesWithDatabase(t, { imported: true });

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const docxXml = (file: string) =>
  execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
const docxEntries = (file: string) => execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n');

test('regenerates the correction outputs of J0004: the PDF renders, the DOCX holds the text and image, the GeoJSON is private', async (t) => {
  const { db, root } = await setup(t);
  // One report image becomes a real picture; the other two stay the store's placeholders.
  await writeFile(path.join(root, J4, 'sections/job_photos/images/img_4a_1.report.jpg'), solidPng(40, 30));
  const untouched = [
    'final.json',
    'final_correction.json',
    'final_report_letter.pdf',
    'sections/trunk/recordings/rec_4a_04.mp3',
  ];
  const before = await Promise.all(untouched.map((f) => readFile(path.join(root, J4, f))));

  const [result] = await regenerateJobs(db.pool, root, [J4]);
  t.is(result!.snapshot, 'correction');
  t.deepEqual(
    result!.files.map((f) => f.path),
    [
      `${J4}/final_report_letter_correction.pdf`,
      `${J4}/final_report_letter_correction.docx`,
      `${J4}/final_correction.geojson`,
    ],
  );
  t.is(result!.notes.length, 2, 'the two placeholder images are named as not readable');
  t.regex(result!.notes[0]!, /img_4a_2\.report\.jpg is not a readable JPEG or PNG/);

  const pdf = path.join(root, J4, 'final_report_letter_correction.pdf');
  const pngDir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-render-'));
  execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', pdf, path.join(pngDir, 'page')]);
  const [page] = await readdir(pngDir);
  const png = await readFile(path.join(pngDir, page!));
  t.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const pdfText = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  for (const text of [
    'J0004',
    'Dana Whitfield',
    'PN-7731A',
    'Red oak (Quercus rubra)',
    'Low',
    '24 months',
    'dead wood over the footpath',
  ]) {
    t.true(pdfText.includes(text), `PDF holds ${text}`);
  }

  const docx = path.join(root, J4, 'final_report_letter_correction.docx');
  const xml = docxXml(docx);
  for (const text of [
    'J0004',
    'Dana Whitfield',
    'Red oak (Quercus rubra)',
    '24 months',
    'dead wood over the footpath',
    'North entrance oak, full view',
  ]) {
    t.true(xml.includes(text), `DOCX holds ${text}`);
  }
  t.is(
    docxEntries(docx).filter((e) => e.startsWith('word/media/')).length,
    1,
    'the one real picture is embedded',
  );

  const geo = JSON.parse(await readFile(path.join(root, J4, 'final_correction.geojson'), 'utf8'));
  t.deepEqual(privacyLeaks(geo.features[0].properties), []);
  t.false(JSON.stringify(geo).includes('Acme Parks Dept'));
  t.false(JSON.stringify(geo).includes('1200 Lakeshore Dr'));
  t.deepEqual(geo.features[0].geometry, { type: 'Point', coordinates: [-120.34561, 42.18912] });
  t.is(geo.features[0].properties.job_number, 'J0004');

  const after = await Promise.all(untouched.map((f) => readFile(path.join(root, J4, f))));
  t.deepEqual(after, before, 'the finals, the final outputs and uploaded media are not written');

  const { rows } = await db.pool.query(
    'SELECT path, size::int, sha256 FROM artifacts WHERE job_id = $1 AND snapshot = $2 AND kind <> $3 ORDER BY path',
    [J4, 'correction', 'final_pdf'],
  );
  for (const row of rows.filter(
    (r) => r.path.endsWith('.docx') || r.path.endsWith('.pdf') || r.path.endsWith('.geojson'),
  )) {
    const bytes = await readFile(path.join(root, row.path));
    t.is(row.size, bytes.length, row.path);
    t.is(row.sha256, sha256(bytes), row.path);
  }
  const events = await db.pool.query(
    "SELECT payload FROM job_events WHERE job_id = $1 AND event_type = 'outputs_regenerated'",
    [J4],
  );
  t.is(events.rows.length, 1);
  t.like(events.rows[0].payload, { snapshot: 'correction' });
  t.is(events.rows[0].payload.files.length, 3);
  const exported = await db.pool.query(
    "SELECT payload FROM job_geojson_exports WHERE job_id = $1 AND kind = 'correction'",
    [J4],
  );
  t.deepEqual(exported.rows[0].payload, geo);
});

test('a final-only job gets its final outputs (a DOCX it never had becomes an artifact), and a re-import keeps the hashes', async (t) => {
  const { db, root } = await setup(t);
  const [result] = await regenerateJobs(db.pool, root, ['job_1']);
  t.is(result!.snapshot, 'final');
  const docx = await db.pool.query(
    "SELECT kind, snapshot, sha256 FROM artifacts WHERE path = 'job_1/final_report_letter.docx'",
  );
  t.like(docx.rows[0], { kind: 'report_docx', snapshot: 'final' });
  const geo = JSON.parse(await readFile(path.join(root, 'job_1/final.geojson'), 'utf8'));
  t.is(geo.features[0].geometry, null);

  await runImport(db.pool, { jobsRoot: root });
  const again = await db.pool.query(
    "SELECT sha256 FROM artifacts WHERE path = 'job_1/final_report_letter.docx'",
  );
  t.is(
    again.rows[0].sha256,
    docx.rows[0].sha256,
    'the import re-read the folder and left the regenerated rows as they were',
  );
  const issues = await db.pool.query(
    'SELECT count(*)::int AS n FROM import_issues i JOIN import_runs r ON r.id = i.run_id WHERE r.id = (SELECT max(id) FROM import_runs)',
  );
  t.is(issues.rows[0].n, 0);
});

test('report image paths that leave the job folder are never opened', async (t) => {
  const { db, root } = await setup(t);
  // A real picture in another job, reachable only by escaping this one.
  await writeFile(path.join(root, J4, 'sections/job_photos/images/img_4a_1.report.jpg'), solidPng(20, 20));
  const outside = path.join(root, '..', 'outside.png');
  await writeFile(outside, solidPng(20, 20));
  await symlink(outside, path.join(root, J6, 'sections/job_photos/images/img_6c_1.report.jpg.link'));
  const images = [
    { caption: 'dot-dot', path: `../${J4}/sections/job_photos/images/img_4a_1.report.jpg` },
    { caption: 'absolute', stored_path: outside },
    {
      caption: 'other job',
      stored_path: `/srv/legacy-server/data/jobs/${J4}/sections/job_photos/images/img_4a_1.report.jpg`,
    },
    { caption: 'link', path: 'sections/job_photos/images/img_6c_1.report.jpg.link' },
  ];
  // Regeneration reads the stored bytes: replace the correction, bytes and hash with it.
  await db.pool.query(
    `UPDATE job_finals f SET payload = x.p, snapshot_bytes = convert_to(x.p::text, 'UTF8'),
       payload_sha256 = encode(sha256(convert_to(x.p::text, 'UTF8')), 'hex')
     FROM (SELECT jsonb_set(payload, '{report_images}', $2::jsonb) AS p FROM job_finals
           WHERE job_id = $1 AND kind = 'correction') x
     WHERE f.job_id = $1 AND f.kind = 'correction'`,
    [J6, JSON.stringify(images)],
  );
  const [result] = await regenerateJobs(db.pool, root, [J6]);
  t.is(result!.notes.length, 4);
  t.regex(result!.notes[0]!, /^dot-dot: path .* is outside the job folder: not opened$/);
  t.regex(result!.notes[1]!, /^absolute: path .* is outside the job folder: not opened$/);
  t.regex(result!.notes[2]!, /^other job: path .* is outside the job folder: not opened$/);
  t.regex(result!.notes[3]!, /^link: .* is a symbolic link: refused$/);
  const docx = path.join(root, J6, 'final_report_letter_correction.docx');
  t.deepEqual(
    docxEntries(docx).filter((e) => e.startsWith('word/media/')),
    [],
    'no picture from outside the job was embedded',
  );
});

test('an output that is a symbolic link is refused and the link target is not written', async (t) => {
  const { db, root } = await setup(t);
  const victim = path.join(root, '..', 'victim.pdf');
  await writeFile(victim, 'do not overwrite');
  const link = path.join(root, J6, 'final_report_letter_correction.pdf');
  await rm(link);
  await symlink(victim, link);
  const err = await t.throwsAsync(regenerateJobs(db.pool, root, [J6]));
  t.regex(err!.message, /final_report_letter_correction\.pdf.* is a symbolic link: refused/);
  t.is(await readFile(victim, 'utf8'), 'do not overwrite');
  t.true((await lstat(link)).isSymbolicLink());
  const events = await db.pool.query(
    "SELECT count(*)::int AS n FROM job_events WHERE event_type = 'outputs_regenerated'",
  );
  t.is(events.rows[0].n, 0);
});

test('--out writes copies elsewhere and changes nothing in the database or the store', async (t) => {
  const { db, root } = await setup(t);
  const out = await mkdtemp(path.join(os.tmpdir(), 'jobmig-out-'));
  const before = (await stat(path.join(root, J4, 'final_report_letter_correction.pdf'))).size;
  const [result] = await regenerateJobs(db.pool, root, [J4], { outDir: out });
  t.true((await stat(path.join(out, J4, 'final_report_letter_correction.pdf'))).size > 1000);
  t.is((await stat(path.join(root, J4, 'final_report_letter_correction.pdf'))).size, before);
  t.is(result!.files.length, 3);
  const events = await db.pool.query(
    "SELECT count(*)::int AS n FROM job_events WHERE event_type = 'outputs_regenerated'",
  );
  t.is(events.rows[0].n, 0);
  await t.throwsAsync(regenerateJobs(db.pool, root, [J4], { outDir: path.join(root, 'inside') }), {
    message: /is inside the jobs root/,
  });
});

test('a named job without a snapshot, or a job id that is a path, is refused', async (t) => {
  const { db, root } = await setup(t);
  await t.throwsAsync(regenerateJobs(db.pool, root, ['job_c1d2e3f4a5b6']), {
    message: /no final or correction snapshot for job job_c1d2e3f4a5b6/,
  });
  await t.throwsAsync(regenerateJobs(db.pool, root, ['../etc']), {
    message: /job id "..\/etc" is not a single folder name|"\.\." segment/,
  });
});
