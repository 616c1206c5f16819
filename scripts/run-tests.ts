// npm test: runs ava against TEST_DATABASE_URL, or against an embedded
// PostgreSQL server started here (and stopped afterwards) when it is unset.
// npm run test:unit (--unit): only test/unit/**/*.test.ts, the files that need
// no database or browser; no server is started and TEST_DATABASE_URL is unset.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer, type EmbeddedServer } from '../src/db/embedded.ts';
import { redactUrl } from '../src/db/redact.ts';

const projectDir = fileURLToPath(new URL('..', import.meta.url));

/** The unit test files: a file that needs PostgreSQL or Chromium must not match. */
const UNIT_TESTS = 'test/unit/**/*.test.ts';
const unit = process.argv.includes('--unit');
const avaArgs = unit
  ? [UNIT_TESTS, ...process.argv.slice(2).filter((a) => a !== '--unit')]
  : process.argv.slice(2);

let server: EmbeddedServer | undefined;
if (unit) {
  // So a test that reaches for a database fails instead of quietly using one.
  delete process.env.TEST_DATABASE_URL;
  console.log('unit tests only: no database');
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
