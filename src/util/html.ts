/**
 * Escaping for everything the review app and the report take from the database: legacy files are
 * hand-edited and may hold markup. One function per output context, each small and pure, each
 * property-tested; and `h`, the escape-by-default template both build their HTML with.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const SCRIPT_JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for a `<script type="application/json">` data block. No `<` survives, so no `</script>` or
 * `<!--` in the data can end or change the block; JSON.parse reads the escapes back as the same text.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_JSON_ESCAPES[c]!);
}

/**
 * Text for a GitHub-flavoured Markdown table cell or heading: markup characters become entities,
 * Markdown punctuation is backslash-escaped (a `|` would split the cell), line breaks become `<br>`.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A fragment of markup built by `h`: interpolated into another `h` template as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Escape-by-default HTML: every interpolated value is text unless it is itself an Html fragment built
 * by this tag. Arrays are joined; null, undefined and false render nothing.
 */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup the caller vouches for (a hashed inline asset, script-safe JSON): the one way around `h`. */
export const trusted = (text: string): Html => new Html(text);
