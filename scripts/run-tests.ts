// npm test: runs ava against TEST_DATABASE_URL, or against an embedded
// PostgreSQL server started here (and stopped afterwards) when it is unset.
// npm run test:unit (--unit): only test/unit/, the files that need no database or
// browser, compiled once (scripts/unit-build.ts) and run by ava in worker threads
// of one process (scripts/ava-unit.config.mjs); no server, TEST_DATABASE_URL unset.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer, type EmbeddedServer } from '../src/db/embedded.ts';
import { redactUrl } from '../src/db/redact.ts';
import { buildUnitTests, UNIT_BUILD_DIR } from './unit-build.ts';

const projectDir = fileURLToPath(new URL('..', import.meta.url));

const unit = process.argv.includes('--unit');
/** With --unit, a named test/unit/x.test.ts runs as its compiled .jobmig/unit-build/test/unit/x.test.js. */
const compiled = (arg: string): string =>
  /^(\.\/)?test\/unit\/.*\.test\.ts$/.test(arg)
    ? path.join(UNIT_BUILD_DIR, arg.replace(/^\.\//, '').replace(/\.ts$/, '.js'))
    : arg;
const avaArgs = unit
  ? [
      '--config',
      'scripts/ava-unit.config.mjs',
      ...process.argv
        .slice(2)
        .filter((a) => a !== '--unit')
        .map(compiled),
    ]
  : process.argv.slice(2);

// A test file sits in the folder of what it needs (docs/testing.md); one left in test/ itself says nothing.
const loose = readdirSync(path.join(projectDir, 'test')).filter((f) => f.endsWith('.test.ts'));
if (loose.length > 0) {
  console.error(
    `test/${loose[0]}: move it into test/unit/, test/db/, test/browser/ or test/process/ (docs/testing.md)`,
  );
  process.exit(1);
}

let server: EmbeddedServer | undefined;
if (unit) {
  // So a test that reaches for a database fails instead of quietly using one.
  delete process.env.TEST_DATABASE_URL;
  const started = performance.now();
  const modules = await buildUnitTests(projectDir);
  const ms = Math.round(performance.now() - started);
  console.log(`unit tests only, no database: ${modules} modules compiled to ${UNIT_BUILD_DIR} in ${ms} ms`);
} else if (process.env.TEST_DATABASE_URL) {
  console.log(`tests use TEST_DATABASE_URL=${redactUrl(process.env.TEST_DATABASE_URL)}`);
} else {
  const dataDir = path.join(projectDir, '.jobmig', 'test-pgdata');
  server = await startEmbeddedServer({ dataDir });
  process.env.TEST_DATABASE_URL = server.url;
  const how = server.startedHere ? 'started for this run' : 'already running, reused';
  console.log(
    `tests use the embedded PostgreSQL at ${redactUrl(server.url)}` +
      ` (${how}; data in ${path.relative(projectDir, dataDir)})`,
  );
}

const ava = spawn(path.join(projectDir, 'node_modules', '.bin', 'ava'), avaArgs, {
  cwd: projectDir,
  stdio: 'inherit',
  env: process.env,
});

let signalled: NodeJS.Signals | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  // Not dying at once, so the server is stopped only after ava has wound down.
  // Ava only handles SIGINT (stopping its workers); on SIGTERM it would die
  // and orphan them, so it gets SIGINT either way.
  process.on(sig, () => {
    signalled = sig;
    ava.kill('SIGINT');
  });
}

const exitCode = await new Promise<number>((resolve) => {
  ava.on('error', (err) => {
    console.error(`could not run ava: ${err.message}`);
    resolve(1);
  });
  ava.on('exit', (code, sig) => resolve(code ?? 128 + (sig ? os.constants.signals[sig] : 0)));
});

await server?.stop();
process.exit(signalled ? 128 + os.constants.signals[signalled] : exitCode);
