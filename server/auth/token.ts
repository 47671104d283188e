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

/** The token from `Authorization: Bearer …`, if the request carries one. */
export function bearerToken(headers: Record<string, unknown>): string | undefined {
  const header = headers['authorization'];
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * `?token=` from a URL. Browsers cannot set headers on a WebSocket, so the credential may ride
 * in the query there, and only there: a token in the URL of a plain request ends up in
 * histories, proxies' logs and Referer headers (server/auth/credentials.ts refuses it).
 */
export function queryToken(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  return new URLSearchParams(url.slice(query + 1)).get('token') || undefined;
}
