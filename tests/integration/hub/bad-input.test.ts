import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
let scratch: string;
beforeAll(async () => {
  t = await startTestHub();
  scratch = mkdtempSync(join(tmpdir(), 'sb-bad-input-'));
});
afterAll(async () => {
  await t?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

async function expectError(response: Response, status: number, mention: RegExp): Promise<void> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.message).toMatch(mention);
}

describe('bad input gets a 4xx with a reason, and the hub stays up', () => {
  it('refuses requests without the token or with a wrong one', async () => {
    await expectError(await t.api('GET', '/api/sessions', undefined, null), 401, /Missing token/);
    await expectError(await t.api('GET', '/api/sessions', undefined, 'x'.repeat(43)), 401, /Wrong token/);
    const health = await t.api('GET', '/health', undefined, null);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
  });

  it('names the field and the reason for bad bodies', async () => {
    const post = (body: unknown) => t.api('POST', '/api/sessions', body);
    await expectError(await post('{"name": '), 400, /JSON/i);
    await expectError(await post({ name: 'ok', colour: 'red' }), 400, /colour/);
    await expectError(await post({ name: '../x' }), 400, /name: must be 1-64 characters/);
    await expectError(await post({ name: 'a'.repeat(65) }), 400, /name/);
    await expectError(await post({ cwd: 'relative/path' }), 400, /cwd must be an absolute path/);
    await expectError(await post({ cwd: join(scratch, 'missing') }), 400, /cwd does not exist/);
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    await expectError(await post({ cwd: file }), 400, /cwd is not a directory/);
    await expectError(await post({ voice: 'Robot Voice!' }), 400, /voice/);
    await expectError(await post({ prompt: 42 }), 400, /prompt/);
    await expectError(await post([1, 2]), 400, /Invalid body/);
  });

  it('answers 404 for sessions that do not exist, on every route', async () => {
    await expectError(await t.api('GET', '/api/sessions/nope'), 404, /No session with id "nope"/);
    await expectError(await t.api('DELETE', '/api/sessions/nope'), 404, /nope/);
    await expectError(await t.api('PUT', '/api/sessions/nope/voice', { voice: 'af_bella' }), 404, /nope/);
    await expectError(await t.api('POST', '/api/sessions/nope/reply', { text: 'hi' }), 404, /nope/);
    await expectError(await t.api('GET', '/api/nothing-here'), 404, /No route/);
  });

  it('refuses hook reports and proxy sockets without the session token', async () => {
    const hook = await t.api('POST', '/hooks/nope', { payload: { hook_event_name: 'Stop' } }, null);
    expect(hook.status).toBe(404);
  });

  it('rejects oversized bodies', async () => {
    const huge = JSON.stringify({ prompt: 'x'.repeat(2 * 1024 * 1024) });
    const response = await t.api('POST', '/api/sessions', huge);
    expect(response.status).toBe(413);
  });

  it('wrote nothing outside the data dir, and is still serving', async () => {
    expect(readdirSync(scratch)).toEqual(['a-file']);
    expect(existsSync(join(scratch, 'missing'))).toBe(false);
    expect(statSync(join(t.config.dataDir, 'token')).mode & 0o777).toBe(0o600);
    expect((await t.api('GET', '/api/sessions')).status).toBe(200);
  });
});

describe('voice assets for the page', () => {
  it('serves the Silero VAD model and the ONNX runtime, and nothing else', async () => {
    const model = await t.api('GET', '/assets/voice/silero_vad.onnx', undefined, null);
    expect(model.status).toBe(200);
    const bytes = new Uint8Array(await model.arrayBuffer());
    const shared = readFileSync(
      new URL('../../../../shared/models/silero-vad/silero_vad.onnx', import.meta.url),
    );
    expect(Buffer.from(bytes).equals(shared)).toBe(true);
    const wasm = await t.api('GET', '/assets/voice/ort-wasm-simd-threaded.wasm', undefined, null);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect((await wasm.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
    await expectError(
      await t.api('GET', '/assets/voice/..%2F..%2Fpackage.json', undefined, null),
      404,
      /No voice asset/,
    );
    await expectError(await t.api('GET', '/assets/voice/token', undefined, null), 404, /No voice asset/);
  });
});
