/**
 * Waiting for a state instead of sleeping a fixed time: a fixed sleep is either too short on a loaded
 * machine (a flaky failure) or wasted time everywhere else.
 */

/**
 * Calls `probe` every `everyMs` until it returns something other than undefined or false, and returns
 * that; throws, naming `what`, once `timeoutMs` has passed without it.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 30_000, everyMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
