/**
 * The confirmation before a decision on every finding a filter matches: it shows the count and its
 * breakdown by severity and kind, and the form carries the count back so the server refuses the
 * decision if it has changed meanwhile. Confirm and Cancel stand apart.
 */
import type { FindingCount } from '../../findings/store.ts';
import { describeQuery, type ListQuery, toSearch } from '../filter.ts';
import { filterFields } from './findings-page.ts';
import { type Html, h } from './html.ts';
import { csrfField, layout, type PageContext } from './layout.ts';

const VERB_TEXT: Record<string, string> = { ack: 'Acknowledge', resolve: 'Resolve', reopen: 'Reopen' };
const SEVERITIES = ['error', 'warning', 'info'];

/** "758 findings: 148 errors, 500 warnings, 110 info" and a table per kind. */
function breakdown(counts: FindingCount[], total: number): Html {
  const sum = (pick: (c: FindingCount) => boolean): number =>
    counts.filter(pick).reduce((n, c) => n + c.count, 0);
  const bySeverity = SEVERITIES.map((s) => [s, sum((c) => c.severity === s)] as const).filter(([, n]) => n);
  const kinds = [...new Set(counts.map((c) => c.kind))].map((k) => [k, sum((c) => c.kind === k)] as const);
  const rows = kinds
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => h`<tr><td>${k}</td><td class="num" data-confirm-kind="${k}">${n}</td></tr>`);
  return h`<p id="breakdown">${total} finding(s): ${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')}</p>
<table class="counts"><thead><tr><th>kind</th><th class="num">findings</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function confirmPage(
  ctx: PageContext,
  q: ListQuery,
  verb: string,
  note: string | null,
  counts: FindingCount[],
  /** The matching findings' state fingerprint (store matchingState): a decision in between refuses. */
  version: string | null = null,
): Html {
  const count = counts.reduce((n, c) => n + c.count, 0);
  if (count === 0) {
    const none = h`<p id="confirm-text">No finding has ${describeQuery(q)}: nothing to decide.</p>
<p><a href="/${toSearch(q)}" id="cancel">Back to the findings</a></p>`;
    return layout('Confirm', ctx, none);
  }
  const withNote = note ? h`, with the note <q>${note}</q>` : '';
  const body = h`<p id="confirm-text">${VERB_TEXT[verb]} <strong id="confirm-count">${count}</strong>
finding(s) with ${describeQuery(q)}${withNote}?</p>
${breakdown(counts, count)}
<form method="post" action="/bulk" class="confirm">${csrfField(ctx)}${filterFields(q)}
<input type="hidden" name="decision" value="${verb}"><input type="hidden" name="note" value="${note ?? ''}">
<input type="hidden" name="expected" value="${count}">
<input type="hidden" name="version" value="${version ?? ''}">
<button type="submit" id="confirm">${VERB_TEXT[verb]} ${count} finding(s)</button></form>
<p class="cancel"><a href="/${toSearch(q)}" id="cancel">Cancel: back to the list, nothing changes</a></p>`;
  return layout('Confirm', ctx, body);
}
