/**
 * The review web app (Hono): security middleware in front of every route (Host, token cookie, strict
 * CSP and other headers, body cap, CSRF), the app's two assets from memory (no directory is ever
 * served or listed), the page and decision routes, and errors as short pages without internals.
 */
import { readFileSync } from 'node:fs';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { csrfCheck, hostCheck, tokenCheck } from './auth.ts';
import type { ReviewDeps } from './deps.ts';
import { registerRoutes } from './routes.ts';

/** Form bodies over this are refused (a note is at most 4,000 characters). */
export const MAX_BODY_BYTES = 64 * 1024;

const asset = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
const ASSETS: Record<string, [string, string]> = {
  'review.css': ['text/css; charset=utf-8', asset('review.css')],
  'review.js': ['text/javascript; charset=utf-8', asset('review.js')],
};

const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Control characters shown as \\xNN: the operator's terminal and logs never get them raw. */
export const printable = (text: string): string =>
  text.replace(/\p{Cc}/gu, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * No route takes a control character (NUL cannot even reach PostgreSQL as text): such a path is not
 * found.
 */
const controlPathsNotFound: MiddlewareHandler = async (c, next) => {
  const raw = new URL(c.req.url).pathname;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // a lone '%': the routes see it as it is
  }
  if (/\p{Cc}/u.test(decoded) || /\p{Cc}/u.test(c.req.path)) return c.text('not found', 404);
  await next();
};

export function reviewApp(deps: ReviewDeps): Hono {
  const app = new Hono();
  app.use(hostCheck(deps.origin));
  // No HSTS: the app is plain HTTP on loopback, where browsers ignore it. A file response keeps its
  // own, stricter CSP (sandbox).
  const headers = {
    contentSecurityPolicy: CSP,
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: false,
  };
  app.use(secureHeaders({ ...headers, overwrite: false }));
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use(tokenCheck(deps.secrets, deps.port));
  app.use(controlPathsNotFound);
  app.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.text('request body too large', 413) }));
  for (const check of csrfCheck(deps.secrets, deps.origin)) app.use(check);
  app.get('/assets/:name', (c) => {
    const found = Object.hasOwn(ASSETS, c.req.param('name')) ? ASSETS[c.req.param('name')] : undefined;
    return found ? c.body(found[1], 200, { 'Content-Type': found[0] }) : c.notFound();
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  registerRoutes(app, deps);
  app.notFound((c) => c.text('not found', 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    const what = `${c.req.method} ${c.req.path} failed: ${err.message.split('\n')[0]}`;
    deps.log(`jobmig review: ${printable(what)}`);
    return c.text('internal error: see the terminal running jobmig review', 500);
  });
  return app;
}
