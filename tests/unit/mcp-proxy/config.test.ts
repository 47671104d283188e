import { describe, expect, it } from 'vitest';
import { parseProxyConfig } from '../../../mcp-proxy/config.js';

const valid = {
  SWITCHBOARD_SESSION_ID: 'sess-1',
  SWITCHBOARD_HUB_URL: 'http://127.0.0.1:3460',
  SWITCHBOARD_SESSION_TOKEN: 'tok-very-secret',
};

describe('parseProxyConfig', () => {
  it('reads the three variables and defaults the give-up window to 30 s, the permission timeout to 120 s', () => {
    const result = parseProxyConfig({ ...valid, UNRELATED: 'x' });
    expect(result.ok && result.config).toEqual({
      sessionId: 'sess-1',
      hubUrl: new URL('http://127.0.0.1:3460'),
      token: 'tok-very-secret',
      giveUpMs: 30_000,
      permissionTimeoutMs: 120_000,
    });
  });

  it('takes SWITCHBOARD_PERMISSION_TIMEOUT_S in seconds', () => {
    const result = parseProxyConfig({ ...valid, SWITCHBOARD_PERMISSION_TIMEOUT_S: '45' });
    expect(result.ok && result.config.permissionTimeoutMs).toBe(45_000);
  });

  it('takes SWITCHBOARD_PROXY_GIVE_UP_S in seconds, and treats an empty value as unset', () => {
    const five = parseProxyConfig({ ...valid, SWITCHBOARD_PROXY_GIVE_UP_S: '2.5' });
    expect(five.ok && five.config.giveUpMs).toBe(2_500);
    const empty = parseProxyConfig({ ...valid, SWITCHBOARD_PROXY_GIVE_UP_S: '' });
    expect(empty.ok && empty.config.giveUpMs).toBe(30_000);
  });

  it.each([
    [{ SWITCHBOARD_SESSION_ID: undefined }, 'SWITCHBOARD_SESSION_ID is not set'],
    [{ SWITCHBOARD_SESSION_TOKEN: '' }, 'SWITCHBOARD_SESSION_TOKEN must not be empty'],
    [{ SWITCHBOARD_HUB_URL: 'localhost:3460' }, 'SWITCHBOARD_HUB_URL must be an http(s) URL'],
    [{ SWITCHBOARD_HUB_URL: 'ws://127.0.0.1:3460' }, 'SWITCHBOARD_HUB_URL must be an http(s) URL'],
    [{ SWITCHBOARD_PROXY_GIVE_UP_S: 'soon' }, 'SWITCHBOARD_PROXY_GIVE_UP_S must be a number of seconds'],
    [{ SWITCHBOARD_PROXY_GIVE_UP_S: '-1' }, 'SWITCHBOARD_PROXY_GIVE_UP_S must be a positive number'],
    [{ SWITCHBOARD_PERMISSION_TIMEOUT_S: '0' }, 'SWITCHBOARD_PERMISSION_TIMEOUT_S must be a positive number'],
  ])('names the bad variable: %o', (change, message) => {
    const result = parseProxyConfig({ ...valid, ...change });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });

  it('never repeats the token in an error', () => {
    const result = parseProxyConfig({ ...valid, SWITCHBOARD_HUB_URL: 'nope' });
    expect(!result.ok && result.message).not.toContain(valid.SWITCHBOARD_SESSION_TOKEN);
  });
});
