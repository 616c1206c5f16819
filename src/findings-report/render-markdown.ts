/**
 * The report as GitHub-flavoured Markdown: the summary, then one section per kind and one table per
 * job, with each source's value in its own column. Every database value goes through escapeMarkdown.
 */
import { escapeMarkdown as m } from '../util/html.ts';
import { describeFilter, type Count, type KindGroup, type ReportFinding, type ReportModel } from './model.ts';

function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (numeric[i] ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

function countTable(title: string, counts: Count[]): string {
  return table(
    [title, 'findings'],
    counts.map((c) => [m(c.value), String(c.count)]),
    [false, true],
  );
}

function runs(f: ReportFinding): string {
  const gone = f.goneRunId !== null ? `, gone ${m(f.goneRunId)}` : '';
  return `first ${m(f.firstRunId)}, last ${m(f.lastRunId)}${gone}`;
}

function review(f: ReportFinding): string {
  const parts = [m(f.review.status)];
  if (f.review.note !== null) parts.push(m(f.review.note));
  if (f.review.by !== null || f.review.at !== null)
    parts.push(`${m(f.review.by ?? '')} ${m(f.review.at ?? '')}`.trim());
  return parts.join('<br>');
}

function kindSection(group: KindGroup): string {
  const head = [
    'finding',
    'severity',
    'status',
    'summary',
    ...group.sources.map(m),
    'paths',
    'runs',
    'review',
  ];
  const jobs = group.jobs.map((job) => {
    const rows = job.findings.map((f) => [
      m(f.id),
      m(f.severity),
      m(f.status),
      m(f.summary),
      ...group.sources.map((s) => (s in f.values ? m(f.values[s]!) : '')),
      f.paths.map(m).join('<br>'),
      runs(f),
      review(f),
    ]);
    return `### ${m(job.jobNumber ? `${job.jobId} (${job.jobNumber})` : job.jobId)}\n\n${table(head, rows)}`;
  });
  return [`## ${m(group.kind)} (${group.count})`, ...jobs].join('\n\n');
}

export function renderMarkdown(model: ReportModel): string {
  const runTable =
    model.runs.length === 0
      ? 'No import runs.'
      : table(
          ['run', 'started', 'finished', 'status', 'jobs root'],
          model.runs.map((r) => [m(r.id), m(r.startedAt), m(r.finishedAt ?? ''), m(r.status), m(r.jobsRoot)]),
        );
  const sections = [
    '# Discrepancy report',
    `Generated ${m(model.generatedAt)} from ${m(model.database)}; ` +
      `findings with ${m(describeFilter(model.filter))}: **${model.total}**.`,
    '## Summary',
    countTable('kind', model.counts.kind),
    countTable('severity', model.counts.severity),
    countTable('status', model.counts.status),
    '### Runs seen',
    runTable,
    ...(model.total === 0 ? ['No findings match.'] : model.groups.map(kindSection)),
  ];
  return sections.join('\n\n') + '\n';
}
