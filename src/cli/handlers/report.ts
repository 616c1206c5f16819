/** `jobmig report`: reads the findings, builds the model, writes the file atomically. */
import { renderReport } from '../../findings-report/index.ts';
import { buildReportModel } from '../../findings-report/model.ts';
import { readReportRows } from '../../findings-report/read.ts';
import { reportFormatOf, writeFileAtomically } from '../../findings-report/write.ts';
import { withDatabase } from '../database.ts';
import type { ReportArgs } from '../report.ts';
import { progressBar } from '../progress.ts';

export async function run(args: ReportArgs): Promise<void> {
  const format = reportFormatOf(args.file);
  const filter = {
    status: args.status === 'all' ? null : args.status,
    job: args.job ?? null,
    kind: args.kind ?? null,
  };
  // Its steps, not findings: reading, modelling and rendering thousands of findings are each one call.
  const bar = progressBar('report', 'steps (read, model, render, write)');
  bar.update(0, 4);
  try {
    const model = await withDatabase(args['database-url'], async (db) => {
      const rows = await readReportRows(db.pool, filter);
      bar.update(1, 4);
      return buildReportModel({ ...rows, filter, databaseUrl: db.url, generatedAt: new Date() });
    });
    bar.update(2, 4);
    const text = renderReport(format, model);
    bar.update(3, 4);
    await writeFileAtomically(args.file, text);
    bar.update(4, 4);
    bar.stop(); // before the line, so the bar does not overwrite it
    process.stdout.write(`wrote ${model.total} finding(s) to ${args.file}\n`);
  } finally {
    bar.stop();
  }
}
