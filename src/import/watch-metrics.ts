/**
 * Prometheus metrics for `import --watch --metrics-port N` (prom-client), served on 127.0.0.1 only: what
 * each pass did (observe), open findings by severity read from the database at each scrape, and the
 * standard process metrics. The names are declared once here; docs/watch-service.md lists what to alert on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { countFindings, FINDING_SEVERITIES } from '../findings/store.ts';
import type { PassReport } from './watch.ts';

export interface WatchMetrics {
  /** http://127.0.0.1:<port>/metrics */
  url: string;
  observe(pass: PassReport): void;
  close(): Promise<void>;
}

const CHANGES = { new: 'jobsAdded', changed: 'jobsChanged', gone: 'jobsGone' } as const;

function declare(registry: Registry, pool: pg.Pool, started: number) {
  const registers = [registry];
  let lastSuccess: number | null = null;
  const metrics = {
    passes: new Counter({
      name: 'jobmig_watch_passes_total',
      help: 'Watch passes ended, by outcome (completed, stopped, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    duration: new Gauge({
      name: 'jobmig_watch_last_pass_duration_seconds',
      help: 'How long the last pass took',
      registers,
    }),
    folders: new Gauge({
      name: 'jobmig_watch_last_pass_folders',
      help: 'Job folders the last pass found new, changed and gone from disk',
      labelNames: ['change'],
      registers,
    }),
    foldersTotal: new Counter({
      name: 'jobmig_watch_folders_total',
      help: 'Job folders found new, changed and gone, summed over passes',
      labelNames: ['change'],
      registers,
    }),
    issues: new Gauge({
      name: 'jobmig_watch_last_pass_import_issues',
      help: 'Import issues (unreadable or invalid files) the last pass recorded',
      registers,
    }),
    issuesTotal: new Counter({
      name: 'jobmig_watch_import_issues_total',
      help: 'Import issues recorded, summed over passes',
      registers,
    }),
  };
  new Gauge({
    name: 'jobmig_watch_seconds_since_last_success',
    help: 'Seconds since the last completed pass ended (since the watch started, before the first)',
    registers,
    collect() {
      this.set((Date.now() - (lastSuccess ?? started)) / 1000);
    },
  });
  new Gauge({
    name: 'jobmig_open_findings',
    help: 'Open reconciliation findings by severity, read at each scrape',
    labelNames: ['severity'],
    registers,
    async collect() {
      const counts = await countFindings(pool, { status: 'open' });
      for (const severity of FINDING_SEVERITIES) {
        const n = counts.filter((c) => c.severity === severity).reduce((sum, c) => sum + c.count, 0);
        this.set({ severity }, n);
      }
    },
  });
  // Every series from zero, so a rate or an increase is defined from the first scrape.
  for (const outcome of ['completed', 'stopped', 'failed']) metrics.passes.inc({ outcome }, 0);
  for (const change of Object.keys(CHANGES)) metrics.foldersTotal.inc({ change }, 0);
  return { metrics, succeeded: () => void (lastSuccess = Date.now()) };
}

/** Starts the metrics server on 127.0.0.1:port (0: any free port). */
export async function serveWatchMetrics(pool: pg.Pool, port: number): Promise<WatchMetrics> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { metrics, succeeded } = declare(registry, pool, Date.now());
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject).listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    observe(pass) {
      const outcome = pass.error ? 'failed' : pass.status;
      metrics.passes.inc({ outcome });
      metrics.duration.set(pass.elapsedMs / 1000);
      if (outcome === 'completed') succeeded();
      if (pass.error) return;
      for (const [change, field] of Object.entries(CHANGES)) {
        metrics.folders.set({ change }, pass[field]);
        metrics.foldersTotal.inc({ change }, pass[field]);
      }
      metrics.issues.set(pass.importIssues);
      metrics.issuesTotal.inc(pass.importIssues);
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a scraper's keep-alive connection must not hold the exit
      }),
  };
}
