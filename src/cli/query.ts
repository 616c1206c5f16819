/** `jobmig query <preset>`: the descriptor; the work is in handlers/query.ts. */
import { FORMATS } from '../query/formats.ts';
import { listPresets } from '../query/presets.ts';
import { lazyCommand } from './command.ts';
import { databaseOptions, readOnlyOptions, wideOption } from './options.ts';
import type { QueryArgs } from './handlers/query.ts';

export const queryCommand = lazyCommand<QueryArgs>({
  command: 'query <preset>',
  describe: 'Run a read-only query preset (src/query/presets/<preset>.sql) and stream its rows',
  builder: (y) =>
    y
      .positional('preset', { type: 'string', demandOption: true, describe: 'preset name' })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        ...wideOption,
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
  load: () => import('./handlers/query.ts'),
});
