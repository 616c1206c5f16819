/** `jobmig report`: reads the findings, builds the model, writes the file atomically. */
import { renderReport } from '../../findings-report/index.ts';
import { buildReportModel } from '../../findings-report/model.ts';
import { readReportRows } from '../../findings-report/read.ts';
import { reportFormatOf, writeFileAtomically } from '../../findings-report/write.ts';
import { withDatabase } from '../database.ts';

/** The parsed arguments (see the descriptor, ../report.ts, for their options). */
export interface ReportArgs {
  file: string;
  status: string;
  job?: string;
  kind?: string;
  'database-url'?: string;
}

export async function run(args: ReportArgs): Promise<void> {
  const format = reportFormatOf(args.file);
  const filter = {
    status: args.status === 'all' ? null : args.status,
    job: args.job ?? null,
    kind: args.kind ?? null,
  };
  const model = await withDatabase(args['database-url'], async (db) =>
    buildReportModel({
      ...(await readReportRows(db.pool, filter)),
      filter,
      databaseUrl: db.url,
      generatedAt: new Date(),
    }),
  );
  await writeFileAtomically(args.file, renderReport(format, model));
  process.stdout.write(`wrote ${model.total} finding(s) to ${args.file}\n`);
}
