import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { jobmig } from '../helpers/cli.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

test("regenerate, correction set and prune run from the command line against the latest import's jobs root", async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  const url = ['--database-url', db.url];

  const regenerated = await jobmig(['regenerate', 'job_1', ...url]);
  t.is(regenerated.code, 0, regenerated.stderr);
  t.regex(regenerated.stdout, /job_1 \(final\): job_1\/final_report_letter\.pdf \d+ bytes/);
  t.is((await jobmig(['regenerate', ...url])).code, 2, 'neither job ids nor --all');

  const payload = path.join(root, '..', 'payload.json');
  await writeFile(payload, await readFile(path.join(root, 'job_9e4f1b6a2d35/final.json')));
  const set = await jobmig(['correction', 'set', 'job_9e4f1b6a2d35', payload, ...url]);
  t.is(set.code, 0, set.stderr);
  t.regex(
    set.stdout,
    /job_9e4f1b6a2d35\/final_correction\.json written \(sha256 [0-9a-f]{64}, first correction\)/,
  );
  const refused = await jobmig(['correction', 'set', 'job_d4e5f6a7b8c9', payload, ...url]);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /^jobmig: .*names job job_9e4f1b6a2d35, not job_d4e5f6a7b8c9\n$/);

  const dry = await jobmig(['prune', ...url]);
  t.is(dry.code, 0, dry.stderr);
  t.regex(dry.stdout, /dry run: nothing changed/);
  const finalPath = path.join(root, 'job_4a1f0c2b9e01/final.json');
  await writeFile(finalPath, (await readFile(finalPath, 'utf8')) + '\n');
  const applied = await jobmig(['prune', '--apply', ...url]);
  t.is(applied.code, 1);
  t.regex(
    applied.stderr,
    /jobmig: job job_4a1f0c2b9e01 not pruned: job_4a1f0c2b9e01\/final\.json on disk no longer matches the archived final/,
  );
  t.regex(applied.stdout, /job_6c2d7e9f0a13: 1 round\(s\)/);
});
