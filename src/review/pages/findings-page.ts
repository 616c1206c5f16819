/**
 * The Findings page: the filter form, counts per kind, severity and status under the current filter,
 * one server-side page of findings (errors first), a pager, and the form that decides on every
 * matching finding (after a confirmation page that shows the count).
 */
import { FINDING_KINDS } from '../../reconcile/registry.ts';
import { FINDING_SEVERITIES, FINDING_STATUSES, type StoredFinding } from '../../findings/store.ts';
import { describeQuery, type ListQuery, toSearch } from '../filter.ts';
import { type FindingsPage, PAGE_SIZE } from '../queries.ts';
import { findingHref, type Html, h, headRow, jobHref } from './html.ts';
import { csrfField, layout, type PageContext } from './layout.ts';

function select(name: string, all: string, options: readonly string[], chosen: string | null): Html {
  const items = options.map((o) => h`<option value="${o}"${o === chosen ? h` selected` : ''}>${o}</option>`);
  const label = name[0]!.toUpperCase() + name.slice(1);
  return h`<label>${label} <select name="${name}" id="filter-${name}">
<option value="">${all}</option>${items}</select></label>`;
}

function filterForm(q: ListQuery): Html {
  return h`<form class="filters" method="get" action="/" role="search">
${select('kind', 'all kinds', FINDING_KINDS, q.kind)}
${select('severity', 'all severities', FINDING_SEVERITIES, q.severity)}
${select('status', 'any status', FINDING_STATUSES, q.status)}
<label>Job <input name="job" id="filter-job" value="${q.job ?? ''}" maxlength="200"></label>
<label>Text <input type="search" name="q" id="filter-text" value="${q.text ?? ''}" maxlength="200"
 placeholder="id, value, path, note…"></label>
<button type="submit" id="apply-filter">Filter</button> <a href="/">reset</a>
</form>`;
}

function countTable(by: 'kind' | 'severity' | 'status', page: FindingsPage, q: ListQuery): Html {
  const totals = new Map<string, number>();
  for (const c of page.counts) totals.set(c[by], (totals.get(c[by]) ?? 0) + c.count);
  const rows = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const link = (value: string): string => `/${toSearch({ ...q, [by]: value })}`;
  const body = rows.map(
    ([value, n]) => h`<tr><td><a href="${link(value)}">${value}</a></td>
<td class="num" data-count-${by}="${value}">${n}</td></tr>`,
  );
  const none = h`<tr><td colspan="2" class="empty">none</td></tr>`;
  return h`<table class="counts"><thead><tr><th>${by}</th><th class="num">findings</th></tr></thead>
<tbody>${body.length ? body : none}</tbody></table>`;
}

function row(f: StoredFinding): Html {
  const number = f.job_number ? h` <small>${f.job_number}</small>` : '';
  return h`<tr data-finding="${f.id}">
<td><a href="${findingHref(f.id)}"><code>${f.id}</code></a></td>
<td class="sev-${f.severity}">${f.severity}</td><td>${f.kind}</td><td>${f.status}</td>
<td><a href="${jobHref(f.job_id)}">${f.job_id}</a>${number}</td>
<td>${f.summary}</td></tr>`;
}

function pager(page: FindingsPage, q: ListQuery): Html {
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  const prev = q.page > 1 ? h`<a rel="prev" href="/${toSearch(q, q.page - 1)}">← previous</a>` : '';
  const next =
    q.page < pages ? h`<a rel="next" id="next-page" href="/${toSearch(q, q.page + 1)}">next →</a>` : '';
  return h`<nav class="pager">${prev} page <span id="page">${q.page}</span> of ${pages} ${next}</nav>`;
}

/** Hidden fields that carry the filter into the bulk forms. */
export function filterFields(q: ListQuery): Html {
  const fields = { kind: q.kind, severity: q.severity, status: q.status, job: q.job, q: q.text };
  const hidden = ([k, v]: [string, string | null]): Html =>
    h`<input type="hidden" name="${k}" value="${v ?? ''}">`;
  return h`${Object.entries(fields).map(hidden)}`;
}

function bulkForm(ctx: PageContext, page: FindingsPage, q: ListQuery): Html {
  if (page.total === 0) return h``;
  return h`<form class="bulk" method="post" action="/bulk/confirm">${csrfField(ctx)}${filterFields(q)}
<span>All <strong>${page.total}</strong> matching:</span>
<select name="decision" id="bulk-decision"><option value="ack">acknowledge</option>
<option value="resolve">resolve</option><option value="reopen">reopen</option></select>
<input name="note" id="bulk-note" maxlength="4000" placeholder="note (optional)">
<button type="submit" id="bulk-review">Review all matching…</button></form>`;
}

export function findingsPage(ctx: PageContext, page: FindingsPage, q: ListQuery): Html {
  const counts = (['kind', 'severity', 'status'] as const).map((by) => countTable(by, page, q));
  const none = h`<tr><td colspan="6" class="empty" id="no-match">No findings match.</td></tr>`;
  const body = h`${filterForm(q)}
<p class="meta"><strong id="total">${page.total}</strong> finding(s) with ${describeQuery(q)}</p>
<section class="summary">${counts}</section>
${bulkForm(ctx, page, q)}
<table class="findings"><thead>${headRow(['finding', 'severity', 'kind', 'status', 'job', 'summary'])}</thead>
<tbody>${page.rows.length ? page.rows.map(row) : none}</tbody></table>
${pager(page, q)}`;
  return layout('Findings', ctx, body);
}
