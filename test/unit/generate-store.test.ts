import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { listJobFolders, scanJobFolder } from '../../src/legacy/scan.ts';
import {
  FILE_KINDS,
  generateStore,
  IRREGULARITY_KINDS,
  mutateJobs,
  type GeneratedStoreStats,
} from '../../scripts/gen-store/index.ts';

const tempDirs: string[] = [];
test.after.always(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempStore(
  jobs: number,
  seed: number,
  concurrency?: number,
): Promise<{ root: string; stats: GeneratedStoreStats }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-gen-'));
  tempDirs.push(dir);
  const root = path.join(dir, 'jobs');
  const stats = await generateStore({ jobs, seed, out: root, concurrency });
  return { root, stats };
}

// Synchronous reads on purpose: for thousands of tiny files they are several times faster than
// promise-based ones, and keep this file well under its time budget.
function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, child));
    else out.push(child);
  }
  return out.sort();
}

/** Every file's path, size, mtime and content hash. */
function digest(root: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const rel of walk(root)) {
    const abs = path.join(root, rel);
    const st = statSync(abs);
    map.set(rel, `${st.size} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
  }
  return map;
}

const readText = (...parts: string[]) => readFileSync(path.join(...parts), 'utf8');

async function fingerprints(root: string): Promise<Map<string, string>> {
  const { jobDirs } = await listJobFolders(root);
  const map = new Map<string, string>();
  for (const d of jobDirs) map.set(d, (await scanJobFolder(root, d)).fingerprint);
  return map;
}

test('the same seed gives byte-identical files and mtimes, whatever the writer threads', async (t) => {
  const [a, b] = await Promise.all([tempStore(24, 11, 1), tempStore(24, 11, 3)]);
  const [da, db] = [digest(a.root), digest(b.root)];
  t.true(da.size > 24 * 30);
  t.deepEqual([...da.keys()], [...db.keys()]);
  t.deepEqual(da, db);
  t.deepEqual(a.stats, b.stats);
  t.deepEqual(await fingerprints(a.root), await fingerprints(b.root));
});

test('a different seed gives a different store', async (t) => {
  const [a, b] = await Promise.all([tempStore(12, 1), tempStore(12, 2)]);
  const [da, db] = [digest(a.root), digest(b.root)];
  const shared = [...da.keys()].filter((k) => db.has(k));
  // Only the counter file may coincide (same job count).
  t.deepEqual(shared, ['_job_number_counter.txt']);
});

test('refuses to write into a non-empty directory', async (t) => {
  const { root } = await tempStore(1, 5);
  await t.throwsAsync(generateStore({ jobs: 1, seed: 5, out: root }), { message: /non-empty/ });
});

test('200 jobs have the stated shape, and the stats match the disk', async (t) => {
  const jobs = 200;
  const { root, stats } = await tempStore(jobs, 2024);
  const top = readdirSync(root).sort();
  const folders = top.filter((n) => n !== '_job_number_counter.txt');
  t.is(folders.length, jobs);
  t.true(folders.every((f) => /^job_[0-9a-f]{12}$/.test(f)));
  t.is(stats.jobFolders, jobs);

  let rounds = 0;
  let finals = 0;
  let corrections = 0;
  let maxImages = 0;
  const recordingIds = new Set<string>();
  const imageIds = new Set<string>();
  const jobNumbers: string[] = [];
  const transcriptBytes: number[] = [];
  const files = Object.fromEntries(FILE_KINDS.map((k) => [k, 0])) as Record<string, number>;
  files.job_number_counter = 1;
  for (const folder of folders) {
    const rel = walk(path.join(root, folder));
    const roundIds = new Set(rel.filter((f) => f.startsWith('rounds/')).map((f) => f.split('/')[1]));
    rounds += roundIds.size;
    const images = new Set<string>();
    for (const f of rel) {
      const m = /^sections\/([^/]+)\/recordings\/([^.]+)\./.exec(f);
      if (m) recordingIds.add(`${folder}/${m[1]}/${m[2]}`);
      const i = /^sections\/job_photos\/images\/([^.]+)\./.exec(f);
      if (i) images.add(i[1]!);
    }
    for (const i of images) imageIds.add(`${folder}/${i}`);
    maxImages = Math.max(maxImages, images.size);
    if (rel.includes('final.json')) {
      finals++;
      const final = JSON.parse(readText(root, folder, 'final.json'));
      transcriptBytes.push(Buffer.byteLength(final.transcript));
      if (!rel.includes('job_record.json')) jobNumbers.push(final.job_number);
      // GeoJSON privacy: no client-identifying fields, no file paths.
      const geo = readText(root, folder, 'final.geojson');
      const details = JSON.parse(geo).features[0].properties.form_data.client_tree_details;
      t.deepEqual(
        ['client', 'address_tree_location', 'assessors', 'date', 'time'].filter((k) => k in details),
        [],
      );
      t.false(geo.includes('stored_path') || geo.includes('/srv/'));
    }
    if (rel.includes('final_correction.json')) corrections++;
    if (rel.includes('job_record.json')) {
      const text = readText(root, folder, 'job_record.json');
      jobNumbers.push(JSON.parse(text).job_number);
    }
    files.job_record! += rel.includes('job_record.json') ? 1 : 0;
    files.audio! += rel.filter((f) => /\/recordings\/[^/]+\.(wav|m4a|mp3)$/.test(f)).length;
    files.transcript_txt! += rel.filter((f) => f.endsWith('.transcript.txt')).length;
    files.review_json! += rel.filter((f) => f.endsWith('/review.json')).length;
  }

  // Proportions from the issue, loosely.
  t.true(rounds / jobs >= 2.0 && rounds / jobs <= 3.2, `rounds/job ${rounds / jobs}`);
  t.true(
    recordingIds.size / jobs >= 11 && recordingIds.size / jobs <= 17,
    `recordings/job ${recordingIds.size / jobs}`,
  );
  t.true(imageIds.size / jobs >= 1.5 && imageIds.size / jobs <= 2.5, `images/job ${imageIds.size / jobs}`);
  t.true(maxImages <= 5);
  t.true(finals / jobs >= 0.7 && finals / jobs <= 0.9, `finals ${finals}`);
  t.true(
    corrections / finals >= 0.28 && corrections / finals <= 0.52,
    `corrections ${corrections}/${finals}`,
  );
  const meanTranscript = transcriptBytes.reduce((a, b) => a + b, 0) / transcriptBytes.length;
  t.true(meanTranscript >= 3000 && meanTranscript <= 8000, `final transcript mean ${meanTranscript}`);
  t.true(jobNumbers.every((n) => /^J\d{4,}$/.test(n)));
  t.is(jobNumbers.length, jobs);
  t.is(new Set(jobNumbers).size, jobs - stats.irregularities.duplicate_job_number);
  const counter = Number(readText(root, '_job_number_counter.txt').trim());
  t.is(counter, jobs - stats.irregularities.duplicate_job_number);

  // Identity reuse: about N/8 customers, several trees each, a handful of assessors.
  t.true(stats.customers >= jobs / 8 - 5 && stats.customers <= jobs / 8, `customers ${stats.customers}`);
  t.true(stats.trees > stats.customers);
  t.true(stats.assessors >= 3 && stats.assessors <= 8);
  t.true(stats.billingProfiles > 0 && stats.billingProfiles < stats.customers);

  // Every irregularity is there, ~2.5% each.
  for (const kind of IRREGULARITY_KINDS) {
    t.is(stats.irregularities[kind], 5, kind);
    t.is(stats.irregularJobs[kind].length, 5, kind);
  }
  t.is(
    Object.values(stats.brokenFiles).reduce((a, b) => a + b, 0),
    5,
  );

  // The stats describe what is on disk.
  t.is(stats.rounds, rounds);
  t.is(stats.recordings, recordingIds.size);
  t.is(stats.images, imageIds.size);
  t.is(stats.finals, finals);
  t.is(stats.corrections, corrections);
  for (const kind of ['job_record', 'audio', 'transcript_txt', 'review_json'] as const)
    t.is(stats.files.byKind[kind], files[kind]!, kind);
  const all = walk(root);
  t.is(stats.files.total, all.length);
  let bytes = 0;
  for (const f of all) bytes += statSync(path.join(root, f)).size;
  t.is(stats.bytes, bytes);
});

test('mutateJobs changes the fingerprints of the folders it returns, and only those', async (t) => {
  const [a, b] = await Promise.all([tempStore(30, 99), tempStore(30, 99)]);
  const before = await fingerprints(a.root);
  const changed = await mutateJobs(a.root, 0.1, 7);
  t.is(changed.length, 3);
  t.deepEqual(changed, [...changed].sort());
  const after = await fingerprints(a.root);
  const differing = [...before.keys()].filter((k) => before.get(k) !== after.get(k)).sort();
  t.deepEqual(differing, changed);

  // Deterministic: the same mutation of an identical store gives the same folders and fingerprints.
  t.deepEqual(await mutateJobs(b.root, 0.1, 7), changed);
  t.deepEqual(await fingerprints(b.root), after);
  t.deepEqual(await mutateJobs(a.root, 0, 7), []);
});
