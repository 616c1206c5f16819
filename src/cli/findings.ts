/**
 * `jobmig findings list|show|groups|ack|resolve|reopen|apply|batches|undo`: reviewing reconciliation
 * findings from the command line, one id at a time, every finding a filter or a cause group matches
 * (`--yes` to apply), or a reviewer's decisions CSV; listing and undoing batches. The store and the CSV
 * reader are loaded only when the command runs.
 */
import type { Argv } from 'yargs';
import { FINDING_KINDS } from '../reconcile/registry.ts';
import { FINDING_SEVERITIES, FINDING_STATUSES } from '../findings/store.ts';
import { lazyCommand } from './command.ts';
import type { FindingsArgs } from './handlers/findings.ts';
import { databaseOptions, readOnlyOptions } from './options.ts';

export const ACTIONS = [
  'list',
  'show',
  'groups',
  'ack',
  'resolve',
  'reopen',
  'apply',
  'batches',
  'undo',
] as const;
const WRITES = new Set(['ack', 'resolve', 'reopen', 'apply', 'undo']);

const hasFilter = (a: Partial<FindingsArgs>): boolean =>
  [a.kind, a.status, a.job, a.severity, a.text, a.group].some((v) => v !== undefined);

export const findingsCommand = lazyCommand<FindingsArgs>({
  command: 'findings <action> [target]',
  describe:
    'Review reconciliation findings: list, show, groups, ack, resolve, reopen, apply <decisions.csv>, ' +
    'batches, undo <batch>',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ACTIONS, demandOption: true })
      .positional('target', {
        type: 'string',
        describe:
          'a finding id (show; ack, resolve, reopen without filters), the CSV file of apply, ' +
          'the batch of undo or batches',
      })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        kind: { type: 'string', choices: FINDING_KINDS, describe: 'only this kind' },
        status: { type: 'string', choices: FINDING_STATUSES, describe: 'only this status' },
        severity: { type: 'string', choices: FINDING_SEVERITIES, describe: 'only this severity' },
        job: { type: 'string', describe: 'only this job folder' },
        text: { type: 'string', describe: 'only findings holding every word of this text' },
        group: { type: 'string', describe: 'only this cause group (its key, as `findings groups` prints)' },
        limit: { type: 'number', describe: 'list, groups, batches: at most this many rows' },
        yes: { type: 'boolean', default: false, describe: 'ack/resolve/reopen by filter: apply, not count' },
        note: { type: 'string', describe: 'ack/resolve/reopen: the reviewer note' },
        by: { type: 'string', describe: 'decisions and undo: reviewer name (default: the OS user)' },
        json: { type: 'boolean', default: false, describe: 'print JSON' },
      })
      .check(checkArgs) as never,
  load: () => import('./handlers/findings.ts'),
});

function checkArgs(a: Partial<FindingsArgs>): true {
  const action = a.action!;
  if (action === 'show' && !a.target) throw new Error('findings show needs a finding id');
  if (action === 'apply' && !a.target) throw new Error('findings apply needs a decisions CSV file');
  if (action === 'undo' && !a.target) throw new Error('findings undo needs a batch number');
  if (['ack', 'resolve', 'reopen'].includes(action)) {
    if (!a.target && !hasFilter(a))
      throw new Error(
        `findings ${action} needs a finding id or filters ` +
          '(--kind, --job, --status, --severity, --text, --group)',
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
