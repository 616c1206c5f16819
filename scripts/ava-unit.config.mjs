// ava for `npm run test:unit`: the unit tests as scripts/unit-build.ts compiled them into
// .jobmig/unit-build/, plain JavaScript in worker threads of one process (no tsx, no process per file).
export default {
  files: ['.jobmig/unit-build/test/unit/**/*.test.js'],
  require: ['./.jobmig/unit-build/source-maps.js'],
  workerThreads: true,
  timeout: '2m',
};
