/**
 * The allowed direction of imports between the top-level folders of src/, checked by
 * `npm run depcheck` (part of `npm test`). Top to bottom:
 *
 *   cli → review → findings-report → commands (findings, import, corrections, prune, verify, query, runs)
 *       → outputs → staging → reconcile → model → legacy, files → db → util
 *
 * src/report/ holds only the escapers (escape.ts) until they move to src/util/html.ts; it sits just above
 * util.
 *
 * A folder may import its own files and the folders its rule allows; nothing imports upwards, and no
 * files or folders form a cycle. Type-only imports count: they tie modules together just the same.
 */

/** A rule that lets files under src/<folder>/ import only src/<folder>/ and the listed folders. */
function onlyImports(folder, allowed, comment) {
  return {
    name: `${folder}-imports-only-${allowed.join('-') || 'itself'}`,
    comment,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: '^src/', pathNot: `^src/(${[folder, ...allowed].join('|')})/` },
  };
}

const FOLDERS = [
  'cli',
  'review',
  'import',
  'corrections',
  'prune',
  'verify',
  'findings',
  'findings-report',
  'report',
  'query',
  'runs',
  'outputs',
  'staging',
  'reconcile',
  'model',
  'legacy',
  'files',
  'db',
  'util',
  'testing',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between files: each module can be read (and tested) after what it imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'No cycle between folders either: a folder is a layer, and layers do not call back up.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import of our own files resolves: an unresolved one would escape the rules below.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[.]' },
    },
    {
      name: 'src-not-to-test-or-scripts',
      comment: 'The product does not depend on its tests or tooling.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'known-folders-only',
      comment: 'A new top-level folder of src/ needs its own rule here, placing it in the layering.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${FOLDERS.join('|')})/` },
      to: {},
    },
    // cli: the yargs commands, the top; it may import anything (no rule).
    onlyImports(
      'review',
      ['findings', 'findings-report', 'report', 'reconcile', 'files', 'db', 'util'],
      'The review app reads and decides through findings/, escapes with report/escape.ts, ' +
        'reads files via files/.',
    ),
    onlyImports(
      'import',
      ['runs', 'staging', 'reconcile', 'model', 'legacy', 'db', 'util'],
      'The importer orchestrates read → plan → reconcile → load; only the CLI imports it. ' +
        '--watch reports each pass through runs/.',
    ),
    onlyImports(
      'corrections',
      ['outputs', 'staging', 'model', 'legacy', 'files', 'db', 'util'],
      'correction set writes a snapshot, merges its operator like an import would, then regenerates outputs.',
    ),
    onlyImports(
      'prune',
      ['outputs', 'model', 'legacy', 'files', 'db', 'util'],
      'Pruning records its events through outputs/records and touches files only through files/.',
    ),
    onlyImports(
      'verify',
      ['model', 'legacy', 'db', 'util'],
      "verify counts a folder from the model's plan of it, never through the importer.",
    ),
    onlyImports(
      'findings',
      ['reconcile', 'db', 'util'],
      "The findings store: reviewers' decisions, batches, undo and cause groups over the registry's kinds.",
    ),
    onlyImports(
      'findings-report',
      ['findings', 'report', 'reconcile', 'db', 'util'],
      'The discrepancy report reads findings (findings/store) and renders them.',
    ),
    onlyImports('report', ['util'], 'Only the escapers are left here (escape.ts).'),
    onlyImports('query', ['db', 'util'], 'Query presets are SQL files run over a connection, nothing more.'),
    onlyImports('runs', ['db', 'util'], 'What import runs changed, read with SQL files over a connection.'),
    onlyImports(
      'outputs',
      ['model', 'legacy', 'files', 'db', 'util'],
      "The letter and GeoJSON are regenerated from snapshots with the model's row builders.",
    ),
    onlyImports(
      'staging',
      ['model', 'db', 'util'],
      'Staging tables and merges take encoded model rows to the database; shared by import and corrections.',
    ),
    onlyImports(
      'reconcile',
      ['model', 'legacy', 'db', 'util'],
      "Finding rules are pure functions of a read job and its plan; they never import the planner's caller.",
    ),
    onlyImports(
      'model',
      ['legacy', 'db', 'util'],
      'The model (rows, builders, planner, hashing of rows, GeoJSON) is what everything above depends on.',
    ),
    onlyImports(
      'legacy',
      ['db', 'util'],
      'The legacy layout, schemas, scanner and reader know nothing of the model.',
    ),
    onlyImports(
      'files',
      ['db', 'util'],
      'Safe file access inside the jobs root, below every command that uses it.',
    ),
    onlyImports('db', ['util'], 'Connection, migrations and COPY helpers: no knowledge of jobs.'),
    onlyImports(
      'util',
      [],
      'Hashing, shared errors, starting worker threads: the bottom, imports nothing of src/.',
    ),
    onlyImports('testing', [], 'The store generator stands alone.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
