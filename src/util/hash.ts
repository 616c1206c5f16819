/** The one hash function: sha256 as lowercase hex, for file contents, row hashes and fingerprints. */
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
