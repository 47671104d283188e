// Regression (issue 12, finding 9): a permission prompt whose toolInput nested 400,000 levels
// deep answered 500 (V8 parsed it; storing it overflowed JSON.stringify's stack). Deep JSON
// answers 400 naming the problem, on every scope; a body over the limit keeps its 413 and says
// what the limit is; a deep socket frame gets an error frame and the hub goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { PermissionRequest } from '../../protocol/permissions.js';
import type { Session } from '../../protocol/session.js';
import { MAX_JSON_DEPTH } from '../../server/http/json-limits.js';
import { spawnReady, startTestHub, type TestHub } from '../support/hub-harness.js';

let t: TestHub;
let session: Session;
let sessionToken: string;
beforeAll(async () => {
  t = await startTestHub();
  session = await spawnReady(t, 'deep');
  sessionToken = t.hub.sessions.record(session.id).proxyToken;
});
afterAll(async () => {
  await t?.dispose();
});

/** `levels` arrays inside each other: `[[[…]]]`. */
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
let keys = 0;
const ask = (toolInput: string) =>
  t.api(
    'POST',
    `/hooks/${session.id}/permission`,
    `{"requestKey":"deep-key-${keys++}","toolName":"Bash","via":"hook","toolInput":${toolInput}}`,
    sessionToken,
  );

async function expectError(response: Response, status: number, mention: RegExp): Promise<void> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toMatch(mention);
}

const TOO_DEEP = new RegExp(`deeper than ${MAX_JSON_DEPTH} levels`);

describe('deep and oversized JSON', () => {
  it('answers 400 for a 400,000-deep permission toolInput (session token), and the hub stays up', async () => {
    await expectError(await ask(`{"a":${nested(400_000)}}`), 400, TOO_DEEP);
    expect((await t.api('GET', '/health', undefined, null)).status).toBe(200);
  });

  it('answers 400 for deep bodies on hub-token routes', async () => {
    const pending = (await (await ask('{"command":"ls"}')).json()) as { request: PermissionRequest };
    const decide = await t.api(
      'POST',
      `/api/permissions/${pending.request.id}`,
      `{"behavior":"allow","updatedInput":{"a":${nested(400_000)}}}`,
    );
    await expectError(decide, 400, TOO_DEEP);
    const send = await t.api('POST', `/api/sessions/${session.id}/messages`, `{"text":${nested(400_000)}}`);
    await expectError(send, 400, TOO_DEEP);
    // Nothing was decided by the refused body.
    const after = (await (await t.api('GET', `/api/permissions/${pending.request.id}`)).json()) as {
      request: PermissionRequest;
    };
    expect(after.request.state).toBe('pending');
  });

  it('accepts real tool inputs and nesting up to the limit; brackets inside strings do not count', async () => {
    const multiEdit = {
      file_path: '/tmp/a.ts',
      edits: [
        { old_string: 'a', new_string: '[[[[{{{{' },
        { old_string: 'b', new_string: 'c', replace_all: true },
      ],
    };
    expect((await ask(JSON.stringify(multiEdit))).status).toBe(200);
    // The body and toolInput are two levels: the rest is the input's own.
    const deepest = await ask(`{"a":${nested(MAX_JSON_DEPTH - 2)}}`);
    expect(deepest.status).toBe(200);
    await expectError(await ask(`{"a":${nested(MAX_JSON_DEPTH - 1)}}`), 400, TOO_DEEP);
    expect((await ask(JSON.stringify({ text: '['.repeat(400_000) }))).status).toBe(200);
  });

  it('still refuses __proto__ keys and malformed JSON', async () => {
    await expectError(await ask('{"__proto__":{"polluted":true}}'), 400, /not valid JSON/);
    await expectError(await t.api('POST', '/api/sessions', '{"name": '), 400, /JSON/);
  });

  it('answers 413 naming the limit for a body over it', async () => {
    const big = await t.api('POST', `/api/sessions/${session.id}/messages`, {
      text: 'x'.repeat(2 * 1024 * 1024),
    });
    await expectError(big, 413, /larger than the 1 MiB the hub accepts/);
  });

  it('answers a deep frame with an error frame on the page and proxy sockets, and both stay open', async () => {
    const frame = `{"type":"text_reply","turnId":"t1","text":"hi","x":${nested(400_000)}}`;
    for (const [path, token, errorType] of [
      ['/ws', t.hub.token, 'voice_error'],
      [`/proxy/${session.id}`, sessionToken, 'error'],
    ] as const) {
      const socket = new WebSocket(t.url.replace(/^http/, 'ws') + path, {
        headers: { authorization: `Bearer ${token}` },
      });
      const frames: { type: string }[] = [];
      const errored = new Promise<void>((resolve) =>
        socket.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { type: string };
          frames.push(message);
          if (message.type === errorType) resolve();
        }),
      );
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      socket.send(frame);
      await errored;
      expect(socket.readyState, path).toBe(WebSocket.OPEN);
      socket.close();
    }
    expect((await t.api('GET', '/health', undefined, null)).status).toBe(200);
  });
});
