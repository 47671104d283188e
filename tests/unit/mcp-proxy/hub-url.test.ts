import { describe, expect, it } from 'vitest';
import { hookReportUrl, proxySocketUrl } from '../../../mcp-proxy/hub-url.js';

describe('hub URLs', () => {
  it('turns http into ws and https into wss for the proxy socket', () => {
    expect(proxySocketUrl(new URL('http://127.0.0.1:3460'), 'abc').href).toBe(
      'ws://127.0.0.1:3460/proxy/abc',
    );
    expect(proxySocketUrl(new URL('https://hub.example.ts.net'), 'abc').href).toBe(
      'wss://hub.example.ts.net/proxy/abc',
    );
  });

  it('keeps a path prefix and escapes the session id', () => {
    const base = new URL('https://example.com/switchboard');
    expect(hookReportUrl(base, 'a b/c').href).toBe('https://example.com/switchboard/hooks/a%20b%2Fc');
    expect(proxySocketUrl(new URL('http://h:1/sb/?x=1'), 's').href).toBe('ws://h:1/sb/proxy/s');
  });
});
