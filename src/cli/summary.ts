/**
 * The end-of-run table, pgloader style: per table what was read and what became of it. Paths and job
 * folder names are escaped (util/terminal.ts): a hostile folder name must not drive the terminal.
 */
import { SUMMARY_TABLES, emptyCounts, type RunCounts } from '../staging/counts.ts';
import type { DryRunSummary } from '../import/dry-run.ts';
import type { FolderCounts, ImportSummary } from '../import/run.ts';
import { escapeControl as e, textTable } from '../util/terminal.ts';

export function formatSummary(summary: ImportSummary, width?: number): string {
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  return (
    `import run ${summary.runId} of ${describeRoot(summary)}\n${foldersLine(summary.folders)}\n` +
    `${storageLine(summary)}${countsTable(summary.counts, undefined, width)}\ntotal time ${seconds}s\n`
  );
}

/** A dry run: what a run would do per table, then the job folders it would add, change and mark gone. */
export function formatDryRun(summary: DryRunSummary, width?: number): string {
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  const verbs = ['would insert', 'would update', 'unchanged', 'would delete'];
  const { jobs } = summary;
  return (
    [
      `dry run of ${e(summary.jobsRoot)}: nothing was written`,
      ...storageRootLines(summary),
      foldersLine(summary.folders),
      countsTable(summary.counts, verbs, width),
      folderList('new', jobs.new),
      folderList('changed', jobs.changed),
      folderList('gone from disk', jobs.gone),
      ...(jobs.refused.length > 0
        ? [folderList('refused (the database would reject their rows)', jobs.refused)]
        : []),
      `unchanged job folders: ${summary.unchanged} (not listed)`,
      `total time ${seconds}s`,
    ].join('\n') + '\n'
  );
}

/** Which storage root was compared, and the assignment history its merge would write. */
function storageRootLines(summary: DryRunSummary): string[] {
  if (!summary.storageRoot) return [];
  const events = summary.assignmentEvents;
  if (!events)
    return [`storage root ${e(summary.storageRoot)}: not compared (a run with --job leaves it alone)`];
  return [
    `storage root ${e(summary.storageRoot)}: security/ and profiles/ compared (devices, device_tokens, ` +
      'job_assignments, operator_profiles below)',
    `assignment events it would write: ${events.assigned} assigned, ${events.reassigned} reassigned, ` +
      `${events.unassigned} unassigned`,
  ];
}

function folderList(what: string, jobIds: string[]): string {
  return [`${what} job folders: ${jobIds.length}`, ...jobIds.map((j) => `  ${e(j)}`)].join('\n');
}

export function foldersLine(f: FolderCounts): string {
  return (
    `job folders: ${f.selected} selected of ${f.found} found, ${f.read} read (${f.files_read} files), ` +
    `${f.skipped_unchanged} unchanged and skipped, ${f.unreadable} unreadable, ${f.missing} gone from disk`
  );
}

/** One line per table and a total; `verbs` names the columns (a dry run says "would insert"...). */
export function countsTable(
  counts: RunCounts,
  verbs = ['inserted', 'updated', 'unchanged', 'deleted'],
  width?: number,
): string {
  const rows: (string | number)[][] = [];
  const total = emptyCounts();
  for (const name of SUMMARY_TABLES) {
    const c = counts[name] ?? emptyCounts();
    rows.push([name, ...cells(c)]);
    total.read += c.read;
    total.inserted += c.inserted;
    total.updated += c.updated;
    total.deleted += c.deleted;
    total.errors += c.errors;
  }
  rows.push(['total', ...cells(total)]);
  const aligns = ['left', 'right', 'right', 'right', 'right', 'right', 'right'] as const;
  return textTable(['table', 'read', ...verbs, 'errors'], rows, { aligns: [...aligns], width });
}

function cells(c: RunCounts[string]): number[] {
  const unchanged = Math.max(0, c.read - c.inserted - c.updated);
  return [c.read, c.inserted, c.updated, unchanged, c.deleted, c.errors];
}

/** Which folder the run found: a storage root (jobs/ inside it) or a jobs folder alone. */
function describeRoot(summary: ImportSummary): string {
  const root = summary.root;
  if (root.kind === 'jobs_root')
    return `jobs folder ${e(root.jobsRoot)} (no storage root: devices, tokens, profiles not read)`;
  return (
    `storage root ${e(String(root.storageRoot))} (job folders in ${e(root.jobsRoot)}; ` +
    'security/ and profiles/ read, logs/ is not data)'
  );
}

function storageLine(summary: ImportSummary): string {
  const s = summary.storage;
  if (!s) return '';
  return (
    `storage root files: ${s.files_found} found, ${s.files_read} read, ` +
    `${s.skipped_unchanged} unchanged and skipped\n`
  );
}
