import type { Argv, CommandModule } from 'yargs';
import { FINDING_KINDS } from '../reconcile/finding.ts';
import { renderReport } from '../report/index.ts';
import { buildReportModel } from '../report/model.ts';
import { readReportRows } from '../report/read.ts';
import { reportFormatOf, writeFileAtomically } from '../report/write.ts';
import { FINDING_STATUSES } from '../reconcile/store.ts';
import { databaseOptions, withDatabase } from './database.ts';

interface ReportArgs {
  file: string;
  status: string;
  job?: string;
  kind?: string;
  'database-url'?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <file>',
  describe: "Write the reviewers' discrepancy report (.html, .csv or .md by extension)",
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'report file: .html, .csv or .md' })
      .options({
        ...databaseOptions,
        status: {
          type: 'string',
          choices: [...FINDING_STATUSES, 'all'],
          default: 'open',
          describe: 'only findings with this status',
        },
        job: { type: 'string', describe: 'only this job folder' },
        kind: { type: 'string', choices: FINDING_KINDS, describe: 'only this kind' },
      })
      .check((a) => {
        reportFormatOf(String(a.file));
        return true;
      }) as never,
  handler: async (args) => {
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
  },
};
