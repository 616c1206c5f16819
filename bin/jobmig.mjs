#!/usr/bin/env node
// The CLI entry: runs the compiled JavaScript in dist/ (`npm run build`; `prepare` builds it on install).
try {
  await import('../dist/cli/main.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli/main.js')) throw err;
  process.stderr.write('jobmig: dist/ is missing: run `npm run build` (or `npm install`) first\n');
  process.exit(2);
}
