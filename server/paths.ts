import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder, found from this file whether it runs compiled (dist/server) or from source. */
export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'sessions-template'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Switchboard's project folder was not found above ${start}`);
  }
}
