/**
 * The custom settings (`jobmig.*`) that SQL files and triggers read with current_setting: each one's
 * name, scope, meaning and readers, declared once, and the one way the code sets them (applySettings).
 * test/db/session-settings.test.ts holds src/, scripts/ and schema/ to this list.
 */
import type pg from 'pg';

export interface SessionSetting<T> {
  readonly name: string;
  /** `transaction`: SET LOCAL, gone at commit; `session`: kept for the connection. */
  readonly scope: 'transaction' | 'session';
  readonly meaning: string;
  /** Files whose SQL reads it. */
  readonly readBy: readonly string[];
  readonly encode: (value: T) => string;
}

function setting<T>(s: SessionSetting<T>): SessionSetting<T> {
  return s;
}

export const SESSION_SETTINGS = {
  run_id: setting<number>({
    name: 'jobmig.run_id',
    scope: 'transaction',
    meaning:
      'the import run (import_runs.id) writing this transaction: first/last/gone run of rows and ' +
      'findings, run of events and issues; the run of a correction_replaced event (null outside imports)',
    readBy: [
      'src/import/sql/merge-batch.sql',
      'src/import/sql/merge-security.sql',
      'schema/003_write_model.sql',
    ],
    encode: String,
  }),
  full: setting<boolean>({
    name: 'jobmig.full',
    scope: 'session',
    meaning: 'on: --full, merge every job of each batch, not only those whose content hash changed',
    readBy: ['src/import/sql/merge-batch.sql'],
    encode: (on) => (on ? 'on' : 'off'),
  }),
  event_source: setting<'import' | 'correction set'>({
    name: 'jobmig.event_source',
    scope: 'transaction',
    meaning: "who writes: the source of the correction_replaced events the trigger appends (else 'sql')",
    readBy: ['schema/003_write_model.sql'],
    encode: String,
  }),
};

type Settings = typeof SESSION_SETTINGS;
export type SettingValues = {
  [K in keyof Settings]?: Settings[K] extends SessionSetting<infer T> ? T : never;
};

/** Set the given settings, each at its declared scope, in one round trip. */
export async function applySettings(client: pg.ClientBase, values: SettingValues): Promise<void> {
  const calls: string[] = [];
  const params: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const s = SESSION_SETTINGS[key as keyof Settings] as SessionSetting<typeof value>;
    params.push(s.encode(value));
    calls.push(`set_config('${s.name}', $${params.length}, ${s.scope === 'transaction'})`);
  }
  if (calls.length > 0) await client.query(`SELECT ${calls.join(', ')}`, params);
}
