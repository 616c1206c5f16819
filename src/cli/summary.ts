import Table from 'cli-table3';
import { SUMMARY_TABLES, emptyCounts } from '../staging/counts.ts';
import type { ImportSummary } from '../import/run.ts';

/** The end-of-run table, pgloader style: per table what was read and what became of it. */
export function formatSummary(summary: ImportSummary): string {
  const table = new Table({
    head: ['table', 'read', 'inserted', 'updated', 'unchanged', 'deleted', 'errors'],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [], compact: true },
  });
  const total = emptyCounts();
  for (const name of SUMMARY_TABLES) {
    const c = summary.counts[name] ?? emptyCounts();
    const unchanged = Math.max(0, c.read - c.inserted - c.updated);
    table.push([name, c.read, c.inserted, c.updated, unchanged, c.deleted, c.errors]);
    total.read += c.read;
    total.inserted += c.inserted;
    total.updated += c.updated;
    total.deleted += c.deleted;
    total.errors += c.errors;
  }
  table.push([
    'total',
    total.read,
    total.inserted,
    total.updated,
    Math.max(0, total.read - total.inserted - total.updated),
    total.deleted,
    total.errors,
  ]);
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  const f = summary.folders;
  const folders =
    `job folders: ${f.selected} selected of ${f.found} found, ${f.read} read (${f.files_read} files), ` +
    `${f.skipped_unchanged} unchanged and skipped, ${f.unreadable} unreadable, ${f.missing} gone from disk`;
  return `import run ${summary.runId} of ${summary.jobsRoot}\n${folders}\n${table.toString()}\ntotal time ${seconds}s\n`;
}
