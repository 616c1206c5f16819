/** The top-level help is printed without yargs, from the command descriptors alone. */
import test from 'ava';
import { COMMANDS } from '../../src/cli/commands.ts';
import { asksTopLevelHelp, topLevelHelp } from '../../src/cli/help.ts';
import { jobmig } from '../helpers/cli.ts';

test('only a lone --help or -h takes the fast path', (t) => {
  t.true(asksTopLevelHelp(['--help']));
  t.true(asksTopLevelHelp(['-h']));
  t.false(asksTopLevelHelp([]));
  t.false(asksTopLevelHelp(['query', '--help']));
  t.false(asksTopLevelHelp(['--help', 'query']));
});

test('every registered command is listed with its whole description, within the width', (t) => {
  const help = topLevelHelp(COMMANDS, 80);
  const flat = help.replace(/\s+/g, ' ');
  for (const c of COMMANDS) {
    t.true(help.includes(`  jobmig ${c.command}`), String(c.command));
    t.true(flat.includes(String(c.describe)), String(c.describe));
  }
  const tooLong = help.split('\n').filter((l) => l.length > 80 && !l.trim().startsWith('jobmig '));
  // A word longer than the column (a path in a description) is the one thing that may overflow.
  t.true(
    tooLong.every((l) => !l.trim().includes(' ')),
    tooLong.join('\n'),
  );
});

test('jobmig --help exits 0 with the list; a command help is still yargs with its options', async (t) => {
  const top = await jobmig(['--help']);
  t.is(top.code, 0, top.stderr);
  t.regex(top.stdout, /jobmig import <root> +Import/);
  const query = await jobmig(['query', '--help']);
  t.is(query.code, 0, query.stderr);
  t.regex(query.stdout, /--format/);
});
