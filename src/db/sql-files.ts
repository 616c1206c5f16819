/** Reading the .sql files that live beside the modules that run them, on first use (never at import). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A reader for the .sql files in the `sql/` folder beside the calling module (pass its import.meta.url):
 * `sqlFile(name)` returns a function that reads the file on its first call and keeps the text.
 */
export function sqlFolder(moduleUrl: string): (name: string) => () => string {
  return (name) => lazyText(new URL(`./sql/${name}`, moduleUrl));
}

/**
 * The text of a file, read on the first call and kept. A line `\ir other.sql` (psql's include, relative
 * to the including file) is replaced by that file's text, so one statement can serve two scripts and
 * a DBA still runs each script as it is in psql.
 */
export function lazyText(url: URL): () => string {
  let text: string | undefined;
  return () => (text ??= withIncludes(url, []));
}

function withIncludes(url: URL, including: readonly string[]): string {
  const file = fileURLToPath(url);
  if (including.includes(file)) throw new Error(`${file}: \\ir includes itself (${including.join(' -> ')})`);
  return readFileSync(url, 'utf8').replace(/^\\ir[ \t]+(\S+)[ \t]*$/gm, (_line, name: string) =>
    withIncludes(new URL(name, url), [...including, file]).trimEnd(),
  );
}
