import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerToken, loadOrCreateToken, queryToken, tokensEqual } from '../../../server/auth/token.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the hub token', () => {
  it('is generated once into the data dir with mode 0600, then reused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-token-'));
    dirs.push(dir);
    const first = await loadOrCreateToken(join(dir, 'data'), undefined);
    expect(first.token.length).toBeGreaterThanOrEqual(40);
    expect(statSync(first.path as string).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path as string, 'utf8').trim()).toBe(first.token);
    expect((await loadOrCreateToken(join(dir, 'data'), undefined)).token).toBe(first.token);
  });
  it('uses SWITCHBOARD_TOKEN when set and writes nothing', async () => {
    expect(await loadOrCreateToken('/nonexistent', 'fixed-token-123456')).toEqual({
      token: 'fixed-token-123456',
      path: null,
    });
  });
  it('compares tokens of any length', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
  });
  it('reads the bearer header, and the query (which only upgrades may use) apart', () => {
    expect(bearerToken({ authorization: 'Bearer xyz' })).toBe('xyz');
    expect(bearerToken({ authorization: 'Basic xyz' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
    expect(queryToken('/ws?token=q%20r')).toBe('q r');
    expect(queryToken('/ws?token=')).toBeUndefined();
    expect(queryToken('/ws')).toBeUndefined();
  });
});
