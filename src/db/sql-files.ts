import { readFileSync } from 'node:fs';

/** A reader for the .sql files in the `sql/` folder beside the calling module (pass its import.meta.url). */
export function sqlFolder(moduleUrl: string): (name: string) => string {
  return (name) => readFileSync(new URL(`./sql/${name}`, moduleUrl), 'utf8');
}
