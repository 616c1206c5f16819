/** `jobmig migrate status|print|apply`: the declaration; the work is in handlers/migrate.ts. */
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, wideOption } from './options.ts';

export const migrateCommand = defineCommand({
  command: 'migrate <action>',
  describe: 'Schema migrations for a DBA: status (applied, pending, drift), print (the pending SQL), apply',
  positionals: {
    action: {
      choices: ['status', 'print', 'apply'],
      demandOption: true,
      describe: 'status: each migration and its checksum; print: the pending SQL for psql; apply: run it',
    },
  },
  options: {
    ...databaseOptions,
    ...wideOption,
    json: { type: 'boolean', default: false, describe: 'status, apply: print JSON' },
  },
});

export type MigrateArgs = ArgsOf<typeof migrateCommand>;
