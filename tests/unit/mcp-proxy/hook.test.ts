import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runHook } from '../../../mcp-proxy/hook.js';
import type { HookTiming } from '../../../mcp-proxy/hook.js';
import type { Log } from '../../../mcp-proxy/log.js';
import { FakeHub, freePort } from './support/fake-hub.js';

// Every wait here is for an event on loopback; a missing behaviour should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 10_000 });

const sessionId = 'sess-1';
const token = 'hook-token';
const quick: HookTiming = { readMs: 500, attemptMs: 500, retryDelaysMs: [10, 10], budgetMs: 2_000 };

const hubs: FakeHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
});

async function startHub(hookStatus?: number): Promise<FakeHub> {
  const hub = await FakeHub.start({ sessionId, token, ...(hookStatus === undefined ? {} : { hookStatus }) });
  hubs.push(hub);
  return hub;
}

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

function hook(hubUrl: string, stdin: string, log: Log = recordingLog()) {
  return runHook({
    config: { sessionId, hubUrl: new URL(hubUrl), token, giveUpMs: 30_000, permissionTimeoutMs: 120_000 },
    stdin: Readable.from([Buffer.from(stdin)]),
    log,
    timing: quick,
  });
}

const stopPayload = {
  hook_event_name: 'Stop',
  session_id: '2b1c…',
  transcript_path: '/home/u/.claude/projects/x/2b1c.jsonl',
  cwd: '/work/x',
  stop_hook_active: false,
};

describe('hook mode', () => {
  it('posts the payload, extra fields included, with the session token', async () => {
    const hub = await startHub();
    expect(await hook(hub.url, JSON.stringify(stopPayload))).toBe('reported');
    expect(hub.hookRequests).toEqual([
      {
        sessionId,
        authorization: `Bearer ${token}`,
        contentType: 'application/json',
        body: { payload: stopPayload },
      },
    ]);
  });

  it('ignores an event the hub does not follow, without a request or a log line', async () => {
    const hub = await startHub();
    const log = recordingLog();
    expect(await hook(hub.url, '{"hook_event_name":"PreCompact"}', log)).toBe('ignored');
    expect(hub.hookRequests).toEqual([]);
    expect(log.lines).toEqual([]);
  });

  it('reports a known event with a malformed field as a failure', async () => {
    const hub = await startHub();
    const log = recordingLog();
    expect(await hook(hub.url, '{"hook_event_name":"Notification","message":7}', log)).toBe('failed');
    expect(hub.hookRequests).toEqual([]);
    expect(log.lines.join('\n')).toContain('message');
  });

  it('retries a hub that answers 503, then gives up with a log line', async () => {
    const hub = await startHub(503);
    const log = recordingLog();
    expect(await hook(hub.url, JSON.stringify(stopPayload), log)).toBe('failed');
    expect(hub.hookRequests).toHaveLength(3);
    expect(log.lines.join('\n')).toContain('HTTP 503');
  });

  it('does not retry a hub that refuses the token', async () => {
    const hub = await startHub(401);
    expect(await hook(hub.url, JSON.stringify(stopPayload))).toBe('failed');
    expect(hub.hookRequests).toHaveLength(1);
  });

  it('returns failed when nothing listens, naming the cause', async () => {
    const log = recordingLog();
    const outcome = await hook(`http://127.0.0.1:${await freePort()}`, JSON.stringify(stopPayload), log);
    expect(outcome).toBe('failed');
    expect(log.lines.join('\n')).toContain('ECONNREFUSED');
  });

  it('returns failed for stdin that is not JSON', async () => {
    const hub = await startHub();
    expect(await hook(hub.url, 'Stop')).toBe('failed');
    expect(hub.hookRequests).toEqual([]);
  });
});
