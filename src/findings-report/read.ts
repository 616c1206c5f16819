/**
 * The database side of the report: two reads in one READ ONLY, REPEATABLE READ transaction, so the
 * findings and the runs they name come from the same snapshot. Filters are bound parameters.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import { withTransaction } from '../db/transaction.ts';
import type { ReportFilter, ReportFindingRow, ReportRunRow } from './model.ts';

const sqlFile = sqlFolder(import.meta.url);
const FINDINGS_SQL = sqlFile('report-findings.sql');
const RUNS_SQL = sqlFile('report-runs.sql');

export interface ReportRows {
  findings: ReportFindingRow[];
  runs: ReportRunRow[];
}

export async function readReportRows(pool: pg.Pool, filter: ReportFilter): Promise<ReportRows> {
  const params = [filter.status, filter.job, filter.kind];
  return withTransaction(pool, 'read only snapshot', async (client) => {
    const findings = await client.query<ReportFindingRow>(FINDINGS_SQL(), params);
    const runs = await client.query<ReportRunRow>(RUNS_SQL(), params);
    return { findings: findings.rows, runs: runs.rows };
  });
}
