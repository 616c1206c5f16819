import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Node arguments that run the CLI from its TypeScript sources (through tsx), so the tests need no
 * build; test/process/package.test.ts runs the compiled, packed CLI. Compiled by npm run test:unit,
 * this module is .js and runs the compiled sources beside it instead, without tsx.
 */
export const CLI = import.meta.url.endsWith('.js')
  ? [new URL('../../src/cli/main.js', import.meta.url).pathname]
  : ['--import', 'tsx', new URL('../../src/cli/main.ts', import.meta.url).pathname];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI (from source) with `...args` with DATABASE_URL cleared; never throws on a non-zero exit. */
export async function jobmig(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
