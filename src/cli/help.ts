/**
 * `jobmig --help` without yargs: the list of commands comes from the descriptors alone, so the most
 * common first command starts in about the time Node itself takes (yargs is ~50 modules). A
 * command's own help (`jobmig <command> --help`) is yargs', built from its options.
 */

interface Described {
  command?: string | readonly string[];
  describe?: string | false;
}

const MAX_USAGE_COLUMN = 32;

/** The global --no-migrate option, declared once for yargs and for the top-level help. */
export const NO_MIGRATE = {
  name: 'migrate',
  option: {
    type: 'boolean',
    default: true,
    global: true,
    describe:
      '--no-migrate: refuse to run while a schema migration is pending instead of applying it ' +
      '(as JOBMIG_MIGRATE=never)',
  },
} as const;

/** Whether the arguments ask for the top-level help and nothing else. */
export function asksTopLevelHelp(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--help' || args[0] === '-h');
}

/** The top-level help: usage, one line per command (descriptions wrapped to `width`), options. */
export function topLevelHelp(commands: readonly Described[], width = 80): string {
  const rows = commands.map((c) => [`jobmig ${[c.command].flat()[0] ?? ''}`, c.describe || ''] as const);
  // A usage longer than the column gets a line of its own, the description below it.
  const column = Math.min(MAX_USAGE_COLUMN, Math.max(...rows.map(([usage]) => usage.length)) + 2);
  const lines = ['jobmig <command>', '', 'Commands:'];
  for (const [usage, describe] of rows) {
    const wrapped = wrap(describe, Math.max(20, width - column - 2));
    if (usage.length + 2 > column)
      lines.push(`  ${usage}`, ...wrapped.map((w) => `  ${''.padEnd(column)}${w}`));
    else {
      lines.push(`  ${usage.padEnd(column)}${wrapped[0] ?? ''}`);
      for (const more of wrapped.slice(1)) lines.push(`  ${''.padEnd(column)}${more}`);
    }
  }
  lines.push('', 'Options:', '  --version     Show version number', '  --help        Show help');
  lines.push(
    ...wrap(NO_MIGRATE.option.describe.replace(/^--no-migrate: /, ''), Math.max(20, width - 16)).map(
      (w, i) => `  ${(i === 0 ? '--no-migrate' : '').padEnd(14)}${w}`,
    ),
    '',
  );
  lines.push("Run 'jobmig <command> --help' for a command's options.");
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
