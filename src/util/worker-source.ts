/**
 * Starting a worker thread on a module of this package, compiled or not: from dist/ the worker imports
 * the JavaScript module directly; from src/ (tests, scripts: run through tsx) it registers tsx first,
 * since Node 20 does not pass the parent's `--import tsx` to worker threads.
 */

/** Source for `new Worker(source, { eval: true })` that imports `moduleUrl` in the worker. */
export function workerSource(moduleUrl: string): string {
  const load = `import(${JSON.stringify(moduleUrl)})`;
  if (!moduleUrl.endsWith('.ts')) return load;
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `import(${tsx}).then((tsx) => { tsx.register(); return ${load}; })`;
}

/** The URL of a sibling module, with the extension of the calling module's own file (.ts or .js). */
export function siblingModule(name: string, moduleUrl: string): string {
  const extension = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, moduleUrl).href;
}
