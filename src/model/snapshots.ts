/** The snapshot kinds, in the order the planner and the rules walk them: final, then correction. */
import type { SnapshotKind } from '../legacy/layout.ts';

export const SNAPSHOT_KINDS: readonly SnapshotKind[] = ['final', 'correction'];
