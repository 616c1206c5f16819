/** `jobmig report <file>`: the descriptor; the work (and the renderers) are in handlers/report.ts. */
import type { Argv } from 'yargs';
import { FINDING_KINDS } from '../reconcile/finding.ts';
import { FINDING_STATUSES } from '../findings/store.ts';
import { reportFormatOf } from '../findings-report/write.ts';
import { lazyCommand } from './command.ts';
import { databaseOptions } from './options.ts';
import type { ReportArgs } from './handlers/report.ts';

export const reportCommand = lazyCommand<ReportArgs>({
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
  load: () => import('./handlers/report.ts'),
});
