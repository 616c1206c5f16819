/**
 * What the finding and group pages share: previous / next / back-to-list links that keep the filter
 * and position, and the decision form (note, the kind's saved notes, three buttons) whose answer
 * leads to the next open item of the same filter.
 */
import { itemSearch, type ListQuery, listHref } from '../filter.ts';
import type { ItemRef } from '../list-queries.ts';
import { findingHref, type Html, h } from './html.ts';
import { canDecide, csrfField, type PageContext } from './layout.ts';
import { filterFields } from './findings-page.ts';

export const itemHref = (item: ItemRef): string =>
  item.type === 'group' ? `/groups/${encodeURIComponent(item.id)}` : findingHref(item.id);

export interface Neighbours {
  prev: ItemRef | null;
  next: ItemRef | null;
}

export function itemNav(q: ListQuery, n: Neighbours): Html {
  const pos = q.pos;
  const link = (item: ItemRef | null, at: number, rel: string, text: string): Html =>
    item ? h`<a rel="${rel}" id="item-${rel}" href="${itemHref(item)}${itemSearch(q, at)}">${text}</a>` : h``;
  return h`<nav class="item-nav" aria-label="Previous and next">
${pos !== null ? link(n.prev, pos - 1, 'prev', '← previous') : ''}
<a href="${listHref(q, pos)}" id="back-to-list">back to the list</a>
${pos !== null ? link(n.next, pos + 1, 'next', 'next →') : ''}</nav>`;
}

function savedNoteButtons(notes: string[]): Html {
  if (notes.length === 0) return h``;
  const items = notes.map(
    (note, i) => h`<li><button type="button" class="saved-note" data-note="${note}" data-key="${i + 1}">\
<kbd>${i + 1}</kbd> ${note}</button></li>`,
  );
  return h`<div class="saved-notes"><span id="saved-notes-label">Notes used for this kind:</span>
<ul class="inline" aria-labelledby="saved-notes-label">${items}</ul></div>`;
}

/** The decision form for a finding or a group; `what` says what one decision covers. */
export function decisionForm(
  ctx: PageContext,
  action: string,
  q: ListQuery,
  notes: string[],
  what: string,
): Html {
  if (ctx.readOnlyRole) return h``;
  if (!ctx.reviewer) return h`<p class="empty">Say who you are (above) to record decisions.</p>`;
  const pos = q.pos === null ? '' : String(q.pos);
  return h`<form method="post" action="${action}" class="decide" aria-label="Decide">${csrfField(ctx)}
${filterFields(q)}<input type="hidden" name="pos" value="${pos}">
<p class="covers">One decision applies to ${what}; then the next open item of this filter opens.</p>
<label>Note (<kbd>n</kbd>) <textarea name="note" id="note" maxlength="4000" rows="2"></textarea></label>
${savedNoteButtons(notes)}
<button name="decision" value="ack" id="decide-ack">Acknowledge (<kbd>a</kbd>)</button>
<button name="decision" value="resolve" id="decide-resolve">Resolve (<kbd>r</kbd>)</button>
<button name="decision" value="reopen" id="decide-reopen">Reopen (<kbd>o</kbd>)</button></form>`;
}

export { canDecide };
