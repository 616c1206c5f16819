/**
 * Who may talk to the review app: a random per-start token, given once in the printed URL, opens a
 * server-side session whose random id is kept in an HttpOnly, SameSite=Strict cookie; the session, not
 * any cookie a client sets, holds the reviewer's name. Requests for another Host are refused (DNS
 * rebinding); every POST carries the per-start CSRF token and a same-origin Origin. Tokens are
 * compared in constant time and never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';

export interface Secrets {
  token: string;
  csrf: string;
}

export const newSecrets = (): Secrets => ({
  token: randomBytes(32).toString('base64url'),
  csrf: randomBytes(32).toString('base64url'),
});

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameSecret(given: unknown, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** Cookies are per host, not per port: two servers on one address keep apart by name. */
export const sessionCookie = (port: number): string => `jobmig_review_${port}`;

/** One browser's session: who decides is kept here, server-side, never in a cookie. */
export interface Session {
  reviewer: string | null;
}

/** The session of each request the token check let through. */
const sessionOfRequest = new WeakMap<Request, Session>();
/** Logins beyond this drop the oldest session (the map lives as long as the server). */
const MAX_SESSIONS = 1000;

function openSession(sessions: Map<string, Session>): string {
  const id = randomBytes(32).toString('base64url');
  sessions.set(id, { reviewer: null });
  if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
  return id;
}

/**
 * Where the login redirect goes: this request's path on this server. A path that starts with `//`
 * (or `/\`) would be read by the browser as another site, so leading slashes collapse to one.
 */
export function sameOriginPath(requestUrl: string): string {
  const url = new URL(requestUrl);
  url.searchParams.delete('token');
  const target = `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
  return new URL(target, url.origin).origin === url.origin ? target : '/';
}

/** The session the token check attached to this request. */
export function sessionOf(c: Context): Session {
  const session = sessionOfRequest.get(c.req.raw);
  if (!session) throw new Error('no review session on this request');
  return session;
}

const refuse = (c: Context, status: 403 | 421, text: string): Response =>
  c.text(text, status, { 'Cache-Control': 'no-store' });

/** Only Host ADDRESS:PORT, the loopback address it listens on: a rebound name never reaches the app. */
export function hostCheck(origin: () => string): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (`http://${host}` !== origin()) return refuse(c, 421, `jobmig review answers only to ${origin()}`);
    await next();
  };
}

/**
 * The token from the URL becomes the session cookie (then the same address without it, so the token
 * leaves the address bar); without a valid cookie or token, every request is refused.
 */
export function tokenCheck(secrets: Secrets, port: () => number): MiddlewareHandler {
  const sessions = new Map<string, Session>();
  return async (c, next) => {
    const given = c.req.query('token');
    if (given !== undefined) {
      if (!sameSecret(given, secrets.token)) return refuse(c, 403, 'forbidden: wrong token');
      const id = openSession(sessions);
      setCookie(c, sessionCookie(port()), id, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return c.redirect(sameOriginPath(c.req.url), 303);
    }
    const session = sessions.get(getCookie(c, sessionCookie(port())) ?? '');
    if (!session) return refuse(c, 403, 'forbidden: open the address that jobmig review printed');
    sessionOfRequest.set(c.req.raw, session);
    await next();
  };
}

/** POSTs: a same-origin Origin (or Sec-Fetch-Site) and the form's _csrf field. */
export function csrfCheck(secrets: Secrets, origin: () => string): MiddlewareHandler[] {
  const token: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      if (!sameSecret(form._csrf, secrets.csrf))
        return refuse(c, 403, 'forbidden: missing or wrong CSRF token');
    }
    await next();
  };
  return [csrf({ origin: (given) => given === origin() }), token];
}
