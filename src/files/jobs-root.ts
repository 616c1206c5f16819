/**
 * The only way regenerate and prune touch files: every path is relative to the jobs root, checked
 * segment by segment, and walked with lstat so that no symbolic link inside the root is ever
 * followed. Writes go to a temporary name in the real target directory and are renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, realpath, rename, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../util/hash.ts';

/** A file written beside its target under a temporary name: renamed into place, or removed. */
export interface StagedFile {
  rel: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  publish(): Promise<void>;
  discard(): Promise<void>;
}

/** A path that would leave the jobs root, pass through a link, or land on something that is not a file. */
export class UnsafePathError extends Error {}

/** The segments of a jobs-root-relative path, or an error saying why it is not one. Pure. */
export function relativeSegments(rel: string): string[] {
  if (
    rel === '' ||
    rel.startsWith('/') ||
    /^[A-Za-z]:/.test(rel) ||
    rel.includes('\\') ||
    rel.includes('\0')
  ) {
    throw new UnsafePathError(`path "${rel}" is not relative to the jobs root: refused`);
  }
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new UnsafePathError(`path "${rel}" has an empty, "." or ".." segment: refused`);
  }
  return segments;
}

/** A job id names one folder at the top of the jobs root. Pure. */
export function assertJobFolderName(jobId: string): void {
  if (relativeSegments(jobId).length !== 1)
    throw new UnsafePathError(`job id "${jobId}" is not a single folder name: refused`);
}

/** The path must lie in this job's folder (artifact paths are stored as "<job_id>/..."). Pure. */
export function assertInJob(jobId: string, rel: string): void {
  const segments = relativeSegments(rel);
  if (segments[0] !== jobId || segments.length < 2)
    throw new UnsafePathError(`path "${rel}" is not inside job folder ${jobId}: refused`);
}

export class JobsRoot {
  private constructor(readonly dir: string) {}

  /** The root itself is resolved once (it may legitimately be reached through a link, e.g. /tmp). */
  static async open(dir: string): Promise<JobsRoot> {
    const real = await realpath(dir).catch(() => {
      throw new UnsafePathError(`jobs root ${dir} does not exist`);
    });
    if (!(await lstat(real)).isDirectory()) throw new UnsafePathError(`jobs root ${dir} is not a directory`);
    return new JobsRoot(real);
  }

  /** Absolute path of `rel`, after checking that no existing segment below the root is a link. */
  async resolve(rel: string): Promise<string> {
    const segments = relativeSegments(rel);
    let at = this.dir;
    for (const segment of segments) {
      at = path.join(at, segment);
      const info = await lstat(at).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (info === null) break;
      if (info.isSymbolicLink())
        throw new UnsafePathError(`${rel}: "${path.relative(this.dir, at)}" is a symbolic link: refused`);
    }
    return path.join(this.dir, ...segments);
  }

  /** The bytes of a regular file, or null when it does not exist. */
  async read(rel: string, maxBytes = 64 * 1024 * 1024): Promise<Buffer | null> {
    const abs = await this.resolve(rel);
    const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      },
    );
    if (!handle) return null;
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new UnsafePathError(`${rel} is not a regular file: refused`);
      if (info.size > maxBytes)
        throw new UnsafePathError(`${rel} is ${info.size} bytes, over the ${maxBytes}-byte cap: not read`);
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /** Size and mtime of a regular file, or null when it is absent (a link or a folder is refused). */
  async statFile(rel: string): Promise<{ size: number; mtimeMs: number } | null> {
    const abs = await this.resolve(rel);
    const info = await lstat(abs).catch(() => null);
    if (!info) return null;
    if (!info.isFile()) throw new UnsafePathError(`${rel} is not a regular file: refused`);
    return { size: info.size, mtimeMs: info.mtimeMs };
  }

  /**
   * Write `bytes` at `rel`: to a fresh temporary file (O_EXCL, so never through a planted link) in the
   * target's real directory, flushed, then renamed over the target. The directory must exist.
   */
  async writeAtomic(
    rel: string,
    bytes: Uint8Array,
  ): Promise<{ size: number; mtimeMs: number; sha256: string }> {
    const staged = await this.stage(rel, bytes);
    await staged.publish();
    return staged;
  }

  /**
   * The first half of writeAtomic: the bytes in a flushed temporary file beside the target, whose
   * size and mtime (kept by the rename) can be recorded before the file is published or discarded.
   */
  async stage(rel: string, bytes: Uint8Array): Promise<StagedFile> {
    const abs = await this.resolve(rel);
    const dir = path.dirname(abs);
    const dirInfo = await lstat(dir).catch(() => null);
    if (!dirInfo?.isDirectory())
      throw new UnsafePathError(`${rel}: folder ${path.relative(this.dir, dir)} does not exist`);
    const existing = await lstat(abs).catch(() => null);
    if (existing && !existing.isFile())
      throw new UnsafePathError(`${rel} exists and is not a regular file: refused`);
    const temp = path.join(
      dir,
      `.${path.basename(abs)}.jobmig-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
    );
    const handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o644,
    );
    try {
      await handle.writeFile(bytes);
      await handle.sync();
      const info = await handle.stat();
      await handle.close();
      const discard = () => unlink(temp).catch(() => undefined);
      const publish = async () => {
        try {
          await rename(temp, abs);
        } catch (err) {
          await discard();
          throw err;
        }
      };
      return { rel, size: info.size, mtimeMs: info.mtimeMs, sha256: sha256Hex(bytes), publish, discard };
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Move the regular file `rel` to the same relative path under `destination` (outside the jobs root),
   * never overwriting what is there. Returns false when the file is already gone.
   */
  async moveOut(rel: string, destination: string): Promise<boolean> {
    const abs = await this.resolve(rel);
    const info = await lstat(abs).catch(() => null);
    if (!info) return false;
    if (!info.isFile()) throw new UnsafePathError(`${rel} is not a regular file: not moved`);
    const target = path.join(destination, ...relativeSegments(rel));
    await mkdir(path.dirname(target), { recursive: true });
    if (await lstat(target).catch(() => null))
      throw new UnsafePathError(`${target} already exists: ${rel} not moved`);
    try {
      await rename(abs, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(abs, target, constants.COPYFILE_EXCL);
      await unlink(abs);
    }
    return true;
  }

  /** Put back a file moveOut moved (undo when the database refused the prune). */
  async moveBack(rel: string, destination: string): Promise<void> {
    const abs = await this.resolve(rel);
    const source = path.join(destination, ...relativeSegments(rel));
    try {
      await rename(source, abs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(source, abs, constants.COPYFILE_EXCL);
      await unlink(source);
    }
  }

  /** Remove a folder if it is empty (a pruned round's folder, so an import does not see the round again). */
  async removeEmptyDir(rel: string): Promise<void> {
    const abs = await this.resolve(rel);
    await rmdir(abs).catch(() => undefined);
  }

  /** A destination for moved files must not be inside the jobs root (the import would see it as a job). */
  async assertOutside(destination: string): Promise<string> {
    await mkdir(destination, { recursive: true });
    const real = await realpath(destination);
    const inside = path.relative(this.dir, real);
    if (inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside))) {
      throw new UnsafePathError(
        `${destination} is inside the jobs root ${this.dir}: choose a folder outside it`,
      );
    }
    const around = path.relative(real, this.dir);
    if (!around.startsWith('..') && !path.isAbsolute(around)) {
      throw new UnsafePathError(
        `${destination} contains the jobs root ${this.dir}: choose a folder beside it`,
      );
    }
    return real;
  }
}
