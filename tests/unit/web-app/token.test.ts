import { describe, expect, it } from 'vitest';
import {
  TOKEN_PLACEHOLDER,
  TOKEN_STORAGE_KEY,
  forgetToken,
  rememberToken,
  resolveToken,
  type KeyValueStore,
} from '../../../web/app/state/token.js';

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

const broken: KeyValueStore = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

describe('where the token comes from', () => {
  it('prefers the token the hub put into the page (loopback)', () => {
    const store = new MemoryStore();
    store.setItem(TOKEN_STORAGE_KEY, 'remembered');
    expect(resolveToken('from-page', store)).toEqual({ token: 'from-page', source: 'page' });
  });

  it('falls back to the remembered one when the page has none, or the placeholder was not replaced', () => {
    const store = new MemoryStore();
    rememberToken(store, '  remembered \n');
    expect(resolveToken('', store)).toEqual({ token: 'remembered', source: 'storage' });
    expect(resolveToken(TOKEN_PLACEHOLDER, store)).toEqual({ token: 'remembered', source: 'storage' });
  });

  it('asks (null) when there is none, or after a refused token was forgotten', () => {
    const store = new MemoryStore();
    expect(resolveToken(undefined, store)).toBeNull();
    rememberToken(store, 'wrong');
    forgetToken(store);
    expect(resolveToken('', store)).toBeNull();
  });

  it('survives a storage that throws (private browsing)', () => {
    expect(resolveToken('', broken)).toBeNull();
    expect(() => rememberToken(broken, 'x')).not.toThrow();
    expect(() => forgetToken(broken)).not.toThrow();
    expect(resolveToken('', null)).toBeNull();
  });
});
