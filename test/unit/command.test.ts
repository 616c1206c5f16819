import test from 'ava';
import yargs from 'yargs';
import { type ArgsOf, defineCommand, lazyCommand } from '../../src/cli/command.ts';

const greet = defineCommand({
  command: 'greet <name> [times]',
  describe: 'Greet someone',
  positionals: {
    name: { type: 'string', demandOption: true, describe: 'who' },
    times: { type: 'number', default: 1, describe: 'how often' },
  },
  options: {
    loud: { type: 'boolean', default: false, describe: 'shout' },
    tone: { choices: ['warm', 'dry'], default: 'warm', describe: 'how' },
    tag: { type: 'string', array: true, describe: 'repeatable' },
    by: { type: 'string', describe: 'optional' },
  },
  check: (a) => {
    if (a.times < 1) throw new Error('--times must be 1 or more');
  },
  epilogue: () => 'the end',
});
type GreetArgs = ArgsOf<typeof greet>;

/** Parse `argv` with one lazily loaded command; resolves with what its handler got, or the failure. */
async function parseWith(argv: string[], run: (a: GreetArgs) => Promise<void>): Promise<string> {
  const cli = yargs()
    .exitProcess(false)
    .strict()
    .fail((message, err) => {
      throw err ?? new Error(message);
    });
  cli.command(lazyCommand(greet, async () => ({ run })));
  return new Promise((resolve, reject) =>
    cli.parse(argv, {}, (err, _argv, output) => (err ? reject(err) : resolve(output))),
  );
}

test('the handler receives each positional and option typed and defaulted as declared', async (t) => {
  let got: GreetArgs | undefined;
  await parseWith(['greet', 'Ada', '3', '--loud', '--tone', 'dry', '--tag', 'a', '--tag', 'b'], async (a) => {
    got = a;
  });
  t.like(got, { name: 'Ada', times: 3, loud: true, tone: 'dry', tag: ['a', 'b'], by: undefined });
  let defaults: GreetArgs | undefined;
  await parseWith(['greet', 'Bo'], async (a) => {
    defaults = a;
  });
  t.like(defaults, { name: 'Bo', times: 1, loud: false, tone: 'warm', tag: undefined });
});

test('the check runs on the parsed arguments and its message is the failure', async (t) => {
  await t.throwsAsync(
    parseWith(['greet', 'Ada', '0'], async () => t.fail('the handler must not run')),
    { message: '--times must be 1 or more' },
  );
});

test('a choice or an option that is not declared is refused before the handler runs', async (t) => {
  const never = async () => t.fail('the handler must not run');
  await t.throwsAsync(parseWith(['greet', 'Ada', '--tone', 'cold'], never), { message: /tone/ });
  await t.throwsAsync(parseWith(['greet', 'Ada', '--colour', 'red'], never), { message: /colour/ });
});

test('the help shows the declared positionals, options and epilogue', async (t) => {
  const help = await parseWith(['greet', '--help'], async () => undefined);
  for (const text of ['who', 'how often', '--loud', 'shout', '"warm", "dry"', 'the end'])
    t.true(help.includes(text), text);
});

/**
 * Compile-time checks, not a test: `tsc --noEmit` (which covers test/) fails if either line below
 * stops being an error, that is, if a handler could take other arguments than its declaration gives.
 */
function handlerTypesAreChecked(): void {
  const wrongType = async (a: { loud: string }) => void a;
  // @ts-expect-error: `loud` is declared boolean, the handler wants a string
  lazyCommand(greet, async () => ({ run: wrongType }));
  const undeclared = async (a: GreetArgs & { missing: string }) => void a;
  // @ts-expect-error: the handler reads an option the declaration does not have
  lazyCommand(greet, async () => ({ run: undeclared }));
}
void handlerTypesAreChecked; // never called: it is there for the compiler
