/** Small formatting helpers shared by the generator's modules. */

/** Seconds since the epoch as an ISO timestamp without milliseconds. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

export function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
