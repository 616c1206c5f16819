/**
 * What every review route needs: the request's page context (reviewer, notice, read-only role,
 * progress, the way back to the list), form fields, the filter of a request, and the short pages
 * for refusals.
 */
import type { Context } from 'hono';
import { sessionOf } from './auth.ts';
import type { ReviewDeps } from './deps.ts';
import { BadFilterError, type ListQuery, listHref, parseListQuery, toFindingFilter } from './filter.ts';
import { decideRights, readProgress } from './list-queries.ts';
import type { Html } from './pages/html.ts';
import { messagePage, type PageContext } from './pages/layout.ts';

export const MAX_REVIEWER = 100;
const DONE: Record<string, string> = { acknowledged: 'Acknowledged', resolved: 'Resolved', open: 'Reopened' };

export type Form = Record<string, string>;

/** A form's fields (the first of repeated ones) and every value of the repeated ones. */
export async function formOf(c: Context): Promise<{ fields: Form; all: Record<string, string[]> }> {
  const body = await c.req.parseBody({ all: true });
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x) => typeof x === 'string');
  const all = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, strings(v)]));
  const first = Object.fromEntries(
    Object.entries(all)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => [k, v[0]!]),
  );
  return { fields: first, all };
}

/** Whether this server's role may decide, asked once. */
export function rightsOf(deps: ReviewDeps): Promise<{ role: string; canDecide: boolean }> {
  const memo = deps as ReviewDeps & { rights?: Promise<{ role: string; canDecide: boolean }> };
  memo.rights ??= decideRights(deps.pool);
  return memo.rights;
}

/** The page context with the progress for filter `q` (the store's, unfiltered, without one). */
export async function fullContext(
  c: Context,
  deps: ReviewDeps,
  q: ListQuery | null,
  withProgress = true,
): Promise<PageContext> {
  const base = pageContext(c, deps);
  const rights = await rightsOf(deps);
  const progress = withProgress ? await readProgress(deps.pool, q ? toFindingFilter(q) : {}) : null;
  return {
    ...base,
    readOnlyRole: rights.canDecide ? null : rights.role,
    progress,
    listHref: q ? listHref(q, q.pos) : '/',
  };
}

export function pageContext(c: Context, deps: ReviewDeps): PageContext {
  const url = new URL(c.req.url);
  const done = c.req.query('done');
  const n = Number(c.req.query('n'));
  const batch = /^[0-9]{1,18}$/.test(c.req.query('batch') ?? '') ? c.req.query('batch')! : null;
  const undone = /^[0-9]{1,18}$/.test(c.req.query('undone') ?? '') ? c.req.query('undone') : null;
  const decided =
    done && Object.hasOwn(DONE, done) && Number.isInteger(n)
      ? `${DONE[done]} ${n} finding(s)${batch ? ` (batch ${batch})` : ''}.`
      : null;
  const notice = undone && Number.isInteger(n) ? `Undid batch ${undone}: ${n} finding(s) restored.` : decided;
  return {
    csrf: deps.secrets.csrf,
    reviewer: deps.reviewer ?? sessionOf(c).reviewer,
    reviewerFixed: deps.reviewer !== null,
    here: `${url.pathname}${url.search}`,
    notice,
    batch: decided ? batch : null,
    readOnlyRole: null,
    progress: null,
    listHref: '/',
  };
}

export const validReviewer = (name: string): boolean =>
  name.trim().length > 0 && name.length <= MAX_REVIEWER && !/[\p{Cc}]/u.test(name);

export const page = (c: Context, html: Html, status: 200 | 400 | 403 | 404 | 409 = 200): Response =>
  c.html(html.text, status);

export function fail(c: Context, deps: ReviewDeps, status: 400 | 403 | 404 | 409, message: string): Response {
  return page(
    c,
    messagePage(status === 404 ? 'Not found' : 'Refused', pageContext(c, deps), message),
    status,
  );
}

/** A local path to return to after a form: never another site. */
export function safeBack(back: string | undefined): string {
  return back && /^\/(?![/\\])[^\s\\]*$/.test(back) ? back : '/';
}

/** The filter of a query string or form, or the 400 page naming the bad field. */
export function queryOr400(
  c: Context,
  deps: ReviewDeps,
  params: Record<string, string | undefined>,
): ListQuery | Response {
  try {
    return parseListQuery(params);
  } catch (err) {
    if (err instanceof BadFilterError) return fail(c, deps, 400, err.message);
    throw err;
  }
}
