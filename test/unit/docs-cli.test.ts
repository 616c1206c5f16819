import { readFile } from 'node:fs/promises';
import test from 'ava';
import {
  BEGIN,
  CLI_DOC,
  END,
  helpOf,
  renderCliReference,
  subcommandsIn,
  withGeneratedBlock,
} from '../../scripts/docs-cli.ts';
import { COMMANDS } from '../../src/cli/commands.ts';

test('docs/cli.md holds the options of every command exactly as the declarations give them', async (t) => {
  const doc = await readFile(CLI_DOC, 'utf8');
  const fresh = withGeneratedBlock(doc, await renderCliReference());
  // Not t.is on the whole file: the message says what to do, the diff only where it differs.
  if (fresh !== doc) t.fail('docs/cli.md is stale: run `npm run docs:cli` and commit the result');
  else t.pass();
});

test('the reference has a section per registered command, each its --help at 100 columns', async (t) => {
  const block = await renderCliReference();
  for (const command of COMMANDS) {
    const usage = `jobmig ${[command.command].flat()[0]}`;
    t.true(block.includes(`### \`${usage}\``), usage);
  }
  const importHelp = await helpOf(['import']);
  t.true(block.includes(importHelp.trimEnd()));
  t.true(importHelp.split('\n').every((line) => line.length <= 100));
  t.regex(importHelp, /--batch-size .*\[default: 200\]/);
});

test('prose around the markers survives a rewrite; a file without markers is refused by name', (t) => {
  const doc = `# CLI\n\nintro\n\n${BEGIN}\nold\n${END}\n\nafter\n`;
  t.is(
    withGeneratedBlock(doc, `${BEGIN}\nnew\n${END}`),
    `# CLI\n\nintro\n\n${BEGIN}\nnew\n${END}\n\nafter\n`,
  );
  t.throws(() => withGeneratedBlock('# CLI\n', 'x', 'docs/cli.md'), { message: /^docs\/cli\.md: no / });
});

test('nested subcommands listed in a help text are found by name', (t) => {
  const help = [
    'jobmig findings <command>',
    '',
    'Commands:',
    '  jobmig findings undo <batch>   Undo a batch of decisions',
    '  jobmig findings batches        List the batches',
    '',
    'Options:',
    '  --help  Show help',
  ].join('\n');
  t.deepEqual(subcommandsIn(help, ['findings']), ['undo', 'batches']);
  t.deepEqual(subcommandsIn('jobmig prune\n\nOptions:\n  --help\n', ['prune']), []);
});
