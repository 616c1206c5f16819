/**
 * The report as one self-contained HTML page: no network, no external assets. The page's own CSS and
 * script are inline and allowed by hash in a strict Content-Security-Policy (a hash, not a nonce, so
 * the same model always renders the same bytes). Every database value goes through escapeHtml; the
 * filter script gets its data from a JSON data block and never writes markup.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { escapeHtml as e, jsonForScript } from '../report/escape.ts';
import {
  describeFilter,
  findingsInOrder,
  type Count,
  type KindGroup,
  type ReportFinding,
  type ReportModel,
} from './model.ts';

const asset = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

interface PageAssets {
  style: string;
  script: string;
  csp: string;
}
let pageAssets: PageAssets | undefined;

/** The page's CSS, script and the CSP allowing exactly them: read on first use, not at import. */
function assets(): PageAssets {
  if (pageAssets) return pageAssets;
  const style = asset('report.css');
  const script = asset('report.js');
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${sha256(script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  pageAssets = { style, script, csp };
  return pageAssets;
}

/** What the filter script needs per finding, in row order; `text` is everything a search may match. */
function filterData(findings: ReportFinding[]): {
  findings: { kind: string; severity: string; status: string; text: string }[];
} {
  return {
    findings: findings.map((f) => ({
      kind: f.kind,
      severity: f.severity,
      status: f.status,
      text: [
        f.id,
        f.jobId,
        f.jobNumber ?? '',
        f.kind,
        f.severity,
        f.status,
        f.summary,
        ...Object.entries(f.values).flat(),
        ...f.paths,
        f.review.note ?? '',
        f.review.by ?? '',
      ]
        .join('\n')
        .toLowerCase(),
    })),
  };
}

function countTable(title: string, by: string, counts: Count[]): string {
  const rows = counts
    .map(
      (c) =>
        `<tr><td>${e(c.value)}</td><td class="num">${c.count}</td>` +
        `<td class="num" data-shown-by="${e(by)}" data-shown-value="${e(c.value)}">${c.count}</td></tr>`,
    )
    .join('\n');
  const head =
    `<thead><tr><th>${e(title)}</th>` +
    `<th class="num">findings</th><th class="num">shown</th></tr></thead>`;
  return `<table>${head}\n<tbody>\n${rows}\n</tbody></table>`;
}

function runsTable(model: ReportModel): string {
  if (model.runs.length === 0) return '<p class="empty">no import runs</p>';
  const rows = model.runs
    .map(
      (r) =>
        `<tr><td class="num">${e(r.id)}</td><td>${e(r.startedAt)}</td><td>${e(r.finishedAt ?? '')}</td>` +
        `<td>${e(r.status)}</td><td><code>${e(r.jobsRoot)}</code></td></tr>`,
    )
    .join('\n');
  const head =
    '<thead><tr><th class="num">run</th><th>started</th><th>finished</th>' +
    '<th>status</th><th>jobs root</th></tr></thead>';
  return `<table>${head}\n<tbody>\n${rows}\n</tbody></table>`;
}

function options(all: string, counts: Count[]): string {
  return [
    `<option value="">${e(all)}</option>`,
    ...counts.filter((c) => c.count > 0).map((c) => `<option value="${e(c.value)}">${e(c.value)}</option>`),
  ].join('');
}

function reviewCell(f: ReportFinding): string {
  const lines = [`<div>${e(f.review.status)}</div>`];
  if (f.review.note !== null) lines.push(`<div class="note">${e(f.review.note)}</div>`);
  if (f.review.by !== null || f.review.at !== null)
    lines.push(`<div class="who">${e(f.review.by ?? '')} ${e(f.review.at ?? '')}</div>`);
  return lines.join('');
}

function findingRow(f: ReportFinding, index: number, sources: string[]): string {
  const values = sources.map((s) =>
    s in f.values ? `<td class="value">${e(f.values[s]!)}</td>` : '<td class="value absent"></td>',
  );
  const gone = f.goneRunId !== null ? `<br>gone ${e(f.goneRunId)}` : '';
  const runs = `first ${e(f.firstRunId)}<br>last ${e(f.lastRunId)}${gone}`;
  return [
    `<tr data-row="${index}">`,
    `<td><code>${e(f.id)}</code></td>`,
    `<td class="sev-${e(f.severity)}">${e(f.severity)}</td>`,
    `<td>${e(f.status)}</td>`,
    `<td>${e(f.summary)}</td>`,
    ...values,
    `<td class="paths"><ul class="plain">${f.paths.map((p) => `<li>${e(p)}</li>`).join('')}</ul></td>`,
    `<td class="runs">${runs}</td>`,
    `<td>${reviewCell(f)}</td>`,
    '</tr>',
  ].join('');
}

function kindSection(group: KindGroup, rowIndex: Map<ReportFinding, number>): string {
  const columns = 4 + group.sources.length + 3;
  const head = ['finding', 'severity', 'status', 'summary', ...group.sources, 'paths', 'runs', 'review']
    .map((h, i) =>
      i >= 4 && i < 4 + group.sources.length ? `<th title="source">${e(h)}</th>` : `<th>${e(h)}</th>`,
    )
    .join('');
  const bodies = group.jobs.map((job) => {
    const label = job.jobNumber ? `${job.jobId} (${job.jobNumber})` : job.jobId;
    const rows = job.findings.map((f) => findingRow(f, rowIndex.get(f)!, group.sources)).join('\n');
    const jobRow = `<tr class="job"><th colspan="${columns}">${e(label)}</th></tr>`;
    return `<tbody data-job="${e(job.jobId)}">\n${jobRow}\n${rows}\n</tbody>`;
  });
  return [
    `<section data-kind="${e(group.kind)}">`,
    `<h2>${e(group.kind)} (<span data-shown-by="kind" data-shown-value="${e(group.kind)}">` +
      `${group.count}</span> of ${group.count})</h2>`,
    `<table>\n<thead><tr>${head}</tr></thead>`,
    ...bodies,
    '</table>',
    '</section>',
  ].join('\n');
}

export function renderHtml(model: ReportModel): string {
  const findings = findingsInOrder(model);
  const rowIndex = new Map(findings.map((f, i) => [f, i]));
  const meta =
    `<p class="meta">Generated <time datetime="${e(model.generatedAt)}">${e(model.generatedAt)}</time>` +
    ` from <code>${e(model.database)}</code>; findings with ${e(describeFilter(model.filter))}:` +
    ` <strong>${model.total}</strong>.</p>`;
  const filterText =
    '<label>Filter <input id="filter-text" type="search" placeholder="job, kind, value, path, note…"' +
    ' autocomplete="off"></label>';
  const shownTotal =
    `<span><strong id="shown-total" data-shown-by="total" data-shown-value="all">${model.total}</strong>` +
    ` of ${model.total} findings shown</span>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(assets().csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>jobmig discrepancy report</title>
<style>${assets().style}</style>
</head>
<body>
<header>
<h1>Discrepancy report</h1>
${meta}
</header>
<section class="summary" aria-label="summary">
${countTable('kind', 'kind', model.counts.kind)}
${countTable('severity', 'severity', model.counts.severity)}
${countTable('status', 'status', model.counts.status)}
<div><h2>Runs seen</h2>
${runsTable(model)}</div>
</section>
<div class="filters" role="search">
${filterText}
<label>Kind <select id="filter-kind">${options('all kinds', model.counts.kind)}</select></label>
<label>Status <select id="filter-status">${options('all statuses', model.counts.status)}</select></label>
${shownTotal}
</div>
<main>
<p id="no-match" class="empty"${model.total > 0 ? ' hidden' : ''}>No findings match.</p>
${model.groups.map((g) => kindSection(g, rowIndex)).join('\n')}
</main>
<script type="application/json" id="report-data">${jsonForScript(filterData(findings))}</script>
<script>${assets().script}</script>
</body>
</html>
`;
}
