/**
 * A problem with one legacy file: it becomes an `import_issues` row, never an exception.
 * `path` is relative to the jobs root (POSIX separators); `pointer` is an RFC 6901 JSON pointer
 * into the file ("" for the whole file).
 */
export interface FileIssue {
  path: string;
  pointer: string;
  message: string;
}

/** JSON pointer for a zod / property path, e.g. ["form", "data", 3] -> "/form/data/3". */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
