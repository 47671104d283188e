import {
  forgetLogin,
  loginStart,
  rememberLogin,
  withoutLoginCode,
  type KeyValueStore,
} from '../state/login.js';
import { describeError, logIn, type FetchLike } from './hub-api.js';

/** The page has a login (its credential), or needs one: `problem` says why the last try failed. */
export type LoginOutcome = { credential: string } | { problem: string | null };

export type LoginPlace = {
  /** `location.href` */
  href: string;
  /** Replaces the address bar's URL without a reload (history.replaceState). */
  replaceUrl(url: string): void;
  storage: KeyValueStore | null;
  fetchFn?: FetchLike;
};

/**
 * Where the page's login comes from as it opens: a login link's code (spent now, and taken out of
 * the address bar), else the login this browser kept. A spent or expired link with a login kept
 * from before simply goes on with that one.
 */
export async function resumeLogin(place: LoginPlace): Promise<LoginOutcome> {
  const start = loginStart(new URL(place.href).search, place.storage);
  if (start.kind === 'none') return { problem: null };
  if (start.kind === 'stored') return { credential: start.credential };
  place.replaceUrl(withoutLoginCode(place.href));
  try {
    const credential = await logIn({ code: start.code }, place.fetchFn);
    rememberLogin(place.storage, credential);
    return { credential };
  } catch (error) {
    const kept = loginStart('', place.storage);
    return kept.kind === 'stored' ? { credential: kept.credential } : { problem: describeError(error) };
  }
}

/** The person pasted the hub token: the page makes a login with it and keeps only the login. */
export async function logInWithToken(
  token: string,
  place: Pick<LoginPlace, 'storage' | 'fetchFn'>,
): Promise<LoginOutcome> {
  try {
    const credential = await logIn({ token }, place.fetchFn);
    rememberLogin(place.storage, credential);
    return { credential };
  } catch (error) {
    return { problem: describeError(error) };
  }
}

/** The hub refused the kept login (revoked, or another hub's): forget it; the page asks again. */
export function dropLogin(storage: KeyValueStore | null): void {
  forgetLogin(storage);
}

/** The browser's own place: the address bar, its history, localStorage. */
export function browserPlace(storage: KeyValueStore | null): LoginPlace {
  return {
    href: location.href,
    replaceUrl: (url) => history.replaceState(history.state, '', url),
    storage,
  };
}
