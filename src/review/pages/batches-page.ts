/**
 * The history of decision batches (every decision on more than one finding: group, selection,
 * filter, CSV, undo): who, when, how many, what chose the findings, and an Undo button on each batch
 * that can still be undone.
 */
import type { BatchRow } from '../../findings/batches.ts';
import { type Html, h, headRow, when } from './html.ts';
import { canDecide, csrfField, layout, type PageContext } from './layout.ts';

function selection(b: BatchRow): string {
  const parts = Object.entries(b.selection).map(([k, v]) =>
    Array.isArray(v) ? `${k}: ${v.length} finding(s)` : `${k} ${String(v)}`,
  );
  return parts.join(', ') || 'everything';
}

function undoCell(ctx: PageContext, b: BatchRow): Html {
  if (b.undone_by) return h`undone by batch ${b.undone_by}`;
  if (b.scope === 'undo') return h`undoes batch ${b.undoes ?? ''}`;
  if (!canDecide(ctx) || b.findings === 0) return h``;
  return h`<form method="post" action="/batches/${b.id}/undo">${csrfField(ctx)}
<button type="submit" id="undo-${b.id}">Undo batch ${b.id}</button></form>`;
}

export function batchesPage(ctx: PageContext, batches: BatchRow[]): Html {
  const rows = batches.map(
    (b) => h`<tr data-batch="${b.id}"><td class="num">${b.id}</td><td>${when(b.created_at)}</td>
<td>${b.reviewed_by}</td><td>${b.via}</td><td>${b.scope}</td><td>${b.decision ?? ''}</td>
<td class="num">${b.findings}</td><td>${selection(b)}</td><td>${b.note ?? ''}</td><td>${undoCell(ctx, b)}</td></tr>`,
  );
  const head = headRow([
    'batch',
    'when',
    'who',
    'via',
    'scope',
    'decision',
    'findings',
    'chosen by',
    'note',
    'undo',
  ]);
  const body = batches.length
    ? h`<table id="batches"><thead>${head}</thead><tbody>${rows}</tbody></table>`
    : h`<p class="empty">No batch yet: a decision on more than one finding makes one.</p>`;
  return layout('History of decisions', ctx, body);
}
