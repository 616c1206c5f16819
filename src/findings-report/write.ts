/** Choosing the report format from the file name, and writing the file so no reader sees half of it. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const REPORT_FORMATS = ['html', 'csv', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The format named by the file's extension (case ignored), or a clear error naming the file. */
export function reportFormatOf(file: string): ReportFormat {
  const ext = path.extname(file).slice(1).toLowerCase();
  const format = REPORT_FORMATS.find((f) => f === ext);
  if (!format) {
    throw new Error(
      `report file ${file} must end in ${REPORT_FORMATS.map((f) => `.${f}`).join(', ')}` +
        ' (the extension chooses the format)',
    );
  }
  return format;
}

/**
 * Write to a temporary name beside the file, then rename it into place: the old report or the whole new one.
 */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    const reason =
      e.code === 'ENOENT' ? `folder ${path.dirname(target)} does not exist` : (e.message ?? String(err));
    throw new Error(`cannot write report ${file}: ${reason}`, { cause: err });
  }
}
