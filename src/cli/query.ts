/** `jobmig query <preset>`: the declaration; the work is in handlers/query.ts. */
import { FORMATS } from '../query/formats.ts';
import { listPresets, SNAPSHOT_CHOICES } from '../query/presets.ts';
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions, readOnlyOptions, wideOption } from './options.ts';

export const queryCommand = defineCommand({
  command: 'query <preset>',
  describe: 'Run a read-only query preset (src/query/presets/<preset>.sql) and stream its rows',
  positionals: { preset: { type: 'string', demandOption: true, describe: 'preset name' } },
  options: {
    ...databaseOptions,
    ...readOnlyOptions,
    ...wideOption,
    format: {
      type: 'string',
      choices: FORMATS,
      describe: 'output format (default: table on a terminal, else json)',
    },
    job: { type: 'string', describe: "only this job folder (or a staged export's snapshot job_id)" },
    kind: { type: 'string', describe: "the preset's kind filter (see the preset list)" },
    snapshot: {
      type: 'string',
      choices: SNAPSHOT_CHOICES,
      describe:
        'presets reading snapshots: the current one (correction if any, else final; ' +
        "report-projection's default), the final, or the correction",
    },
    limit: { type: 'number', describe: 'at most this many rows' },
  },
  epilogue: () =>
    `presets:\n${listPresets()
      .map((p) => `  ${p.name.padEnd(20)} ${p.description}`)
      .join('\n')}`,
});

export type QueryArgs = ArgsOf<typeof queryCommand>;
