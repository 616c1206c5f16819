/**
 * Query presets: one .sql file each in presets/, the file name is the preset name and the first line
 * (`-- <description>`) its help text. Listing the folder is the registry, so a preset is added by
 * adding a file. Contract for every preset: $1::text = job id filter, $2::text = kind filter (NULL =
 * all), and an ORDER BY that is total. A preset that reads one snapshot per job also takes $3::text, the
 * --snapshot choice (current, final or correction); only those are given a third parameter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { CommandError } from '../util/errors.ts';

export interface Preset {
  name: string;
  description: string;
  sql: string;
  /** Whether it takes $3, the --snapshot choice. */
  snapshotChoice: boolean;
}

/** --snapshot: the job's current snapshot (the correction when there is one), or the one named. */
export const SNAPSHOT_CHOICES = ['current', 'final', 'correction'] as const;
export type SnapshotChoice = (typeof SNAPSHOT_CHOICES)[number];

export const PRESETS_DIR = new URL('./presets/', import.meta.url);

// Names reach the file system, so only plain names are looked up: no separators, no dots.
const PRESET_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** No preset of that name: exit 2. */
export class UnknownPresetError extends CommandError {}

export function listPresets(dir: URL = PRESETS_DIR): Preset[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql') && PRESET_NAME.test(file.slice(0, -4)))
    .sort()
    .map((file) => parsePreset(file.slice(0, -4), readFileSync(new URL(file, dir), 'utf8')));
}

export function loadPreset(name: string, dir: URL = PRESETS_DIR): Preset {
  const preset = PRESET_NAME.test(name) ? listPresets(dir).find((p) => p.name === name) : undefined;
  if (!preset) {
    const known = listPresets(dir)
      .map((p) => p.name)
      .join(', ');
    throw new UnknownPresetError(`unknown preset "${name}" (presets: ${known})`);
  }
  return preset;
}

/** Pure: the description from the first line, and the statement without its trailing semicolon. */
export function parsePreset(name: string, text: string): Preset {
  const firstLine = text.split('\n', 1)[0] ?? '';
  const description = /^--\s*(.*)$/.exec(firstLine)?.[1]?.trim() ?? '';
  const sql = text.replace(/;\s*$/, '').trimEnd();
  return { name, description, sql, snapshotChoice: /\$3\b/.test(sql) };
}
