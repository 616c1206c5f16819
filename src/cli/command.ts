/**
 * How a command joins the CLI. A command is two files: `src/cli/<name>.ts` declares it with
 * defineCommand (name, help text, positionals, options, cross-option check; imports nothing heavy) and
 * exports `<Name>Args`, the argument type inferred from those declarations; `src/cli/handlers/<name>.ts`
 * exports `run(args: <Name>Args)`. commands.ts joins the two with lazyCommand, which imports the
 * handler only when the command runs, and where the compiler checks that `run` takes what the options
 * give: an option renamed, retyped or removed is a compile error in the handler that reads it.
 */
import type { Argv, CommandModule, InferredOptionTypes, Options, PositionalOptions } from 'yargs';

type Positionals = Record<string, PositionalOptions>;
type OptionSet = Record<string, Options>;

/** The arguments a handler receives: one property per positional and option, typed by yargs' rules. */
export type ArgsFrom<P extends Positionals, O extends OptionSet> = InferredOptionTypes<P> &
  InferredOptionTypes<O>;

export interface CommandDeclaration<P extends Positionals, O extends OptionSet> {
  /** yargs' command string: the name, then `<required>` and `[optional]` positionals in order. */
  command: string;
  describe: string;
  /** One entry per positional of `command`, in the same order. */
  positionals: P;
  options: O;
  /** Rules across options: throw an Error whose message is the one line the user sees. */
  check?: (args: ArgsFrom<P, O>) => void;
  /** Text after the options in `--help` (computed when the help is built). */
  epilogue?: () => string;
}

/** The argument type of a declared command. */
export type ArgsOf<D> = D extends CommandDeclaration<infer P, infer O> ? ArgsFrom<P, O> : never;

/**
 * Declare a command. The `const` type parameters keep literal types (`'string'`, choices as tuples),
 * so the inferred arguments are as narrow as the declarations.
 */
export function defineCommand<const P extends Positionals, const O extends OptionSet>(
  declaration: CommandDeclaration<P, O>,
): CommandDeclaration<P, O> {
  return declaration;
}

/** What the registry holds: every command alike, whatever its arguments. */
export type RegisteredCommand = CommandModule<object, object>;

/** A declared command with its handler module, imported only when the command runs. */
export function lazyCommand<P extends Positionals, O extends OptionSet>(
  declaration: CommandDeclaration<P, O>,
  load: () => Promise<{ run: (args: ArgsFrom<P, O>) => Promise<void> }>,
): RegisteredCommand {
  return {
    command: declaration.command,
    describe: declaration.describe,
    builder: (y: Argv<object>) => buildArguments(y, declaration),
    // yargs parsed exactly the declared positionals and options (strict mode), so this is their type.
    handler: async (args) => (await load()).run(args as ArgsFrom<P, O>),
  };
}

/** The yargs builder for a declaration: its positionals, options, check and epilogue. */
export function buildArguments<P extends Positionals, O extends OptionSet>(
  y: Argv<object>,
  declaration: CommandDeclaration<P, O>,
): Argv<object> {
  for (const [name, positional] of Object.entries(declaration.positionals)) y.positional(name, positional);
  y.options(declaration.options);
  const { check, epilogue } = declaration;
  if (check)
    y.check((args) => {
      check(args as ArgsFrom<P, O>);
      return true;
    });
  if (epilogue) y.epilogue(epilogue());
  return y;
}
