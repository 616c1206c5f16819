/**
 * `npm run docs:cli`: writes the options reference of docs/cli.md from the command declarations
 * (src/cli/<name>.ts, registered in src/cli/commands.ts): every command's and subcommand's `--help`,
 * as yargs renders it at 100 columns, between the markers below. Prose outside them is kept.
 * test/unit/docs-cli.test.ts fails when the file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { COMMANDS } from '../src/cli/commands.ts';
import { topLevelHelp } from '../src/cli/help.ts';

export const CLI_DOC = fileURLToPath(new URL('../docs/cli.md', import.meta.url));
export const BEGIN = '<!-- generated:cli -->';
export const END = '<!-- /generated:cli -->';
/** The help is rendered at a fixed width, so the file does not depend on the terminal it was made in. */
const WIDTH = 100;

const NEW_DOC = `# CLI reference\n\nEvery jobmig command and its options.\n\n${BEGIN}\n${END}\n`;

/** `jobmig <words...> --help`, as the CLI prints it (with the same commands, strict and at WIDTH). */
export async function helpOf(words: readonly string[]): Promise<string> {
  const cli = yargs().scriptName('jobmig').wrap(WIDTH).exitProcess(false).strict().help();
  for (const command of COMMANDS) cli.command(command);
  return new Promise((resolve, reject) =>
    cli.parse([...words, '--help'], {}, (err, _argv, output) => (err ? reject(err) : resolve(output))),
  );
}

/** The subcommands a help text lists under "Commands:" (yargs' nested commands), by name. */
export function subcommandsIn(help: string, words: readonly string[]): string[] {
  const section = help.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  const prefix = ['jobmig', ...words].join(' ');
  return section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(`${prefix} `))
    .map((line) => line.slice(prefix.length + 1).split(/\s/)[0]!)
    .filter((name) => /^[\w-]+$/.test(name));
}

/** One section per command and subcommand: its usage as the heading, then its help. */
async function sectionsOf(words: string[]): Promise<string[]> {
  const help = (await helpOf(words)).trimEnd();
  const usage = help.split('\n')[0]!;
  const own = `### \`${usage}\`\n\n\`\`\`text\n${help}\n\`\`\`\n`;
  const nested = [];
  for (const sub of subcommandsIn(help, words)) nested.push(...(await sectionsOf([...words, sub])));
  return [own, ...nested];
}

/** The generated block, markers included. */
export async function renderCliReference(): Promise<string> {
  const sections: string[] = [];
  for (const command of COMMANDS) {
    const name = [command.command].flat()[0]!.split(' ')[0]!;
    sections.push(...(await sectionsOf([name])));
  }
  const top = `### \`jobmig --help\`\n\n\`\`\`text\n${topLevelHelp(COMMANDS, WIDTH).trimEnd()}\n\`\`\`\n`;
  const note = '<!-- Written by `npm run docs:cli` from src/cli/ declarations: edit those, not this. -->';
  return `${BEGIN}\n${note}\n\n${[top, ...sections].join('\n')}${END}`;
}

/** `doc` with its generated block replaced by `block`; the text around the markers is kept. */
export function withGeneratedBlock(doc: string, block: string, file = CLI_DOC): string {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END, begin);
  if (begin < 0 || end < 0) throw new Error(`${file}: no ${BEGIN} ... ${END} markers to write between`);
  return doc.slice(0, begin) + block + doc.slice(end + END.length);
}

async function main(): Promise<void> {
  const doc = await readFile(CLI_DOC, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return NEW_DOC;
    throw err;
  });
  const updated = withGeneratedBlock(doc, await renderCliReference());
  if (updated === doc) console.log(`${CLI_DOC} is up to date`);
  else {
    await writeFile(CLI_DOC, updated);
    console.log(`wrote ${CLI_DOC}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
