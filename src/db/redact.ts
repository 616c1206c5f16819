const MASK = '***';

// Userinfo runs up to the last '@' of the whole URL, not just of the
// authority, so a password with an unencoded '@', '/', '?' or '#' is still
// masked whole; an '@' later in the URL only means masking too much.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s'"<>]*)@/gi;
// libpq accepts password (and sslpassword) as URL query parameters too.
const URL_QUERY_PASSWORD = /([?&](?:ssl)?password=)[^&#\s]*/gi;
// Conninfo values may be single-quoted with backslash escapes.
const CONNINFO_PASSWORD = /\b((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'&]+)/gi;

function maskUserinfo(scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon === -1 || colon === userinfo.length - 1) return `${scheme}${userinfo}@`;
  return `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
}

/** Masks the password of a postgres URL or `key=value` conninfo string. */
export function redactUrl(url: string): string {
  return url
    .replace(URL_USERINFO, (_m, scheme: string, userinfo: string) => maskUserinfo(scheme, userinfo))
    .replace(URL_QUERY_PASSWORD, `$1${MASK}`)
    .replace(CONNINFO_PASSWORD, `$1${MASK}`);
}

function passwordsOf(url: string): string[] {
  const found = new Set<string>();
  const add = (raw: string | undefined) => {
    if (!raw) return;
    found.add(raw);
    try {
      found.add(decodeURIComponent(raw));
    } catch {
      // not percent-encoded; the raw form is enough
    }
  };
  for (const m of url.matchAll(URL_USERINFO)) {
    const userinfo = m[2] ?? '';
    const colon = userinfo.indexOf(':');
    if (colon !== -1) add(userinfo.slice(colon + 1));
  }
  for (const m of url.matchAll(URL_QUERY_PASSWORD)) add(m[0].slice(m[1]!.length));
  for (const m of url.matchAll(CONNINFO_PASSWORD)) {
    const value = m[2]!;
    add(value.startsWith("'") ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);
  }
  return [...found];
}

/**
 * Masks passwords in free text such as an error message: any URL or conninfo
 * in it, plus every literal occurrence of a password taken from `urls`
 * (drivers sometimes echo a password without the URL around it).
 */
export function redactSecrets(text: string, urls: string[]): string {
  let out = redactUrl(text);
  // Longest first, so a password that contains another is masked whole.
  const secrets = urls.flatMap(passwordsOf).sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    if (secret !== MASK) out = out.split(secret).join(MASK);
  }
  return out;
}
