/**
 * Who may talk to the review app: a random per-start token, given once in the printed URL and then
 * kept in an HttpOnly, SameSite=Strict cookie; requests for another Host are refused (DNS rebinding);
 * every POST carries the per-start CSRF token and a same-origin Origin. Tokens are compared in
 * constant time and never logged.
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

/** Cookies are per host, not per port: two servers on 127.0.0.1 keep apart by name. */
export const sessionCookie = (port: number): string => `jobmig_review_${port}`;
export const reviewerCookie = (port: number): string => `jobmig_reviewer_${port}`;

const refuse = (c: Context, status: 403 | 421, text: string): Response =>
  c.text(text, status, { 'Cache-Control': 'no-store' });

/** Only Host 127.0.0.1:PORT or localhost:PORT: a rebound name never reaches the app. */
export function hostCheck(port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (host !== `127.0.0.1:${port()}` && host !== `localhost:${port()}`)
      return refuse(c, 421, 'jobmig review answers only to 127.0.0.1');
    await next();
  };
}

/**
 * The token from the URL becomes the session cookie (then the same address without it, so the token
 * leaves the address bar); without a valid cookie or token, every request is refused.
 */
export function tokenCheck(secrets: Secrets, port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.query('token');
    if (given !== undefined) {
      if (!sameSecret(given, secrets.token)) return refuse(c, 403, 'forbidden: wrong token');
      setCookie(c, sessionCookie(port()), secrets.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    if (!sameSecret(getCookie(c, sessionCookie(port())), secrets.token))
      return refuse(c, 403, 'forbidden: open the address that jobmig review printed');
    await next();
  };
}

/** POSTs: a same-origin Origin (or Sec-Fetch-Site) and the form's _csrf field. */
export function csrfCheck(secrets: Secrets, port: () => number): MiddlewareHandler[] {
  const origins = (): string[] => [`http://127.0.0.1:${port()}`, `http://localhost:${port()}`];
  const token: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      if (!sameSecret(form._csrf, secrets.csrf))
        return refuse(c, 403, 'forbidden: missing or wrong CSRF token');
    }
    await next();
  };
  return [csrf({ origin: (origin) => origins().includes(origin) }), token];
}
