/**
 * The report as one self-contained HTML page: no network, no external assets. The page's own CSS and
 * script are inline and allowed by hash in a strict Content-Security-Policy (a hash, not a nonce, so
 * the same model always renders the same bytes). Every database value goes through `h`, which escapes
 * each interpolation; the filter script gets its data from a JSON data block and never writes markup.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Html, h, jsonForScript, trusted } from '../util/html.ts';
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

/** The page's Content-Security-Policy (a server sending the page sends it as a header too). */
export const reportPolicy = (): string => assets().csp;

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

function countTable(title: string, by: string, counts: Count[]): Html {
  const rows = counts.map(
    (c) => h`<tr><td>${c.value}</td><td class="num">${c.count}</td>\
<td class="num" data-shown-by="${by}" data-shown-value="${c.value}">${c.count}</td></tr>`,
  );
  const head = h`<thead><tr><th>${title}</th>\
<th class="num">findings</th><th class="num">shown</th></tr></thead>`;
  return h`<table>${head}\n<tbody>\n${lines(rows)}\n</tbody></table>`;
}

/** Fragments one per line, as the report has always been laid out. */
const lines = (parts: Html[]): Html => trusted(parts.map(String).join('\n'));

function runsTable(model: ReportModel): Html {
  if (model.runs.length === 0) return h`<p class="empty">no import runs</p>`;
  const rows = model.runs.map(
    (r) =>
      h`<tr><td class="num">${r.id}</td><td>${r.startedAt}</td><td>${r.finishedAt ?? ''}</td>\
<td>${r.status}</td><td><code>${r.jobsRoot}</code></td></tr>`,
  );
  const head = h`<thead><tr><th class="num">run</th><th>started</th><th>finished</th>\
<th>status</th><th>jobs root</th></tr></thead>`;
  return h`<table>${head}\n<tbody>\n${lines(rows)}\n</tbody></table>`;
}

function options(all: string, counts: Count[]): Html {
  const shown = counts.filter((c) => c.count > 0);
  return h`<option value="">${all}</option>${shown.map((c) => h`<option value="${c.value}">${c.value}</option>`)}`;
}

function reviewCell(f: ReportFinding): Html {
  const note = f.review.note !== null && h`<div class="note">${f.review.note}</div>`;
  const who =
    (f.review.by !== null || f.review.at !== null) &&
    h`<div class="who">${f.review.by ?? ''} ${f.review.at ?? ''}</div>`;
  return h`<div>${f.review.status}</div>${note}${who}`;
}

function findingRow(f: ReportFinding, index: number, sources: string[]): Html {
  const values = sources.map((s) =>
    s in f.values ? h`<td class="value">${f.values[s]!}</td>` : h`<td class="value absent"></td>`,
  );
  const gone = f.goneRunId !== null && h`<br>gone ${f.goneRunId}`;
  const paths = f.paths.map((p) => h`<li>${p}</li>`);
  return h`<tr data-row="${index}"><td><code>${f.id}</code></td><td class="sev-${f.severity}">${f.severity}</td>\
<td>${f.status}</td><td>${f.summary}</td>${values}<td class="paths"><ul class="plain">${paths}</ul></td>\
<td class="runs">first ${f.firstRunId}<br>last ${f.lastRunId}${gone}</td><td>${reviewCell(f)}</td></tr>`;
}

function kindSection(group: KindGroup, rowIndex: Map<ReportFinding, number>): Html {
  const columns = 4 + group.sources.length + 3;
  const head = [
    ...['finding', 'severity', 'status', 'summary'].map((name) => h`<th>${name}</th>`),
    ...group.sources.map((name) => h`<th title="source">${name}</th>`),
    ...['paths', 'runs', 'review'].map((name) => h`<th>${name}</th>`),
  ];
  const bodies = group.jobs.map((job) => {
    const label = job.jobNumber ? `${job.jobId} (${job.jobNumber})` : job.jobId;
    const rows = job.findings.map((f) => findingRow(f, rowIndex.get(f)!, group.sources));
    const jobRow = h`<tr class="job"><th colspan="${columns}">${label}</th></tr>`;
    return h`<tbody data-job="${job.jobId}">\n${jobRow}\n${lines(rows)}\n</tbody>`;
  });
  return h`<section data-kind="${group.kind}">
<h2>${group.kind} (<span data-shown-by="kind" data-shown-value="${group.kind}">${group.count}</span> of \
${group.count})</h2>
<table>
<thead><tr>${head}</tr></thead>
${lines(bodies)}
</table>
</section>`;
}

export function renderHtml(model: ReportModel): string {
  const findings = findingsInOrder(model);
  const rowIndex = new Map(findings.map((f, i) => [f, i]));
  const meta = h`<p class="meta">Generated <time datetime="${model.generatedAt}">${model.generatedAt}</time>\
 from <code>${model.database}</code>; findings with ${describeFilter(model.filter)}:\
 <strong>${model.total}</strong>.</p>`;
  const filterText = h`<label>Filter <input id="filter-text" type="search" \
placeholder="job, kind, value, path, note…" autocomplete="off"></label>`;
  const shownTotal = h`<span><strong id="shown-total" data-shown-by="total" data-shown-value="all">\
${model.total}</strong> of ${model.total} findings shown</span>`;
  const c = model.counts;
  return h`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${assets().csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>jobmig discrepancy report</title>
<style>${trusted(assets().style)}</style>
</head>
<body>
<header>
<h1>Discrepancy report</h1>
${meta}
</header>
<section class="summary" aria-label="summary">
${countTable('kind', 'kind', c.kind)}
${countTable('severity', 'severity', c.severity)}
${countTable('status', 'status', c.status)}
<div><h2>Runs seen</h2>
${runsTable(model)}</div>
</section>
<div class="filters" role="search">
${filterText}
<label>Kind <select id="filter-kind">${options('all kinds', c.kind)}</select></label>
<label>Status <select id="filter-status">${options('all statuses', c.status)}</select></label>
${shownTotal}
</div>
<main>
<p id="no-match" class="empty"${model.total > 0 ? h` hidden` : ''}>No findings match.</p>
${lines(model.groups.map((g) => kindSection(g, rowIndex)))}
</main>
<script type="application/json" id="report-data">${trusted(jsonForScript(filterData(findings)))}</script>
<script>${trusted(assets().script)}</script>
</body>
</html>
`.text;
}
