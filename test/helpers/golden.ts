/**
 * Golden files: expected output kept as JSON under test/expected/, so a change in it shows as a
 * reviewable diff instead of an edit to hundreds of inline lines. `UPDATE_GOLDEN=1` (npm run
 * test:update-golden) rewrites the files from what the code produces now; otherwise any difference fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

export const EXPECTED_DIR = fileURLToPath(new URL('../expected/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** One value per line for arrays of scalars-or-rows: a changed row is one changed line in the diff. */
export function goldenJson(value: Record<string, unknown[]>): string {
  const fields = Object.entries(value).map(([key, items]) => {
    const lines = items.map((item) => `    ${JSON.stringify(item)}`);
    return `  ${JSON.stringify(key)}: [\n${lines.join(',\n')}\n  ]`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}

/**
 * Asserts `actual` equals test/expected/<relative>, or (UPDATE_GOLDEN=1) writes it there. The value
 * is compared after a JSON round trip, so a Date or undefined the file cannot hold is a difference.
 */
export async function matchesGolden(
  t: ExecutionContext,
  relative: string,
  actual: Record<string, unknown[]>,
): Promise<void> {
  const file = path.join(EXPECTED_DIR, relative);
  if (UPDATE) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, goldenJson(actual));
    t.log(`rewrote test/expected/${relative}`);
  } else if (!existsSync(file)) {
    t.fail(`test/expected/${relative} is missing: record it with npm run test:update-golden`);
    return;
  }
  const expected = JSON.parse(await readFile(file, 'utf8'));
  t.deepEqual(
    actual,
    expected,
    `differs from test/expected/${relative} (npm run test:update-golden rewrites it)`,
  );
}
