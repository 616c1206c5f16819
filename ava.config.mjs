// ava for `npm test` and single files: the TypeScript test files, run through tsx, one process each.
// `npm run test:unit` uses scripts/ava-unit.config.mjs instead (compiled unit tests, worker threads).
export default {
  files: ['test/**/*.test.ts'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  workerThreads: false,
  timeout: '2m',
};
