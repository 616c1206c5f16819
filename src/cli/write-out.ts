/**
 * Write to stdout and wait for it to drain when its buffer is full, so streamed output stays bounded in
 * memory.
 */
export function writeOut(text: string): Promise<void> | void {
  if (text === '' || process.stdout.write(text)) return;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}
