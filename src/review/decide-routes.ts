/**
 * The review app's decisions: one finding, one cause group, the selected rows, and every finding a
 * filter matches (after a confirmation that shows the breakdown). Each runs in one transaction of the
 * shared store with a finding_reviewed event per finding, then leads to the next open item of the
 * same filter (or back to the list row it came from). A role that can only read gets a 403.
 */
import type { Context, Hono } from 'hono';
import {
  applyDecisions,
  CountChangedError,
  countFindings,
  DECISION_VERBS,
  type DecisionVerb,
  type ReviewDecision,
  reviewFindings,
} from '../reconcile/store.ts';
import type { ReviewDeps } from './deps.ts';
import { type ListQuery, itemSearch, toFindingFilter, toSearch } from './filter.ts';
import { nextOpen, readGroupMembers } from './list-queries.ts';
import { confirmPage } from './pages/confirm-page.ts';
import { itemHref } from './pages/item-nav.ts';
import {
  type Form,
  fail,
  formOf,
  fullContext,
  page,
  pageContext,
  queryOr400,
  rightsOf,
  safeBack,
} from './context.ts';

const MAX_NOTE = 4000;

export function registerDecisions(app: Hono, deps: ReviewDeps): void {
  app.post('*', async (c, next) => {
    const rights = await rightsOf(deps);
    if (rights.canDecide || c.req.path === '/reviewer') return next();
    return fail(c, deps, 403, `role ${rights.role} can only read: decisions need UPDATE on reconciliation`);
  });
  app.post('/findings/:id/decide', (c) => decideRoute(c, deps, 'finding'));
  app.post('/groups/:id/decide', (c) => decideRoute(c, deps, 'group'));
  app.post('/selected/decide', (c) => selectedRoute(c, deps));
  app.post('/bulk/confirm', (c) => bulkRoute(c, deps, false));
  app.post('/bulk', (c) => bulkRoute(c, deps, true));
}

interface FormDecision {
  verb: DecisionVerb;
  decision: ReviewDecision;
  note: string | null;
  reviewer: string;
}

/** The decision a form names, its note and the reviewer, or a reason to refuse. */
function decisionOf(c: Context, deps: ReviewDeps, form: Form): FormDecision | string {
  const verb = form.decision ?? '';
  if (!Object.hasOwn(DECISION_VERBS, verb)) return `unknown decision "${verb}" (ack, resolve, reopen)`;
  const note = (form.note ?? '').trim();
  if (note.length > MAX_NOTE) return `the note is longer than ${MAX_NOTE} characters`;
  const reviewer = pageContext(c, deps).reviewer;
  if (!reviewer) return 'say who you are first (the name box at the top of the page)';
  const v = verb as DecisionVerb;
  return { verb: v, decision: DECISION_VERBS[v], note: note === '' ? null : note, reviewer };
}

/** `url` with the "done" notice added before its #fragment. */
function withDone(url: string, d: FormDecision, n: number): string {
  const [path, hash] = url.split('#', 2) as [string, string | undefined];
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}done=${d.decision}&n=${n}${hash ? `#${hash}` : ''}`;
}

/** After a decision: back to the list row it came from, or the next open item of the filter. */
async function after(c: Context, deps: ReviewDeps, form: Form, q: ListQuery, d: FormDecision, n: number) {
  if (form.back) return c.redirect(withDone(safeBack(form.back), d, n), 303);
  const next = await nextOpen(deps.pool, q, q.pos);
  if (!next) return c.redirect(withDone(`/${toSearch({ ...q, status: 'open' })}`, d, n), 303);
  return c.redirect(withDone(`${itemHref(next[0])}${itemSearch(q, next[1])}`, d, n), 303);
}

async function decideRoute(c: Context, deps: ReviewDeps, type: 'finding' | 'group'): Promise<Response> {
  const id = c.req.param('id')!;
  const { fields: form } = await formOf(c);
  const q = queryOr400(c, deps, { view: type === 'group' ? 'groups' : 'findings', ...form });
  if (q instanceof Response) return q;
  const d = decisionOf(c, deps, form);
  if (typeof d === 'string') return fail(c, deps, 400, d);
  const decision = { decision: d.decision, note: d.note, reviewer: d.reviewer, via: 'web' as const };
  let n: number;
  if (type === 'finding') n = await reviewFindings(deps.pool, { id }, decision);
  else {
    const members = await readGroupMembers(deps.pool, toFindingFilter(q), id);
    n = (
      await decideIds(
        deps,
        members.map((m) => m.id),
        d,
      )
    ).applied;
  }
  if (n === 0) return fail(c, deps, 404, `no ${type} ${id} (under this filter)`);
  return after(c, deps, form, q, d, n);
}

function decideIds(deps: ReviewDeps, ids: string[], d: FormDecision) {
  const list = [...new Set(ids)].map((id) => ({ id, decision: d.decision, note: d.note }));
  return applyDecisions(deps.pool, list, d.reviewer, 'web');
}

/** The rows selected on a list page: findings by id, groups by their members under the filter. */
async function selectedRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const { fields: form, all } = await formOf(c);
  const q = queryOr400(c, deps, { ...form, page: undefined });
  if (q instanceof Response) return q;
  const d = decisionOf(c, deps, form);
  if (typeof d === 'string') return fail(c, deps, 400, d);
  const ids = [...(all.id ?? [])];
  for (const group of all.group ?? [])
    ids.push(...(await readGroupMembers(deps.pool, toFindingFilter(q), group)).map((m) => m.id));
  if (ids.length === 0) return fail(c, deps, 400, 'no row is selected (x selects the current row)');
  const result = await decideIds(deps, ids, d);
  if (result.unknown.length > 0) return fail(c, deps, 404, `no finding with id ${result.unknown[0]}`);
  return c.redirect(withDone(safeBack(form.back), d, result.applied), 303);
}

/** Bulk: `/bulk/confirm` shows the breakdown; `/bulk` applies if the count is still the one confirmed. */
async function bulkRoute(c: Context, deps: ReviewDeps, apply: boolean): Promise<Response> {
  const { fields: form } = await formOf(c);
  const q = queryOr400(c, deps, { ...form, page: undefined });
  if (q instanceof Response) return q;
  const d = decisionOf(c, deps, form);
  if (typeof d === 'string') return fail(c, deps, 400, d);
  const filter = toFindingFilter(q);
  const ctx = await fullContext(c, deps, q);
  if (!apply) return page(c, confirmPage(ctx, q, d.verb, d.note, await countFindings(deps.pool, filter)));
  const expected = Number(form.expected);
  if (!Number.isInteger(expected) || expected < 0)
    return fail(c, deps, 400, 'expected must be a whole number');
  try {
    const decision = { decision: d.decision, note: d.note, reviewer: d.reviewer, via: 'web' as const };
    const n = await reviewFindings(deps.pool, filter, decision, expected);
    return c.redirect(withDone(`/${toSearch(q)}`, d, n), 303);
  } catch (err) {
    if (!(err instanceof CountChangedError)) throw err;
    const counts = await countFindings(deps.pool, filter);
    const again = confirmPage(
      { ...ctx, notice: `${err.message}. Confirm again.` },
      q,
      d.verb,
      d.note,
      counts,
    );
    return page(c, again, 409);
  }
}
