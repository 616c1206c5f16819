/**
 * The confirmation before a decision on every finding a filter matches: it shows the count, and the
 * form carries it back so the server refuses the decision if the count has changed meanwhile.
 */
import { describeQuery, type ListQuery, toSearch } from '../filter.ts';
import { h, type Html } from './html.ts';
import { filterFields } from './findings-page.ts';
import { csrfField, layout, type PageContext } from './layout.ts';

const VERB_TEXT: Record<string, string> = { ack: 'Acknowledge', resolve: 'Resolve', reopen: 'Reopen' };

export function confirmPage(
  ctx: PageContext,
  q: ListQuery,
  verb: string,
  note: string | null,
  count: number,
  /** The matching findings' state fingerprint (store matchingState): a decision in between refuses. */
  version: string | null = null,
): Html {
  if (count === 0) {
    const none = h`<p id="confirm-text">No finding has ${describeQuery(q)}: nothing to decide.</p>
<p><a href="/${toSearch(q)}" id="cancel">Back to the findings</a></p>`;
    return layout('Confirm', ctx, none);
  }
  const withNote = note ? h`, with the note <q>${note}</q>` : '';
  const body = h`<p id="confirm-text">${VERB_TEXT[verb]} <strong id="confirm-count">${count}</strong>
finding(s) with ${describeQuery(q)}${withNote}?</p>
<form method="post" action="/bulk">${csrfField(ctx)}${filterFields(q)}
<input type="hidden" name="decision" value="${verb}"><input type="hidden" name="note" value="${note ?? ''}">
<input type="hidden" name="expected" value="${count}">
<input type="hidden" name="version" value="${version ?? ''}">
<button type="submit" id="confirm">${VERB_TEXT[verb]} ${count} finding(s)</button>
<a href="/${toSearch(q)}" id="cancel">Cancel</a></form>`;
  return layout('Confirm', ctx, body);
}
