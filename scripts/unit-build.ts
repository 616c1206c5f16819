/**
 * `npm run test:unit` compiles the unit tests and everything they can import once, with esbuild, into
 * .jobmig/unit-build/ (the project's own layout), so ava runs plain JavaScript in worker threads of one
 * process: starting a process with tsx for every file was almost all of the time. No type check here
 * (`npx tsc --noEmit` and `npm test` do that).
 */
import { cpSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** The build, relative to the project; .jobmig/ is ignored by git, Biome and tsc. */
export const UNIT_BUILD_DIR = path.join('.jobmig', 'unit-build');
/** Copied whole (a module may name a .sql, an asset or a sibling .ts by path) and compiled beside. */
const COMPILED = ['src', 'scripts', 'test/unit', 'test/helpers'];
/** Data the tests find relative to their own file: linked, not copied. */
const LINKED = ['fixtures', 'schema', 'docs', 'bin', 'package.json', 'test/expected', 'test/former-presets'];

/** `from './x.ts'`, `import('./x.ts')`, `import './x.ts'` point at the compiled `./x.js`. */
const RELATIVE_TS = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+?)\.ts\2/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Builds into `projectDir`/.jobmig/unit-build and returns the number of modules compiled. */
export async function buildUnitTests(projectDir: string): Promise<number> {
  const out = path.join(projectDir, UNIT_BUILD_DIR);
  rmSync(out, { recursive: true, force: true });
  for (const dir of COMPILED) cpSync(path.join(projectDir, dir), path.join(out, dir), { recursive: true });
  for (const entry of LINKED) {
    const target = path.join(projectDir, entry);
    const link = path.join(out, entry);
    symlinkSync(path.relative(path.dirname(link), target), link);
  }
  const entryPoints = COMPILED.flatMap((dir) => tsFiles(path.join(projectDir, dir)));
  const result = await build({
    entryPoints,
    outdir: out,
    outbase: projectDir,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    write: false,
    logLevel: 'error',
  });
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.text.replace(RELATIVE_TS, '$1$2$3.js$2'));
  }
  // Stack traces of a failing test name the .ts line, not the compiled one.
  writeFileSync(path.join(out, 'source-maps.js'), 'process.setSourceMapsEnabled(true);\n');
  return entryPoints.length;
}
