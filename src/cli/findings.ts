/**
 * `jobmig findings list|show|ack|resolve|reopen|apply`: reviewing reconciliation findings from the
 * command line, one id at a time, every finding a filter matches (`--yes` to apply), or a reviewer's
 * decisions CSV. The store and the CSV reader are loaded only when the command runs.
 */
import type { Argv } from 'yargs';
import { FINDING_KINDS } from '../reconcile/registry.ts';
import { FINDING_SEVERITIES, FINDING_STATUSES } from '../reconcile/store.ts';
import { lazyCommand } from './command.ts';
import type { FindingsArgs } from './handlers/findings.ts';
import { databaseOptions, readOnlyOptions, wideOption } from './options.ts';

export const ACTIONS = ['list', 'show', 'ack', 'resolve', 'reopen', 'apply'] as const;
const WRITES = new Set(['ack', 'resolve', 'reopen', 'apply']);

const hasFilter = (a: Partial<FindingsArgs>): boolean =>
  [a.kind, a.status, a.job, a.severity, a.text].some((v) => v !== undefined);

export const findingsCommand = lazyCommand<FindingsArgs>({
  command: 'findings <action> [target]',
  describe: 'Review reconciliation findings: list, show, ack, resolve, reopen, apply <decisions.csv>',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ACTIONS, demandOption: true })
      .positional('target', {
        type: 'string',
        describe: 'a finding id (show; ack, resolve, reopen without filters), or the CSV file of apply',
      })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        ...wideOption,
        kind: { type: 'string', choices: FINDING_KINDS, describe: 'only this kind' },
        status: { type: 'string', choices: FINDING_STATUSES, describe: 'only this status' },
        severity: { type: 'string', choices: FINDING_SEVERITIES, describe: 'only this severity' },
        job: { type: 'string', describe: 'only this job folder' },
        text: { type: 'string', describe: 'only findings holding every word of this text' },
        limit: { type: 'number', describe: 'list: at most this many rows' },
        yes: { type: 'boolean', default: false, describe: 'ack/resolve/reopen by filter: apply, not count' },
        note: { type: 'string', describe: 'ack/resolve/reopen: the reviewer note' },
        by: { type: 'string', describe: 'ack/resolve/reopen/apply: reviewer name (default: the OS user)' },
        json: { type: 'boolean', default: false, describe: 'list/show: print JSON' },
      })
      .check(checkArgs) as never,
  load: () => import('./handlers/findings.ts'),
});

function checkArgs(a: Partial<FindingsArgs>): true {
  const action = a.action!;
  if (action === 'show' && !a.target) throw new Error('findings show needs a finding id');
  if (action === 'apply' && !a.target) throw new Error('findings apply needs a decisions CSV file');
  if (['ack', 'resolve', 'reopen'].includes(action)) {
    if (!a.target && !hasFilter(a))
      throw new Error(
        `findings ${action} needs a finding id or filters (--kind, --job, --status, --severity)`,
      );
    if (a.target && hasFilter(a))
      throw new Error(`findings ${action}: give a finding id or filters, not both`);
  }
  if (a.yes && !(['ack', 'resolve', 'reopen'].includes(action) && hasFilter(a)))
    throw new Error('--yes applies only to ack, resolve or reopen with filters');
  if (a['read-only'] && WRITES.has(action))
    throw new Error(`findings ${action} writes: it cannot run with --read-only`);
  return true;
}
