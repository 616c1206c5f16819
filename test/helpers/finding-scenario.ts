/**
 * The fixture storage root imported so that every database-computed finding kind appears: a final.json
 * rewritten after archiving (final_changed_on_disk), a folder gone from disk (source_missing), beside
 * the fixtures' own duplicate job numbers and storage-root irregularities (security/, profiles/).
 * Also returns what the TypeScript rules found in each import.
 */
import { readdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planAndReconcile } from '../../src/import/read-and-plan.ts';
import { runImport } from '../../src/import/run.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { scanJobFolder } from '../../src/legacy/scan.ts';
import type { FindingRow } from '../../src/model/rows.ts';
import type { TestDatabase } from './db.ts';
import { fixturesWithDatabase } from './fixture-db.ts';

/** The findings the rules compute for every job folder now under `root`. */
async function ruleFindings(root: string): Promise<FindingRow[]> {
  const dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory());
  const plans = await Promise.all(
    dirs.map(async (d) => planAndReconcile(await readJob(root, await scanJobFolder(root, d.name)))),
  );
  return plans.flatMap((p) => p.findings);
}

export async function findingScenario(t: {
  teardown: (fn: () => Promise<void>) => void;
}): Promise<{ db: TestDatabase; ruleFindings: FindingRow[] }> {
  const { db, root: storageRoot } = await fixturesWithDatabase(t, { storageRoot: true, imported: true });
  const root = path.join(storageRoot, 'jobs');
  const found = await ruleFindings(root);
  const finalFile = path.join(root, 'job_9e4f1b6a2d35/final.json');
  const final = JSON.parse(await readFile(finalFile, 'utf8'));
  final.transcript = 'rewritten after archive';
  await writeFile(finalFile, JSON.stringify(final, null, 2));
  const later = new Date(Date.now() + 60_000);
  await utimes(finalFile, later, later);
  await rename(path.join(root, 'job_d4e5f6a7b8c9'), path.join(root, '..', 'parked'));
  await runImport(db.pool, { jobsRoot: storageRoot });
  return { db, ruleFindings: [...found, ...(await ruleFindings(root))] };
}
