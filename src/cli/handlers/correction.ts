/** `jobmig correction set`: writes the correction, then prints what was regenerated. */
import { setCorrection } from '../../corrections/set-correction.ts';
import { jobsRootFor } from '../../runs/default-root.ts';
import { withDatabase } from '../database.ts';
import { formatResults } from './regenerate.ts';
import type { CorrectionArgs } from '../correction.ts';

export async function run(args: CorrectionArgs): Promise<void> {
  const result = await withDatabase(args['database-url'], async (db) =>
    setCorrection(db.pool, await jobsRootFor(db.pool, args['jobs-root']), args['job-id'], args.payload),
  );
  const replaces = result.previousSha256 ? `, replaces ${result.previousSha256}` : ', first correction';
  const what = result.changed
    ? `${result.path} written (sha256 ${result.sha256}${replaces})`
    : `${result.path} unchanged (sha256 ${result.sha256})`;
  process.stdout.write(`${what}\n${formatResults(result.regenerated)}`);
}
