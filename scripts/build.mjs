/**
 * `npm run build` (and `prepare`): compiles src/ to dist/ with tsc (tsconfig.build.json), then copies
 * every file under src/ that is not TypeScript (.sql files, presets, report assets) to the same place
 * in dist/, so modules find them beside themselves from either folder. Plain JavaScript: no tsx needed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
  // parentPath is Node 20.12+; `path` before that.
  const rel = path.relative(src, path.join(entry.parentPath ?? entry.path, entry.name));
  cpSync(path.join(src, rel), path.join(dist, rel));
  copied++;
}
console.log(`built dist/ (${copied} asset files copied from src/)`);
