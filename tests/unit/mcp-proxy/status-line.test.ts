import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Log } from '../../../mcp-proxy/log.js';
import { readContextPercent, runStatusLine } from '../../../mcp-proxy/status-line.js';

const config = {
  sessionId: 's1',
  hubUrl: new URL('http://127.0.0.1:9/base/'),
  token: 'tok',
  giveUpMs: 1_000,
  permissionTimeoutMs: 120_000,
};

function collect(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

const log = (): Log & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
};

describe('status-line mode', () => {
  it('reads the context fill, shows it, and reports it to the hub with the session token', async () => {
    const out = collect();
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: URL, init: RequestInit) => {
      calls.push({ url: url.href, init });
      return new Response(null, { status: 204 });
    }) as unknown as typeof fetch;
    const status = { model: { id: 'x' }, context_window: { used_percentage: 37.6 } };
    await runStatusLine({
      config,
      stdin: Readable.from([Buffer.from(JSON.stringify(status))]),
      stdout: out.stream,
      log: log(),
      fetch: fakeFetch,
    });
    expect(out.text()).toBe('Switchboard · context 38%\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/base/hooks/s1/status-line');
    expect(calls[0]?.init.headers).toMatchObject({ Authorization: 'Bearer tok' });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ contextPercent: 37.6 });
  });

  it('still prints a status line when the hub is down or the JSON is bad', async () => {
    const out = collect();
    const logged = log();
    const failing = (async () => {
      throw new Error('connect ECONNREFUSED');
    }) as unknown as typeof fetch;
    await runStatusLine({
      config,
      stdin: Readable.from([Buffer.from('not json')]),
      stdout: out.stream,
      log: logged,
      fetch: failing,
    });
    expect(out.text()).toBe('Switchboard\n');
    expect(logged.lines.join('\n')).toMatch(/unreadable status JSON[\s\S]*ECONNREFUSED/);
  });

  it('accepts only a percentage in 0..100', () => {
    expect(readContextPercent({ context_window: { used_percentage: 0 } })).toBe(0);
    expect(readContextPercent({ context_window: { used_percentage: 101 } })).toBeNull();
    expect(readContextPercent({ context_window: { used_percentage: '50' } })).toBeNull();
    expect(readContextPercent({ context_window: null })).toBeNull();
    expect(readContextPercent(null)).toBeNull();
  });
});
