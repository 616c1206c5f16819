/**
 * `jobmig snapshot show <job-id> [--kind final|correction]`: the descriptor; the work is in
 * handlers/snapshot.ts. Exit 0 bytes written, 1 no such job, snapshot or stored bytes, 2 could not run.
 */
import { lazyCommand } from './command.ts';
import { databaseOptions, readOnlyOptions } from './options.ts';
import type { SnapshotArgs } from './handlers/snapshot.ts';

export const snapshotCommand = lazyCommand<SnapshotArgs>({
  command: 'snapshot <action> <job-id>',
  describe: "Write an archived snapshot's file bytes (final.json or final_correction.json) to stdout",
  builder: (y) =>
    y
      .positional('action', { choices: ['show'] as const, demandOption: true })
      .positional('job-id', { type: 'string', demandOption: true, describe: 'the job folder name' })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        kind: {
          choices: ['final', 'correction'] as const,
          default: 'final' as const,
          describe: 'the archived final or the current correction',
        },
      }) as never,
  load: () => import('./handlers/snapshot.ts'),
});
