import { mkdir, readFile, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../errors.js';

/** Hub-made session folders live here; only these get their trust dialog answered by the hub. */
export function workspacesDir(dataDir: string): string {
  return join(dataDir, 'workspaces');
}

/**
 * A folder the user chose: it must already exist and be a directory. The hub writes nothing into it.
 * `~` and `~/…` mean the hub user's home, as in a shell (the hub runs as the person, on their
 * machine); `~other` is refused rather than looked up, since the hub never acts as another user.
 */
export async function resolveUserFolder(requested: string, home: string = homedir()): Promise<string> {
  const issue = (message: string) =>
    new AppError('validation_failed', `cwd ${message}`, { issues: [{ path: 'cwd', message }] });
  if (/^~[^/]/.test(requested)) {
    throw issue(`"${requested}": only ~ and ~/… (your own home) are expanded, not another user's`);
  }
  const cwd = requested === '~' || requested.startsWith('~/') ? join(home, requested.slice(1)) : requested;
  if (!isAbsolute(cwd)) throw issue(`must be an absolute path or start with ~/ (got "${requested}")`);
  let resolved: string;
  try {
    resolved = await realpath(cwd);
  } catch {
    throw issue(`does not exist: "${requested}"`);
  }
  const info = await stat(resolved);
  if (!info.isDirectory()) throw issue(`is not a directory: "${requested}"`);
  return resolved;
}

/**
 * Makes (or reuses) `<data>/workspaces/<name>` from `sessions-template/workspace/`. Files already
 * there are kept: a folder outlives its sessions, so the person's work in it is never overwritten.
 */
export async function makeOwnedFolder(dataDir: string, name: string, templateDir: string): Promise<string> {
  const folder = join(workspacesDir(dataDir), name);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await copyTemplate(join(templateDir, 'workspace'), folder);
  return realpath(folder);
}

/**
 * Copies what the folder lacks from the template, as the data dir's other files: 0600 files in
 * 0700 folders (a copy would keep the modes a checkout gave the template, 0644 or 0664).
 */
async function copyTemplate(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target, { recursive: true, mode: 0o700 });
      await copyTemplate(source, target);
    } else if (entry.isFile()) {
      await writeFile(target, await readFile(source), { flag: 'wx', mode: 0o600 }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
    }
  }
}

/** Writes a file only the hub's user can read (it may hold a token). */
export async function writePrivateJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}
