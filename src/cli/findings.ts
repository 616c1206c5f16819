/** `jobmig findings list|show|ack|resolve`: the descriptor; the work is in handlers/findings.ts. */
import type { Argv } from 'yargs';
import { FINDING_KINDS } from '../reconcile/finding.ts';
import { FINDING_STATUSES } from '../reconcile/store.ts';
import { lazyCommand } from './command.ts';
import { databaseOptions, readOnlyOptions } from './options.ts';
import type { FindingsArgs } from './handlers/findings.ts';

export const findingsCommand = lazyCommand<FindingsArgs>({
  command: 'findings <action> [id]',
  describe: 'Review reconciliation findings: list, show, ack, resolve',
  builder: (y: Argv) =>
    y
      .positional('action', { choices: ['list', 'show', 'ack', 'resolve'] as const, demandOption: true })
      .positional('id', { type: 'string', describe: 'finding id (show, ack, resolve)' })
      .options({
        ...databaseOptions,
        ...readOnlyOptions,
        kind: { type: 'string', choices: FINDING_KINDS, describe: 'list: only this kind' },
        status: { type: 'string', choices: FINDING_STATUSES, describe: 'list: only this status' },
        job: { type: 'string', describe: 'list: only this job folder' },
        limit: { type: 'number', describe: 'list: at most this many rows' },
        note: { type: 'string', describe: 'ack/resolve: the reviewer note' },
        by: { type: 'string', describe: 'ack/resolve: reviewer name (default: the OS user)' },
        json: { type: 'boolean', default: false, describe: 'print JSON' },
      })
      .check((a) => {
        if (a.action !== 'list' && !a.id) throw new Error(`findings ${a.action} needs a finding id`);
        if (a['read-only'] && (a.action === 'ack' || a.action === 'resolve'))
          throw new Error(`findings ${a.action} writes: it cannot run with --read-only`);
        return true;
      }) as never,
  load: () => import('./handlers/findings.ts'),
});
