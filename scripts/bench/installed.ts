/**
 * The benchmark runs what users run: the project packed (`npm pack`, which builds dist/) and installed
 * into a scratch folder, its `jobmig` started as a process per measurement. Peak RSS and CPU come from
 * the process itself (usage-reporter.mjs, loaded with --import, prints them as it exits).
 */
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PROJECT = new URL('../../', import.meta.url).pathname;
const REPORTER = new URL('./usage-reporter.mjs', import.meta.url).pathname;
const USAGE_MARK = 'jobmig-bench-usage ';

export interface Usage {
  peakRssMb: number;
  cpuSeconds: number;
}

/** Packs the project and installs the tarball into `dir`; returns the installed bin script. */
export function installPacked(dir: string): string {
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: PROJECT, stdio: 'ignore' });
  const tarball = readdirSync(dir).find((f) => /^jobmig-.*\.tgz$/.test(f))!;
  writeFileSync(path.join(dir, 'package.json'), '{"name": "bench-install", "private": true}\n');
  execFileSync('npm', ['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: 'ignore',
  });
  return path.join(dir, 'node_modules', 'jobmig', 'bin', 'jobmig.mjs');
}

/** One `jobmig` process: its stdout, wall time, and (with `usage`) peak RSS and CPU seconds. */
export async function jobmigProcess(
  bin: string,
  args: string[],
  options: { nodeFlags?: string[]; usage?: boolean } = {},
): Promise<{ stdout: string; seconds: number; usage: Usage | null }> {
  const flags = [...(options.nodeFlags ?? []), ...(options.usage ? ['--import', REPORTER] : [])];
  const t0 = performance.now();
  const { stdout, stderr } = await run(process.execPath, [...flags, bin, ...args], {
    maxBuffer: 1 << 26,
    env: { ...process.env, DATABASE_URL: '' },
  });
  const seconds = (performance.now() - t0) / 1000;
  const line = stderr.split('\n').find((l) => l.startsWith(USAGE_MARK));
  return { stdout, seconds, usage: line ? JSON.parse(line.slice(USAGE_MARK.length)) : null };
}

/** Median wall time of `runs` runs of a command (`node -e 0` when `args` is null). */
export async function medianSeconds(bin: string, args: string[] | null, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run(process.execPath, args ? [bin, ...args] : ['-e', '0']);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** `node -e 0` and `jobmig --help`, interleaved so both see the same machine load. */
export async function startupTimes(bin: string, rounds: number): Promise<{ node: number; help: number }> {
  const node: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < rounds; i++) {
    node.push(await medianSeconds(bin, null, 1));
    help.push(await medianSeconds(bin, ['--help'], 1));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { node: median(node), help: median(help) };
}
