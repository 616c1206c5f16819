/** `jobmig migrate status|print|apply`: the descriptor; the work is in handlers/migrate.ts. */
import type { Argv } from 'yargs';
import { lazyCommand } from './command.ts';
import type { MigrateArgs } from './handlers/migrate.ts';
import { databaseOptions, wideOption } from './options.ts';

export const migrateCommand = lazyCommand<MigrateArgs>({
  command: 'migrate <action>',
  describe: 'Schema migrations for a DBA: status (applied, pending, drift), print (the pending SQL), apply',
  builder: (y: Argv) =>
    y
      .positional('action', {
        choices: ['status', 'print', 'apply'] as const,
        demandOption: true,
        describe: 'status: each migration and its checksum; print: the pending SQL for psql; apply: run it',
      })
      .options({
        ...databaseOptions,
        ...wideOption,
        json: { type: 'boolean', default: false, describe: 'status, apply: print JSON' },
      }) as never,
  load: () => import('./handlers/migrate.ts'),
});
