/**
 * A storage root with copies of its own tokens in every place issue 20 section 1 lists: substrings,
 * padded copies, a token as a JSON key, duplicate ids equal to a token, a profile named by a token, a
 * profile name and phone, job_record.json fields, a <token>.txt file in a job folder, and a final.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The fixtures' five plaintext tokens, in tokens.json order. */
export async function storeTokens(root: string): Promise<string[]> {
  const file = JSON.parse(await readFile(path.join(root, 'security/tokens.json'), 'utf8'));
  return file.tokens.map((e: { token?: string }) => e.token).filter(Boolean);
}

/** Every token, its random tail alone (a partial copy is a leak too), and both case-folded. */
export function forbiddenTexts(tokens: readonly string[]): string[] {
  const whole = [...tokens, ...tokens.map((t) => t.slice(t.lastIndexOf('-') + 1))];
  return [...whole, ...whole.map((t) => t.toLowerCase()), ...whole.map((t) => t.toUpperCase())];
}

async function editJson(file: string, edit: (doc: any) => unknown): Promise<void> {
  const doc = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify(edit(doc) ?? doc, null, 2));
}

export const DANA_PROFILE = 'b00f6e4ed92f29568062f521eebb42832d0428defbf9b7201474625eba00d55b';
export const PRIYA_PROFILE = '59253f714ddce6d632d7ff9c32782240542a9d53c4a405d6c766b825c8e4ce14';
export const SNAPSHOT_JOB = 'job_4a1f0c2b9e01';

/** Plant copies of the tokens everywhere; `snapshot` false leaves the archived finals alone. */
export async function plantTokens(root: string, options: { snapshot: boolean; ids: boolean }) {
  const [t1, t2, t3, t4, t5] = (await storeTokens(root)) as [string, string, string, string, string];
  const at = (rel: string) => path.join(root, rel);
  await editJson(at('security/tokens.json'), (d) => void (d.tokens[0].note = `rotate ${t1}`));
  await editJson(at('security/devices.json'), (d) => {
    const [dana, marcus] = d.devices;
    dana.device_name = `Bearer ${t1}`;
    dana.profile_summary = { ...dana.profile_summary, note: `token=${t2}`, [t4]: 'key' };
    marcus.app_version = `${t3}\n`;
    // Wrong types under token keys: their issues' pointers hold the key.
    dana[t5] = { nested: true };
    if (options.ids) d.devices.push({ device_id: t3, status: 'pending' }, { device_id: t3 });
  });
  if (options.ids) {
    await editJson(at('security/job_assignments.json'), (d) => {
      d.assignments.push({ job_id: t4, device_id: 'dev-dana-ipad' }, { job_id: t4, device_id: 'x' });
    });
    await writeFile(at(`profiles/${t2}.json`), JSON.stringify({ name: 'Stray' }));
  }
  await editJson(at(`profiles/${DANA_PROFILE}.json`), (p) => void (p.phone = ` ${t2} `));
  await editJson(at(`profiles/${PRIYA_PROFILE}.json`), (p) => void (p.name = t5));
  const job = `jobs/${SNAPSHOT_JOB}`;
  await editJson(at(`${job}/job_record.json`), (r) => {
    r.job_phone = t1;
    r.location_notes = `auth ${t2}`;
  });
  await editJson(at(`${job}/processed_artifacts.json`), (p) => void (p[t3] = 'not a list'));
  await writeFile(at(`jobs/job_f0a1b2c3d4e5/${t4}.txt`), 'stray note\n');
  if (options.snapshot) {
    await editJson(at(`${job}/final.json`), (f) => void (f.pasted = { [`k${t1}`]: `Bearer ${t1}` }));
  }
  return { t1, t2, t3, t4, t5 };
}
