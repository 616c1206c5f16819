/** Reading the .sql files that live beside the modules that run them, on first use (never at import). */
import { readFileSync } from 'node:fs';

/**
 * A reader for the .sql files in the `sql/` folder beside the calling module (pass its import.meta.url):
 * `sqlFile(name)` returns a function that reads the file on its first call and keeps the text.
 */
export function sqlFolder(moduleUrl: string): (name: string) => () => string {
  return (name) => lazyText(new URL(`./sql/${name}`, moduleUrl));
}

/** The text of a file, read on the first call and kept. */
export function lazyText(url: URL): () => string {
  let text: string | undefined;
  return () => (text ??= readFileSync(url, 'utf8'));
}
