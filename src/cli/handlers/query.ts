/** `jobmig query`: streams one preset's rows in the chosen format. */
import { createFormatter, defaultFormat } from '../../query/format.ts';
import { loadPreset } from '../../query/presets.ts';
import { runPreset } from '../../query/run-preset.ts';
import { tableWidth } from '../../util/terminal.ts';
import { withDatabase } from '../database.ts';
import { writeOut } from '../write-out.ts';
import type { QueryArgs } from '../query.ts';

export async function run(args: QueryArgs): Promise<void> {
  const preset = loadPreset(args.preset);
  const terminal = { width: tableWidth(args.wide), escape: process.stdout.isTTY === true };
  const formatter = createFormatter(args.format ?? defaultFormat(process.stdout.isTTY), terminal);
  await withDatabase(
    args['database-url'],
    (db) =>
      runPreset(
        db.pool,
        preset,
        { job: args.job, kind: args.kind, snapshot: args.snapshot, limit: args.limit },
        {
          columns: (names) => writeOut(formatter.begin(names)),
          rows: (rows) => writeOut(formatter.page(rows)),
        },
      ),
    { readOnly: args['read-only'] },
  );
  await writeOut(formatter.end());
}
