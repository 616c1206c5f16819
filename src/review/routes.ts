/**
 * The review app's pages and decisions. Reads go through queries.ts, decisions through the shared
 * store (one transaction each, one finding_reviewed event per finding), files through files.ts by
 * artifact row only: no path from the request is ever opened.
 */
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { UnsafePathError } from '../files/jobs-root.ts';
import {
  CountChangedError,
  countFindings,
  DECISION_VERBS,
  type DecisionVerb,
  reviewFindings,
} from '../reconcile/store.ts';
import type { ReviewDeps } from './deps.ts';
import { reviewerCookie } from './auth.ts';
import { readArtifact, readJsonArtifact } from './files.ts';
import { HOLDS_TOKEN, holdsToken, storedTokens } from './tokens.ts';
import { BadFilterError, type ListQuery, parseListQuery, toFindingFilter, toSearch } from './filter.ts';
import { confirmPage } from './pages/confirm-page.ts';
import { type FileView, findingPage } from './pages/finding-page.ts';
import { findingsPage } from './pages/findings-page.ts';
import type { Html } from './pages/html.ts';
import { jobPage } from './pages/job-page.ts';
import { messagePage, type PageContext } from './pages/layout.ts';
import {
  findingArtifact,
  type FindingDetail,
  jobImageArtifact,
  readFindingDetail,
  readFindingsPage,
  readJobDetail,
} from './queries.ts';

const MAX_NOTE = 4000;
const MAX_REVIEWER = 100;
const DONE: Record<string, string> = { acknowledged: 'Acknowledged', resolved: 'Resolved', open: 'Reopened' };

type Form = Record<string, string>;

async function formOf(c: Context): Promise<Form> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function pageContext(c: Context, deps: ReviewDeps): PageContext {
  const url = new URL(c.req.url);
  const done = c.req.query('done');
  const n = Number(c.req.query('n'));
  const notice =
    done && Object.hasOwn(DONE, done) && Number.isInteger(n) ? `${DONE[done]} ${n} finding(s).` : null;
  const cookie = getCookie(c, reviewerCookie(deps.port()));
  return {
    csrf: deps.secrets.csrf,
    reviewer: deps.reviewer ?? (cookie && validReviewer(cookie) ? cookie : null),
    reviewerFixed: deps.reviewer !== null,
    here: `${url.pathname}${url.search}`,
    notice,
  };
}

const validReviewer = (name: string): boolean =>
  name.trim().length > 0 && name.length <= MAX_REVIEWER && !/[\p{Cc}]/u.test(name);

const page = (c: Context, html: Html, status: 200 | 400 | 404 | 409 = 200): Response =>
  c.html(html.text, status);

function fail(c: Context, deps: ReviewDeps, status: 400 | 404 | 409, message: string): Response {
  return page(
    c,
    messagePage(status === 404 ? 'Not found' : 'Refused', pageContext(c, deps), message),
    status,
  );
}

/** A local path to return to after a form: never another site. */
function safeBack(back: string | undefined): string {
  return back && /^\/(?![/\\])[^\s\\]*$/.test(back) ? back : '/';
}

export function registerRoutes(app: Hono, deps: ReviewDeps): void {
  app.get('/', (c) => listRoute(c, deps));
  app.get('/findings/:id', (c) => findingRoute(c, deps));
  app.get('/findings/:id/files/:n{[0-9]{1,4}}', (c) => findingFileRoute(c, deps));
  app.get('/jobs/:job', (c) => jobRoute(c, deps));
  app.get('/jobs/:job/images/:image', (c) => imageRoute(c, deps));
  app.post('/findings/:id/decide', (c) => decideRoute(c, deps));
  app.post('/bulk/confirm', (c) => bulkRoute(c, deps, false));
  app.post('/bulk', (c) => bulkRoute(c, deps, true));
  app.post('/reviewer', (c) => reviewerRoute(c, deps));
}

async function listRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  let q: ListQuery;
  try {
    q = parseListQuery(c.req.query());
  } catch (err) {
    if (err instanceof BadFilterError) return fail(c, deps, 400, err.message);
    throw err;
  }
  const result = await readFindingsPage(deps.pool, toFindingFilter(q), q.page);
  return page(c, findingsPage(pageContext(c, deps), result, q));
}

async function findingRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const detail = await readFindingDetail(deps.pool, c.req.param('id')!);
  if (!detail) return fail(c, deps, 404, `no finding with id ${c.req.param('id')}`);
  return page(c, findingPage(pageContext(c, deps), detail, await fileViews(deps, detail)));
}

async function fileViews(deps: ReviewDeps, d: FindingDetail): Promise<FileView[]> {
  const f = d.finding;
  const tokens = await storedTokens(deps.pool);
  return Promise.all(
    f.paths.map(async (path, n): Promise<FileView> => {
      const artifact = d.artifacts.get(path) ?? null;
      const image = artifact !== null && (artifact.kind === 'image' || artifact.kind === 'report_image');
      let json: FileView['json'] = null;
      if (artifact && /\.(json|geojson)$/i.test(path)) {
        const read = await readJsonArtifact(deps.root, f.job_id, path);
        const from = 'the file, read now';
        json = 'value' in read ? { value: tokens.json(read.value).value, from } : read;
        if (await holdsToken(deps.pool, f.job_id, path)) json = { reason: HOLDS_TOKEN };
      } else if (!artifact && d.rows.has(path)) {
        json = {
          value: d.rows.get(path),
          from: 'as imported: this file becomes a table row, not an artifact',
        };
      }
      return { n, path, artifact, json, image };
    }),
  );
}

async function serveArtifact(c: Context, deps: ReviewDeps, jobId: string, path: string): Promise<Response> {
  if (await holdsToken(deps.pool, jobId, path)) return c.text(`refused: ${HOLDS_TOKEN}`, 403);
  try {
    const file = await readArtifact(deps.root, jobId, path);
    if (!file) return c.text('the file is not on disk (or the jobs root is not available)', 404);
    const disposition = file.inline ? 'inline' : 'attachment; filename="artifact"';
    return c.body(new Uint8Array(file.bytes), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': disposition,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
  } catch (err) {
    if (err instanceof UnsafePathError) return c.text(`refused: ${err.message}`, 404);
    throw err;
  }
}

async function findingFileRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const row = await findingArtifact(deps.pool, c.req.param('id')!, Number(c.req.param('n')));
  if (!row) return c.text('not an artifact of this finding', 404);
  return serveArtifact(c, deps, row.job_id, row.path);
}

async function imageRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const job = c.req.param('job')!;
  const row = await jobImageArtifact(deps.pool, job, c.req.param('image')!);
  if (!row) return c.text('not an image artifact of this job', 404);
  return serveArtifact(c, deps, job, row.path);
}

async function jobRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const detail = await readJobDetail(deps.pool, c.req.param('job')!);
  if (!detail) return fail(c, deps, 404, `no job ${c.req.param('job')}`);
  return page(c, jobPage(pageContext(c, deps), detail));
}

/** The decision a form names, its note and the reviewer, or a reason to refuse. */
function decisionOf(
  c: Context,
  deps: ReviewDeps,
  form: Form,
): { verb: DecisionVerb; note: string | null; reviewer: string } | string {
  const verb = form.decision ?? '';
  if (!Object.hasOwn(DECISION_VERBS, verb)) return `unknown decision "${verb}" (ack, resolve, reopen)`;
  const note = (form.note ?? '').trim();
  if (note.length > MAX_NOTE) return `the note is longer than ${MAX_NOTE} characters`;
  const reviewer = pageContext(c, deps).reviewer;
  if (!reviewer) return 'say who you are first (the name box at the top of the page)';
  return { verb: verb as DecisionVerb, note: note === '' ? null : note, reviewer };
}

async function decideRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const id = c.req.param('id')!;
  const d = decisionOf(c, deps, await formOf(c));
  if (typeof d === 'string') return fail(c, deps, 400, d);
  const decision = {
    decision: DECISION_VERBS[d.verb],
    note: d.note,
    reviewer: d.reviewer,
    via: 'web' as const,
  };
  const n = await reviewFindings(deps.pool, { id }, decision);
  if (n === 0) return fail(c, deps, 404, `no finding with id ${id}`);
  return c.redirect(`/findings/${encodeURIComponent(id)}?done=${DECISION_VERBS[d.verb]}&n=${n}`, 303);
}

/** Bulk: `/bulk/confirm` shows the count; `/bulk` applies if the count is still the one confirmed. */
async function bulkRoute(c: Context, deps: ReviewDeps, apply: boolean): Promise<Response> {
  const form = await formOf(c);
  let q: ListQuery;
  try {
    q = parseListQuery({ ...form, page: undefined });
  } catch (err) {
    if (err instanceof BadFilterError) return fail(c, deps, 400, err.message);
    throw err;
  }
  const d = decisionOf(c, deps, form);
  if (typeof d === 'string') return fail(c, deps, 400, d);
  const filter = toFindingFilter(q);
  const ctx = pageContext(c, deps);
  if (!apply) {
    const count = (await countFindings(deps.pool, filter)).reduce((n, x) => n + x.count, 0);
    return page(c, confirmPage(ctx, q, d.verb, d.note, count));
  }
  const expected = Number(form.expected);
  if (!Number.isInteger(expected) || expected < 0)
    return fail(c, deps, 400, 'expected must be a whole number');
  try {
    const decision = {
      decision: DECISION_VERBS[d.verb],
      note: d.note,
      reviewer: d.reviewer,
      via: 'web' as const,
    };
    const n = await reviewFindings(deps.pool, filter, decision, expected);
    return c.redirect(`/${toSearch(q)}&done=${DECISION_VERBS[d.verb]}&n=${n}`, 303);
  } catch (err) {
    if (!(err instanceof CountChangedError)) throw err;
    const again = confirmPage(
      { ...ctx, notice: `${err.message}. Confirm again.` },
      q,
      d.verb,
      d.note,
      err.actual,
    );
    return page(c, again, 409);
  }
}

async function reviewerRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const form = await formOf(c);
  const name = (form.reviewer ?? '').trim();
  if (deps.reviewer !== null) return fail(c, deps, 400, `this server records decisions as ${deps.reviewer}`);
  if (!validReviewer(name)) return fail(c, deps, 400, `a name of 1 to ${MAX_REVIEWER} characters, please`);
  setCookie(c, reviewerCookie(deps.port()), name, { httpOnly: true, sameSite: 'Strict', path: '/' });
  return c.redirect(safeBack(form.back), 303);
}
