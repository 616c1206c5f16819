/** `jobmig snapshot show`: writes the stored snapshot bytes to stdout exactly (nothing added). */
import type { SnapshotKind } from '../../legacy/layout.ts';
import { readSnapshotBytes } from '../../job-outputs/snapshot-bytes.ts';
import { withDatabase } from '../database.ts';

/** The parsed arguments (see the descriptor, ../snapshot.ts, for their options). */
export interface SnapshotArgs {
  action: 'show';
  'job-id': string;
  kind: SnapshotKind;
  'database-url'?: string;
  'read-only': boolean;
}

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
