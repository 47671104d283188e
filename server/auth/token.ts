import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TOKEN_FILE_NAME = 'token';

/** A fresh URL-safe secret (256 bits). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Returns the hub's token: the fixed one from the environment, or the one stored in the data
 * dir, generating it (mode 0600) on first run.
 */
export async function loadOrCreateToken(
  dataDir: string,
  fixed: string | undefined,
): Promise<{ token: string; path: string | null }> {
  if (fixed !== undefined) return { token: fixed, path: null };
  const path = join(dataDir, TOKEN_FILE_NAME);
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored.length >= 16) {
      await chmod(path, 0o600);
      return { token: stored, path };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = generateToken();
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { token, path };
}

/** Constant-time comparison: hashing first makes the compare independent of the lengths too. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …`, or from `?token=` (browsers cannot set WebSocket headers). */
export function tokenFromRequest(headers: Record<string, unknown>, url: string): string | undefined {
  const header = headers['authorization'];
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] !== undefined) return match[1];
  }
  const query = url.indexOf('?');
  if (query >= 0) {
    const value = new URLSearchParams(url.slice(query + 1)).get('token');
    if (value) return value;
  }
  return undefined;
}
