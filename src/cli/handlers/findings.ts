/** `jobmig findings`: lists, shows and reviews findings; prints a table or JSON. */
import os from 'node:os';
import Table from 'cli-table3';
import {
  getFinding,
  listFindings,
  reviewFinding,
  type ReviewDecision,
  type StoredFinding,
} from '../../reconcile/store.ts';
import { withDatabase } from '../database.ts';

/** The parsed arguments (see the descriptor, ../findings.ts, for their options). */
export interface FindingsArgs {
  action: 'list' | 'show' | 'ack' | 'resolve';
  id?: string;
  note?: string;
  by?: string;
  kind?: string;
  status?: string;
  job?: string;
  limit?: number;
  json: boolean;
  'database-url'?: string;
  'read-only': boolean;
}

export async function run(args: FindingsArgs): Promise<void> {
  const output = await withDatabase(
    args['database-url'],
    async (db) => {
      if (args.action === 'list') {
        const rows = await listFindings(db.pool, {
          kind: args.kind,
          status: args.status,
          job: args.job,
          limit: args.limit,
        });
        return args.json ? JSON.stringify(rows, null, 2) : formatList(rows);
      }
      const finding =
        args.action === 'show'
          ? await getFinding(db.pool, args.id!)
          : await reviewFinding(
              db.pool,
              args.id!,
              DECISIONS[args.action],
              args.note ?? null,
              args.by ?? os.userInfo().username,
            );
      if (!finding) throw Object.assign(new Error(`no finding with id ${args.id}`), { exitCode: 1 });
      return args.json ? JSON.stringify(finding, null, 2) : formatOne(finding);
    },
    { readOnly: args['read-only'] },
  );
  process.stdout.write(output + '\n');
}

const DECISIONS: Record<'ack' | 'resolve', ReviewDecision> = { ack: 'acknowledged', resolve: 'resolved' };

function formatList(rows: StoredFinding[]): string {
  if (rows.length === 0) return 'no findings match';
  const table = new Table({
    head: ['id', 'job', 'number', 'kind', 'severity', 'status', 'summary'],
    style: { head: [], border: [], compact: true },
  });
  for (const f of rows)
    table.push([f.id, f.job_id, f.job_number ?? '', f.kind, f.severity, f.status, f.summary]);
  return `${table.toString()}\n${rows.length} finding(s)`;
}

function formatOne(f: StoredFinding): string {
  const lines = [
    `${f.id}  ${f.kind} (${f.severity})  ${f.status}`,
    `job      ${f.job_id}${f.job_number ? ` (${f.job_number})` : ''}`,
    `summary  ${f.summary}`,
    'values:',
    ...Object.entries(f.source_values).map(
      ([source, value]) => `  ${source.padEnd(14)} ${JSON.stringify(value)}`,
    ),
    `paths    ${f.paths.join(', ') || '-'}`,
    `runs     first ${f.first_run_id}, last ${f.last_run_id}${f.gone_run_id ? `, gone in ${f.gone_run_id}` : ''}`,
  ];
  if (f.reviewed_by)
    lines.push(`review   ${f.reviewed_by} at ${f.reviewed_at?.toISOString()}: ${f.review_note ?? ''}`);
  return lines.join('\n');
}
