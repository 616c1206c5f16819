/** `jobmig report <file>`: the declaration; the work (and the renderers) are in handlers/report.ts. */
import { FINDING_KINDS } from '../reconcile/finding.ts';
import { FINDING_STATUSES } from '../findings/store.ts';
import { reportFormatOf } from '../findings-report/write.ts';
import { type ArgsOf, defineCommand } from './command.ts';
import { databaseOptions } from './options.ts';

export const reportCommand = defineCommand({
  command: 'report <file>',
  describe: "Write the reviewers' discrepancy report (.html, .csv or .md by extension)",
  positionals: {
    file: { type: 'string', demandOption: true, describe: 'report file: .html, .csv or .md' },
  },
  options: {
    ...databaseOptions,
    status: {
      type: 'string',
      choices: [...FINDING_STATUSES, 'all'],
      default: 'open',
      describe: 'only findings with this status',
    },
    job: { type: 'string', describe: 'only this job folder' },
    kind: { type: 'string', choices: FINDING_KINDS, describe: 'only this kind' },
  },
  check: (a) => void reportFormatOf(a.file),
});

export type ReportArgs = ArgsOf<typeof reportCommand>;
