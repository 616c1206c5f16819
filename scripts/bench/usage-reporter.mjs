/**
 * Loaded with `node --import` by the benchmark: as the process exits, prints its peak RSS (all its
 * threads) and CPU seconds as one line on stderr, for scripts/bench/installed.ts to pick up.
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  const usage = { peakRssMb: u.maxRSS / 1024, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 };
  process.stderr.write(`jobmig-bench-usage ${JSON.stringify(usage)}\n`);
});
