/**
 * The review app's decisions: one finding, one cause group, the selected rows, and every finding a
 * filter matches (after a confirmation that shows the breakdown). Each runs in one transaction of the
 * shared store with a finding_reviewed event per finding, then leads to the next open item of the
 * same filter (or back to the list row it came from). A role that can only read gets a 403.
 */
import type { Context, Hono } from 'hono';
import { UndoRefusedError, undoBatch } from '../findings/batches.ts';
import {
  CountChangedError,
  type DecisionOutcome,
  decideMatching,
  reviewFinding,
} from '../findings/decide.ts';
import { decideGroup } from '../findings/groups.ts';
import {
  countFindings,
  DECISION_VERBS,
  type DecisionVerb,
  matchingState,
  type ReviewDecision,
} from '../findings/store.ts';
import type { ReviewDeps } from './deps.ts';
import type { Html } from './pages/html.ts';
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
  app.post('/batches/:id/undo', (c) => undoRoute(c, deps));
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

/** `url` with the "done" notice (and the batch to undo) added before its #fragment. */
function withDone(url: string, d: FormDecision, n: number, batch: string | null = null): string {
  const [path, hash] = url.split('#', 2) as [string, string | undefined];
  const sep = path.includes('?') ? '&' : '?';
  const undo = batch ? `&batch=${batch}` : '';
  return `${path}${sep}done=${d.decision}&n=${n}${undo}${hash ? `#${hash}` : ''}`;
}

/** After a decision: back to the list row it came from, or the next open item of the filter. */
async function after(c: Context, deps: ReviewDeps, form: Form, q: ListQuery, d: FormDecision, o: Outcome) {
  const done = (url: string): Response => c.redirect(withDone(url, d, o.changed, o.batch), 303);
  if (form.back) return done(safeBack(form.back));
  const next = await nextOpen(deps.pool, q, q.pos);
  if (!next) return done(`/${toSearch({ ...q, status: 'open' })}`);
  return done(`${itemHref(next[0])}${itemSearch(q, next[1])}`);
}

type Outcome = Pick<DecisionOutcome, 'batch' | 'changed'>;

async function decideRoute(c: Context, deps: ReviewDeps, type: 'finding' | 'group'): Promise<Response> {
  const id = c.req.param('id')!;
  const { fields: form } = await formOf(c);
  const q = queryOr400(c, deps, { view: type === 'group' ? 'groups' : 'findings', ...form });
  if (q instanceof Response) return q;
  const d = decisionOf(c, deps, form);
  if (typeof d === 'string') return fail(c, deps, 400, d);
  let outcome: Outcome & { matched: number };
  if (type === 'finding') {
    const found = await reviewFinding(deps.pool, id, d.decision, d.note, d.reviewer, 'web');
    outcome = { batch: null, changed: found ? 1 : 0, matched: found ? 1 : 0 };
  } else outcome = await decideGroup(deps.pool, id, toFindingFilter(q), webDecision(d));
  if (outcome.matched === 0) return fail(c, deps, 404, `no ${type} ${id} (under this filter)`);
  return after(c, deps, form, q, d, outcome);
}

const webDecision = (d: FormDecision) => ({
  decision: d.decision,
  note: d.note,
  reviewer: d.reviewer,
  via: 'web' as const,
});

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
  const done = await decideMatching(deps.pool, { ids: [...new Set(ids)] }, webDecision(d));
  return c.redirect(withDone(safeBack(form.back), d, done.changed, done.batch), 303);
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
  const confirm = async (notice: string | null): Promise<Html> => {
    const [counts, seen] = [await countFindings(deps.pool, filter), await matchingState(deps.pool, filter)];
    return confirmPage({ ...ctx, notice: notice ?? ctx.notice }, q, d.verb, d.note, counts, seen.version);
  };
  if (!apply) return page(c, await confirm(null));
  const expected = Number(form.expected);
  if (!Number.isInteger(expected) || expected < 0)
    return fail(c, deps, 400, 'expected must be a whole number');
  try {
    const version = form.version || null;
    const done = await decideMatching(deps.pool, filter, webDecision(d), { count: expected, version });
    return c.redirect(withDone(`/${toSearch(q)}`, d, done.changed, done.batch), 303);
  } catch (err) {
    if (!(err instanceof CountChangedError)) throw err;
    return page(c, await confirm(`${err.message}. Confirm again.`), 409);
  }
}

/** Undo a batch: every finding it changed gets its status and note back; refused when decided since. */
async function undoRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const reviewer = pageContext(c, deps).reviewer;
  if (!reviewer) return fail(c, deps, 400, 'say who you are first (the name box at the top of the page)');
  const id = c.req.param('id')!;
  try {
    const done = await undoBatch(deps.pool, id, { reviewer, via: 'web' });
    return c.redirect(`/batches?undone=${encodeURIComponent(id)}&n=${done.restored}`, 303);
  } catch (err) {
    if (err instanceof UndoRefusedError) return fail(c, deps, 409, err.message);
    throw err;
  }
}
