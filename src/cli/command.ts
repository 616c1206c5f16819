/**
 * How a command joins the CLI. A command is two files: `src/cli/<name>.ts`, a light descriptor (name,
 * help text, options: imports nothing heavy; registered in commands.ts), and
 * `src/cli/handlers/<name>.ts`, which exports its `<Name>Args` type and `run`, and is imported only
 * when that command runs (the descriptor imports the type alone, which the compiler erases). So
 * `--help` and one command load only what they use.
 */
import type { Argv, CommandModule } from 'yargs';

export interface CommandDescriptor<A> {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  /** `() => import('./handlers/<name>.ts')`: loaded when the command runs, never before. */
  load: () => Promise<{ run: (args: A) => Promise<void> }>;
}

export function lazyCommand<A>(d: CommandDescriptor<A>): CommandModule<object, A> {
  return {
    command: d.command,
    describe: d.describe,
    builder: d.builder as CommandModule<object, A>['builder'],
    handler: async (args) => (await d.load()).run(args as A),
  };
}
