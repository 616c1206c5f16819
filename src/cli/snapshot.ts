/**
 * `jobmig snapshot show <job-id> [--kind final|correction]`: write an archived snapshot's stored file
 * bytes to stdout, exactly (nothing added). Exit 0 written, 1 no such job, snapshot or stored bytes,
 * 2 could not run. Database modules are loaded only when the command runs.
 */
import type { CommandModule } from 'yargs';
import type { SnapshotKind } from '../legacy/layout.ts';

interface SnapshotArgs {
  action: 'show';
  'job-id': string;
  kind: SnapshotKind;
  'database-url'?: string;
  'read-only': boolean;
}

export const snapshotCommand: CommandModule<object, SnapshotArgs> = {
  command: 'snapshot <action> <job-id>',
  describe: "Write an archived snapshot's file bytes (final.json or final_correction.json) to stdout",
  builder: (y) =>
    y
      .positional('action', { choices: ['show'] as const, demandOption: true })
      .positional('job-id', { type: 'string', demandOption: true, describe: 'the job folder name' })
      .options({
        kind: {
          choices: ['final', 'correction'] as const,
          default: 'final' as const,
          describe: 'the archived final or the current correction',
        },
        'database-url': {
          type: 'string',
          describe: 'PostgreSQL URL (default: $DATABASE_URL, else the embedded server under .jobmig/)',
        },
        'read-only': {
          type: 'boolean',
          default: false,
          describe: 'read-only session, no schema migrations (a SELECT-only role suffices)',
        },
      }) as never,
  handler: async (args) => {
    const { withDatabase } = await import('./database.ts');
    const { readSnapshotBytes } = await import('../outputs/snapshot-bytes.ts');
    const bytes = await withDatabase(
      args['database-url'],
      (db) => readSnapshotBytes(db.pool, args['job-id'], args.kind),
      { readOnly: args['read-only'] },
    );
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
    );
  },
};
