/**
 * A progress bar on stderr for long commands (cli-progress, as import has), drawn only when stderr is
 * a terminal: piped or logged output never gets the cursor codes. Started on the first report, so a
 * command that finishes at once draws nothing.
 */
import cliProgress from 'cli-progress';
import type { OnProgress } from '../util/terminal.ts';

export interface ProgressBar {
  update: OnProgress;
  stop(): void;
}

/** E.g. progressBar('verifying', 'job folders'): "verifying [bar] 120/20000 job folders". */
export function progressBar(
  verb: string,
  units: string,
  enabled = process.stderr.isTTY === true,
): ProgressBar {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${verb} [{bar}] {value}/{total} ${units}` },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
