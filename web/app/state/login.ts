/**
 * The page's login. The page never holds the hub token: it holds a login of its own, which the
 * hub makes when the page presents a single-use login code (the link `npm start` and
 * `switchboard open` print: `/?login=<code>`) or, once, the token the person pastes. The login
 * lives in this origin's localStorage, not in a cookie: browsers share cookies between every
 * port of 127.0.0.1, so any other local user's server on this machine would receive a cookie,
 * while localStorage belongs to this scheme, host and port alone.
 */
export const LOGIN_STORAGE_KEY = 'switchboard-login';
/** Where versions before logins kept the hub token itself: removed wherever it is found. */
export const OLD_TOKEN_STORAGE_KEY = 'switchboard-token';
/** The query parameter of a login link. */
export const LOGIN_PARAM = 'login';

/** localStorage, reduced to what is used; every call may throw (Safari private mode, quotas). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the page starts from: a login link's code to spend, a login kept from before, or nothing. */
export type LoginStart =
  { kind: 'code'; code: string } | { kind: 'stored'; credential: string } | { kind: 'none' };

export function loginStart(search: string, storage: KeyValueStore | null): LoginStart {
  safely(() => storage?.removeItem(OLD_TOKEN_STORAGE_KEY), undefined);
  const code = new URLSearchParams(search).get(LOGIN_PARAM)?.trim() ?? '';
  if (code !== '') return { kind: 'code', code };
  const stored = safely(() => storage?.getItem(LOGIN_STORAGE_KEY) ?? null, null)?.trim() ?? '';
  return stored === '' ? { kind: 'none' } : { kind: 'stored', credential: stored };
}

/** The page's URL without the spent login code (kept out of history, bookmarks and shares). */
export function withoutLoginCode(href: string): string {
  const url = new URL(href);
  url.searchParams.delete(LOGIN_PARAM);
  return `${url.pathname}${url.search}${url.hash}`;
}

export function rememberLogin(storage: KeyValueStore | null, credential: string): void {
  safely(() => storage?.setItem(LOGIN_STORAGE_KEY, credential), undefined);
}

/** The hub refused the login (revoked): forget it so the page asks again. */
export function forgetLogin(storage: KeyValueStore | null): void {
  safely(() => storage?.removeItem(LOGIN_STORAGE_KEY), undefined);
}

function safely<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}
