/** `jobmig snapshot show`: writes the stored snapshot bytes to stdout exactly (nothing added). */
import { readSnapshotBytes } from '../../job-outputs/snapshot-bytes.ts';
import { withDatabase } from '../database.ts';
import type { SnapshotArgs } from '../snapshot.ts';

export async function run(args: SnapshotArgs): Promise<void> {
  const bytes = await withDatabase(
    args['database-url'],
    (db) => readSnapshotBytes(db.pool, args['job-id'], args.kind),
    { readOnly: args['read-only'] },
  );
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
  );
}
