/**
 * `jobmig snapshot show <job-id> [--kind final|correction]`: the declaration; the work is in
 * handlers/snapshot.ts. Exit 0 bytes written, 1 no such job, snapshot or stored bytes, 2 could not run.
 */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, jobIdPositional, readOnlyOptions } from './options.ts';

export const snapshotCommand = defineCommand({
  command: 'snapshot <action> <job-id>',
  describe: "Write an archived snapshot's file bytes (final.json or final_correction.json) to stdout",
  positionals: {
    action: { choices: ['show'], demandOption: true },
    ...jobIdPositional,
  },
  options: {
    ...databaseOptions,
    ...readOnlyOptions,
    kind: {
      choices: ['final', 'correction'],
      default: 'final',
      describe: 'the archived final or the current correction',
    },
  },
});

export type SnapshotArgs = ArgsOf<typeof snapshotCommand>;
