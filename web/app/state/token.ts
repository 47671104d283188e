/**
 * Where the page's hub token comes from: the page itself on loopback (the hub writes it into a
 * meta tag), else what this browser remembered, else the person types it once (sb-token-form).
 */
export const TOKEN_STORAGE_KEY = 'switchboard-token';
/** The meta tag's content when the hub did not replace it (Vite's dev server, a saved copy). */
export const TOKEN_PLACEHOLDER = '__SWITCHBOARD_TOKEN__';

/** localStorage, reduced to what is used; every call may throw (Safari private mode, quotas). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type TokenSource = 'page' | 'storage';
export type ResolvedToken = { token: string; source: TokenSource } | null;

export function resolveToken(
  metaContent: string | null | undefined,
  storage: KeyValueStore | null,
): ResolvedToken {
  const fromPage = (metaContent ?? '').trim();
  if (fromPage !== '' && fromPage !== TOKEN_PLACEHOLDER) return { token: fromPage, source: 'page' };
  const stored = safely(() => storage?.getItem(TOKEN_STORAGE_KEY) ?? null, null)?.trim() ?? '';
  return stored === '' ? null : { token: stored, source: 'storage' };
}

export function rememberToken(storage: KeyValueStore | null, token: string): void {
  safely(() => storage?.setItem(TOKEN_STORAGE_KEY, token.trim()), undefined);
}

/** The hub refused the token: forget it so the page asks again. */
export function forgetToken(storage: KeyValueStore | null): void {
  safely(() => storage?.removeItem(TOKEN_STORAGE_KEY), undefined);
}

function safely<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}
