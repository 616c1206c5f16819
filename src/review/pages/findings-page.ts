/**
 * The Findings page: the filter form (applied with Enter or the button only), the view toggle (cause
 * groups or single findings), counts per kind, severity and status, one page of rows that show their
 * values and expand in place to be decided, row selection with "decide selected", the pager with a
 * jump, and the form that decides every matching finding (after a confirmation page).
 */
import { FINDING_KINDS } from '../../reconcile/registry.ts';
import {
  FINDING_SEVERITIES,
  FINDING_SORTS,
  FINDING_STATUSES,
  type FindingCount,
  type StoredFinding,
} from '../../findings/store.ts';
import { describeQuery, itemSearch, type ListQuery, PAGE_SIZES, toSearch } from '../filter.ts';
import type { GroupRow, ListPage } from '../list-queries.ts';
import { displayValue, findingHref, type Html, h, headRow, jobHref } from './html.ts';
import { canDecide, csrfField, layout, type PageContext } from './layout.ts';

/** A select whose options are [value, text]; the first is "any". */
function select(name: string, label: string, options: [string, string][], chosen: string | null): Html {
  const items = options.map(
    ([v, text]) => h`<option value="${v}"${v === (chosen ?? '') ? h` selected` : ''}>${text}</option>`,
  );
  return h`<label>${label} <select name="${name}" id="filter-${name}">${items}</select></label>`;
}

/** Kinds with their counts under the filter (kind aside); a kind with none is left out. */
function kindOptions(kindCounts: FindingCount[], chosen: string | null): [string, string][] {
  const n = new Map<string, number>();
  for (const c of kindCounts) n.set(c.kind, (n.get(c.kind) ?? 0) + c.count);
  const kinds = FINDING_KINDS.filter((k) => (n.get(k) ?? 0) > 0 || k === chosen);
  return [['', 'all kinds'], ...kinds.map((k): [string, string] => [k, `${k} (${n.get(k) ?? 0})`])];
}

const plain = (values: readonly (string | number)[]): [string, string][] =>
  values.map((v) => [String(v), String(v)]);

function filterForm(q: ListQuery, kindCounts: FindingCount[]): Html {
  return h`<form class="filters" method="get" action="/" role="search" aria-label="Filter the findings">
<input type="hidden" name="view" value="${q.view}">
${select('kind', 'Kind', kindOptions(kindCounts, q.kind), q.kind)}
${select('severity', 'Severity', [['', 'all severities'], ...plain(FINDING_SEVERITIES)], q.severity)}
${select('status', 'Status', [['', 'any status'], ...plain(FINDING_STATUSES)], q.status)}
<label>Job <input name="job" id="filter-job" value="${q.job ?? ''}" maxlength="200"></label>
<label>Text <input type="search" name="q" id="filter-text" value="${q.text ?? ''}" maxlength="200"
 placeholder="id, value, path, note…"></label>
${select('sort', 'Sort by', plain(FINDING_SORTS), q.sort)}
${select('size', 'Per page', plain(PAGE_SIZES), String(q.size))}
<button type="submit" id="apply-filter">Filter</button> <a href="/">reset</a>
</form>`;
}

function viewToggle(q: ListQuery): Html {
  const link = (view: ListQuery['view'], text: string): Html =>
    q.view === view
      ? h`<strong aria-current="page">${text}</strong>`
      : h`<a href="/${toSearch({ ...q, view })}" id="view-${view}">${text}</a>`;
  return h`<p class="views">Show: ${link('groups', 'cause groups')} · ${link('findings', 'single findings')}</p>`;
}

const ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

function countTable(by: 'kind' | 'severity' | 'status', page: ListPage, q: ListQuery): Html {
  const totals = new Map<string, number>();
  for (const c of page.counts) totals.set(c[by], (totals.get(c[by]) ?? 0) + c.count);
  const rank = (v: string): number => (by === 'severity' ? (ORDER[v] ?? 9) : 0);
  const rows = [...totals].sort((a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const link = (value: string): string => `/${toSearch({ ...q, [by]: value })}`;
  const body = rows.map(
    ([value, n]) => h`<tr><td><a href="${link(value)}">${value}</a></td>
<td class="num" data-count-${by}="${value}">${n}</td></tr>`,
  );
  const none = h`<tr><td colspan="2" class="empty">none</td></tr>`;
  return h`<table class="counts"><thead><tr><th>${by}</th><th class="num">findings</th></tr></thead>
<tbody>${body.length ? body : none}</tbody></table>`;
}

/** The values a finding's sources give, as a small table (the reviewer reads them in the row). */
export function valuesList(values: Record<string, unknown>): Html {
  const items = Object.entries(values).map(
    ([source, v]) =>
      h`<li><span class="source">${source}:</span> <span class="value">${displayValue(v)}</span></li>`,
  );
  return h`<ul class="values-inline">${items}</ul>`;
}

const VERBS: [string, string, string][] = [
  ['ack', 'Acknowledge', 'a'],
  ['resolve', 'Resolve', 'r'],
  ['reopen', 'Reopen', 'o'],
];

/** A row's own decision form: note and the three buttons; it comes back to the list. */
function rowForm(ctx: PageContext, action: string, q: ListQuery, pos: number): Html {
  if (!canDecide(ctx)) return h``;
  const buttons = VERBS.map(
    ([v, text, key]) => h`<button name="decision" value="${v}" data-decide="${v}">${text} (${key})</button>`,
  );
  return h`<form method="post" action="${action}" class="row-decide">${csrfField(ctx)}
<input type="hidden" name="back" value="${`/${toSearch(q, q.page)}#item-${pos}`}">
<label>Note <input name="note" maxlength="4000" class="row-note"></label> ${buttons}</form>`;
}

function findingRow(ctx: PageContext, q: ListQuery, f: StoredFinding, pos: number): Html {
  const number = f.job_number ? h` <small>${f.job_number}</small>` : '';
  const href = `${findingHref(f.id)}${itemSearch(q, pos)}`;
  return h`<tr data-item="${pos}" data-finding="${f.id}" id="item-${pos}">
<td><input type="checkbox" name="id" value="${f.id}" form="selected" aria-label="select ${f.id}"></td>
<td><a href="${href}" class="open"><code>${f.id}</code></a></td>
<td class="sev-${f.severity}">${f.severity}</td><td>${f.kind}</td><td>${f.status}</td>
<td><a href="${jobHref(f.job_id)}">${f.job_id}</a>${number}</td>
<td>${f.summary}${valuesList(f.source_values)}
<details class="expand"><summary>decide here</summary>${rowForm(ctx, `${findingHref(f.id)}/decide`, q, pos)}</details>
</td></tr>`;
}

export const groupHref = (id: string): string => `/groups/${encodeURIComponent(id)}`;

function groupRow(ctx: PageContext, q: ListQuery, g: GroupRow, pos: number): Html {
  const href = `${groupHref(g.group_id)}${itemSearch(q, pos)}`;
  const jobs = g.job_ids.map((j) => h`<a href="${jobHref(j)}">${j}</a> `);
  const more = g.jobs > g.job_ids.length ? h`… (${g.jobs} jobs)` : '';
  const what = g.members > 1 ? h`<strong>${g.members} findings</strong>, ${g.jobs} job(s): ` : '';
  return h`<tr data-item="${pos}" data-group="${g.group_id}" id="item-${pos}">
<td><input type="checkbox" name="group" value="${g.group_id}" form="selected" aria-label="select group ${pos + 1}"></td>
<td><a href="${href}" class="open">${g.members > 1 ? `group of ${g.members}` : h`<code>${g.first_id}</code>`}</a></td>
<td class="sev-${g.severity}">${g.severity}</td><td>${g.kind}</td>
<td>${jobs}${more}</td>
<td>${what}${g.summary}${valuesList(g.source_values)}
<details class="expand"><summary>decide here</summary>${rowForm(ctx, `${groupHref(g.group_id)}/decide`, q, pos)}</details>
</td></tr>`;
}

function pager(page: ListPage, q: ListQuery): Html {
  const pages = Math.max(1, Math.ceil(page.items / q.size));
  const prev = q.page > 1 ? h`<a rel="prev" href="/${toSearch(q, q.page - 1)}">← previous</a>` : '';
  const next =
    q.page < pages ? h`<a rel="next" id="next-page" href="/${toSearch(q, q.page + 1)}">next →</a>` : '';
  const hidden = new URLSearchParams(toSearch(q).slice(1));
  const fields = [...hidden].map(([k, v]) => h`<input type="hidden" name="${k}" value="${v}">`);
  return h`<nav class="pager" aria-label="Pages">${prev} page <span id="page">${q.page}</span> of ${pages} ${next}
<form method="get" action="/" class="jump">${fields}<label>Go to page
<input type="number" name="page" id="jump-page" min="1" max="${pages}" value="${q.page}"></label>
<button type="submit">Go</button></form></nav>`;
}

/** Hidden fields that carry the filter into the bulk forms. */
export function filterFields(q: ListQuery): Html {
  const hidden = ([k, v]: [string, string]): Html => h`<input type="hidden" name="${k}" value="${v}">`;
  return h`${[...new URLSearchParams(toSearch(q).slice(1))].map(hidden)}`;
}

function decisionSelect(id: string): Html {
  return h`<label>Decision <select name="decision" id="${id}"><option value="ack">acknowledge</option>
<option value="resolve">resolve</option><option value="reopen">reopen</option></select></label>`;
}

function bulkForms(ctx: PageContext, page: ListPage, q: ListQuery): Html {
  if (page.total === 0 || !canDecide(ctx)) return h``;
  return h`<form class="bulk" method="post" action="/bulk/confirm" aria-label="Decide all matching">
${csrfField(ctx)}${filterFields(q)}
<span>All <strong>${page.total}</strong> matching:</span>${decisionSelect('bulk-decision')}
<label>Note <input name="note" id="bulk-note" maxlength="4000" placeholder="optional"></label>
<button type="submit" id="bulk-review">Review all matching…</button></form>
<form class="bulk" method="post" action="/selected/decide" id="selected" aria-label="Decide selected">
${csrfField(ctx)}${filterFields(q)}<input type="hidden" name="back" value="${`/${toSearch(q, q.page)}`}">
<span>Selected rows (<kbd>x</kbd>):</span>${decisionSelect('selected-decision')}
<label>Note <input name="note" id="selected-note" maxlength="4000" placeholder="optional"></label>
<button type="submit" id="decide-selected">Decide selected</button></form>`;
}

function complete(ctx: PageContext): Html {
  const p = ctx.progress;
  if (!p || p.store.open > 0 || p.store.total === 0) return h``;
  return h`<p class="notice done" id="complete">The review is complete: no finding is open.
<a href="/report">Open the final report</a>.</p>`;
}

export function findingsPage(ctx: PageContext, page: ListPage, q: ListQuery): Html {
  const counts = (['kind', 'severity', 'status'] as const).map((by) => countTable(by, page, q));
  const start = (q.page - 1) * q.size;
  const rows =
    q.view === 'groups'
      ? page.groups.map((g, i) => groupRow(ctx, q, g, start + i))
      : page.findings.map((f, i) => findingRow(ctx, q, f, start + i));
  const what = q.view === 'groups' ? 'cause group(s)' : 'finding(s)';
  const none = h`<tr><td colspan="6" class="empty" id="no-match">No findings match.</td></tr>`;
  const head =
    q.view === 'groups'
      ? ['select', 'group', 'severity', 'kind', 'jobs', 'summary and values']
      : ['select', 'finding', 'severity', 'kind', 'status', 'job', 'summary and values'];
  const body = h`${complete(ctx)}${filterForm(q, page.kindCounts)}${viewToggle(q)}
<p class="meta"><strong id="total">${page.total}</strong> finding(s) with ${describeQuery(q)}, in
<strong id="items">${page.items}</strong> ${what}</p>
<section class="summary" aria-label="Counts">${counts}</section>
${bulkForms(ctx, page, q)}
<table class="findings" id="list"><thead>${headRow(head)}</thead>
<tbody>${rows.length ? rows : none}</tbody></table>
${pager(page, q)}`;
  return layout('Findings', ctx, body);
}
