/**
 * Escaping for everything the report takes from the database: legacy files are hand-edited and may
 * hold markup. One function per output context, each small and pure, each property-tested.
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

// Shared with `jobmig query --format csv`, so the one rule lives below both.
export { csvSafeCell } from '../util/csv-safe.ts';
