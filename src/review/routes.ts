/**
 * The review app's pages. Reads go through queries.ts and list-queries.ts, decisions through
 * decide-routes.ts, files through files.ts by artifact row only: no path from the request is ever
 * opened. Every page carries the filter and position it was opened with, and the review progress.
 */
import type { Context, Hono } from 'hono';
import { UnsafePathError } from '../files/jobs-root.ts';
import { listBatches } from '../findings/batches.ts';
import { buildReportModel } from '../findings-report/model.ts';
import { readReportRows } from '../findings-report/read.ts';
import { renderReport } from '../findings-report/index.ts';
import { reportPolicy } from '../findings-report/render-html.ts';
import { type ReportFormat, reportFormatOf } from '../findings-report/write.ts';
import { countFindings } from '../findings/store.ts';
import { sessionOf } from './auth.ts';
import { HOLDS_TOKEN, holdsToken, storedTokens } from './tokens.ts';
import { registerDecisions } from './decide-routes.ts';
import type { ReviewDeps } from './deps.ts';
import { readArtifact, readJsonArtifact } from './files.ts';
import {
  fail,
  formOf,
  fullContext,
  MAX_REVIEWER,
  page,
  queryOr400,
  safeBack,
  validReviewer,
} from './context.ts';
import { type ListQuery, toFindingFilter } from './filter.ts';
import { itemAt, readGroupMembers, readListPage, readProgress, savedNotes } from './list-queries.ts';
import { batchesPage } from './pages/batches-page.ts';
import { type FileView, findingPage } from './pages/finding-page.ts';
import { findingsPage } from './pages/findings-page.ts';
import { groupPage } from './pages/group-page.ts';
import type { Neighbours } from './pages/item-nav.ts';
import { jobPage } from './pages/job-page.ts';
import { reportPage } from './pages/report-page.ts';
import {
  findingArtifact,
  type FindingDetail,
  jobImageArtifact,
  readFindingDetail,
  readJobDetail,
} from './queries.ts';

export function registerRoutes(app: Hono, deps: ReviewDeps): void {
  app.get('/', (c) => listRoute(c, deps));
  app.get('/report', (c) => reportRoute(c, deps));
  app.get('/report/:file{report\\.(html|csv|md)}', (c) => reportFileRoute(c, deps));
  app.get('/batches', async (c) =>
    page(c, batchesPage(await fullContext(c, deps, null), await listBatches(deps.pool, { limit: 500 }))),
  );
  app.get('/groups/:id', (c) => groupRoute(c, deps));
  app.get('/findings/:id', (c) => findingRoute(c, deps));
  app.get('/findings/:id/files/:n{[0-9]{1,4}}', (c) => findingFileRoute(c, deps));
  app.get('/jobs/:job', (c) => jobRoute(c, deps));
  app.get('/jobs/:job/images/:image', (c) => imageRoute(c, deps));
  app.post('/reviewer', (c) => reviewerRoute(c, deps));
  registerDecisions(app, deps);
}

async function listRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const q = queryOr400(c, deps, c.req.query());
  if (q instanceof Response) return q;
  const result = await readListPage(deps.pool, q);
  const ctx = { ...(await fullContext(c, deps, null, false)), progress: result.progress };
  return page(c, findingsPage(ctx, result, q));
}

/** The items before and after position `pos` of the list the page was opened from. */
async function neighbours(deps: ReviewDeps, q: ListQuery): Promise<Neighbours> {
  if (q.pos === null) return { prev: null, next: null };
  const [prev, next] = await Promise.all([itemAt(deps.pool, q, q.pos - 1), itemAt(deps.pool, q, q.pos + 1)]);
  return { prev, next };
}

async function findingRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const q = queryOr400(c, deps, { view: 'findings', ...c.req.query() });
  if (q instanceof Response) return q;
  const detail = await readFindingDetail(deps.pool, c.req.param('id')!);
  if (!detail) return fail(c, deps, 404, `no finding with id ${c.req.param('id')}`);
  const nav = { q, nav: await neighbours(deps, q), notes: await savedNotes(deps.pool, detail.finding.kind) };
  const ctx = await fullContext(c, deps, q);
  return page(c, findingPage(ctx, detail, await fileViews(deps, detail), nav));
}

async function groupRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const q = queryOr400(c, deps, { view: 'groups', ...c.req.query() });
  if (q instanceof Response) return q;
  const id = c.req.param('id')!;
  const members = await readGroupMembers(deps.pool, toFindingFilter(q), id);
  if (members.length === 0) return fail(c, deps, 404, `no finding of group ${id} matches this filter`);
  const ctx = await fullContext(c, deps, q);
  const notes = await savedNotes(deps.pool, members[0]!.kind);
  return page(c, groupPage(ctx, q, id, members, await neighbours(deps, q), notes));
}

/** The final report page: counts of every status, and the complete report to download. */
async function reportRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const counts = await countFindings(deps.pool, { status: null });
  // The store's counts are the progress box's too: counted once, as the list page does.
  const ctx = {
    ...(await fullContext(c, deps, null, false)),
    progress: await readProgress(deps.pool, {}, counts),
  };
  return page(c, reportPage(ctx, counts));
}

/** The complete report, as `jobmig report report.<format>` writes it, served as a download. */
async function reportFileRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const format = reportFormatOf(c.req.param('file') ?? '');
  const filter = { status: null, job: null, kind: null };
  const rows = await readReportRows(deps.pool, filter);
  const model = buildReportModel({
    ...rows,
    filter,
    databaseUrl: 'the review database',
    generatedAt: new Date(),
  });
  return c.body(renderReport(format, model), 200, {
    'Content-Type': `${REPORT_TYPES[format]}; charset=utf-8`,
    'Content-Disposition': `attachment; filename="report.${format}"`,
    'Content-Security-Policy': reportPolicy(),
  });
}

const REPORT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html',
  csv: 'text/csv',
  md: 'text/markdown',
};

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
  return page(c, jobPage(await fullContext(c, deps, null), detail));
}

async function reviewerRoute(c: Context, deps: ReviewDeps): Promise<Response> {
  const form = (await formOf(c)).fields;
  const name = (form.reviewer ?? '').trim();
  if (deps.reviewer !== null) return fail(c, deps, 400, `this server records decisions as ${deps.reviewer}`);
  if (!validReviewer(name)) return fail(c, deps, 400, `a name of 1 to ${MAX_REVIEWER} characters, please`);
  sessionOf(c).reviewer = name; // server-side: no cookie a client sets decides who reviewed
  return c.redirect(safeBack(form.back), 303);
}
