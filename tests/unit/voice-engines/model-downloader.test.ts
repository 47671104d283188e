import { describe, expect, it } from 'vitest';
import { ModelUnavailableError, type ModelState } from '../../../server/voice/engines/engine-types.js';
import { type DownloadTarget, downloadModels } from '../../../server/voice/engines/model-downloader.js';

/** A target that replays the given states during load(), then succeeds or fails. */
function target(model: string, updates: Partial<ModelState>[], failure?: Error): DownloadTarget {
  const listeners = new Set<(state: ModelState) => void>();
  let state: ModelState = { kind: 'tts', model, state: 'not_loaded', progress: null, message: null };
  return {
    status: () => state,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      for (const update of updates) {
        state = { ...state, ...update };
        for (const listener of listeners) listener(state);
        await Promise.resolve();
      }
      if (failure !== undefined) throw failure;
    },
  };
}

function output(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, columns: 200, write: (text: string) => chunks.push(text) } };
}

const DOWNLOAD: Partial<ModelState>[] = [
  { state: 'downloading', progress: 0, message: 'Downloading org/model' },
  { state: 'downloading', progress: 0.05, message: 'Downloading onnx/model.onnx: 4.6 MB of 92.0 MB' },
  { state: 'downloading', progress: 0.07, message: 'Downloading onnx/model.onnx: 6.4 MB of 92.0 MB' },
  { state: 'downloading', progress: 0.5, message: 'Downloading onnx/model.onnx: 46.0 MB of 92.0 MB' },
  { state: 'downloading', progress: 1, message: 'Downloaded onnx/model.onnx' },
  { state: 'ready', progress: null, message: null },
];

describe('downloadModels (npm run models)', () => {
  it('prints one line per file and per 10% when not on a terminal, and exits 0', async () => {
    const { chunks, out } = output(false);
    expect(await downloadModels([target('org/model', DOWNLOAD)], out)).toBe(0);
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines).toEqual([
      'org/model: 0% Downloading org/model',
      'org/model: 0% Downloading onnx/model.onnx: 4.6 MB of 92.0 MB',
      'org/model: 50% Downloading onnx/model.onnx: 46.0 MB of 92.0 MB',
      'org/model: 100% Downloaded onnx/model.onnx',
      expect.stringMatching(/^org\/model: ready \(\d+\.\d s\)$/),
    ]);
  });

  it('redraws one bar on a terminal', async () => {
    const { chunks, out } = output(true);
    await downloadModels([target('org/model', DOWNLOAD)], out);
    expect(chunks.slice(0, -1).every((chunk) => chunk.startsWith('\r\x1b[2K') && !chunk.includes('\n'))).toBe(
      true,
    );
    expect(chunks).toContain(
      '\r\x1b[2Korg/model [############------------] 50% Downloading onnx/model.onnx: 46.0 MB of 92.0 MB',
    );
    expect(chunks.at(-1)?.startsWith('\r\x1b[2Korg/model: ready')).toBe(true);
  });

  it('tries every model, prints the fix for a missing one with its cause, and exits 1', async () => {
    const { chunks, out } = output(false);
    const offline = new ModelUnavailableError(
      'org/missing',
      '/models/org/missing',
      new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND huggingface.co') }),
    );
    const code = await downloadModels(
      [target('org/missing', [], offline), target('org/model', DOWNLOAD)],
      out,
    );
    expect(code).toBe(1);
    const text = chunks.join('');
    expect(text).toContain('org/missing: The speech model org/missing is not in /models/org/missing');
    expect(text).toContain('npm run models');
    expect(text).toContain('(fetch failed: getaddrinfo ENOTFOUND huggingface.co)');
    expect(text).toMatch(/org\/model: ready/);
  });
});
