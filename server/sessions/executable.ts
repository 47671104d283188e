import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The absolute path `bin` runs as (PATH lookup for a bare name), or null when it is not executable. */
export async function findExecutable(bin: string, pathVar: string | undefined): Promise<string | null> {
  const candidates = bin.includes('/')
    ? [isAbsolute(bin) ? bin : resolve(bin)]
    : (pathVar ?? '')
        .split(delimiter)
        .filter((dir) => dir.length > 0)
        .map((dir) => join(dir, bin));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}
