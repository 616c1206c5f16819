import type { CommandModule } from 'yargs';
import { createFormatter, defaultFormat, FORMATS, type Format } from '../query/format.ts';
import { listPresets, loadPreset } from '../query/presets.ts';
import { runPreset } from '../query/run-preset.ts';
import { databaseOptions, readOnlyOptions, withDatabase } from './database.ts';
import { writeOut } from './write-out.ts';

interface QueryArgs {
  preset: string;
  format?: Format;
  job?: string;
  kind?: string;
  limit?: number;
  'database-url'?: string;
  'read-only': boolean;
}

export const queryCommand: CommandModule<object, QueryArgs> = {
  command: 'query <preset>',
  describe: 'Run a read-only query preset (src/query/presets/<preset>.sql) and stream its rows',
  builder: (y) =>
    y
      .positional('preset', { type: 'string', demandOption: true, describe: 'preset name' })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        format: {
          type: 'string',
          choices: FORMATS,
          describe: 'output format (default: table on a terminal, else json)',
        },
        job: { type: 'string', describe: 'only this job folder' },
        kind: { type: 'string', describe: "the preset's kind filter (see the preset list)" },
        limit: { type: 'number', describe: 'at most this many rows' },
      })
      .epilogue(
        `presets:\n${listPresets()
          .map((p) => `  ${p.name.padEnd(20)} ${p.description}`)
          .join('\n')}`,
      ) as never,
  handler: async (args) => {
    const preset = loadPreset(args.preset);
    const formatter = createFormatter(args.format ?? defaultFormat(process.stdout.isTTY));
    await withDatabase(
      args['database-url'],
      (db) =>
        runPreset(
          db.pool,
          preset,
          { job: args.job, kind: args.kind, limit: args.limit },
          {
            columns: (names) => writeOut(formatter.begin(names)),
            rows: (rows) => writeOut(formatter.page(rows)),
          },
        ),
      { readOnly: args['read-only'] },
    );
    await writeOut(formatter.end());
  },
};
