import { describe, expect, it } from 'vitest';
import { DownloadProgress } from '../../../server/voice/engines/download-progress.js';

const FILES = ['config.json', 'tokenizer.json', 'onnx/encoder.onnx', 'onnx/decoder.onnx'];

describe('DownloadProgress', () => {
  it('counts only the weight files, so the small JSON files do not fill the bar', () => {
    const progress = new DownloadProgress(FILES);
    expect(progress.update({ status: 'done', file: 'config.json' })).toBeNull();
    expect(progress.update({ status: 'initiate', file: 'onnx/encoder.onnx' })).toEqual({
      progress: 0,
      message: 'Downloading onnx/encoder.onnx',
    });
    expect(
      progress.update({
        status: 'progress',
        file: 'onnx/encoder.onnx',
        loaded: 5 * 1024 * 1024,
        total: 10 * 1024 * 1024,
      }),
    ).toEqual({
      progress: 0.25,
      message: 'Downloading onnx/encoder.onnx: 5.0 MB of 10.0 MB',
    });
    expect(progress.update({ status: 'done', file: 'onnx/encoder.onnx' })?.progress).toBe(0.5);
    expect(progress.update({ status: 'done', file: 'onnx/decoder.onnx' })).toEqual({
      progress: 1,
      message: 'Downloaded onnx/decoder.onnx',
    });
  });

  it('never goes backwards, and copes with an unknown size', () => {
    const progress = new DownloadProgress(['onnx/model.onnx']);
    expect(
      progress.update({ status: 'progress', file: 'onnx/model.onnx', loaded: 600, total: 1000 })?.progress,
    ).toBe(0.6);
    // A restarted transfer reports less; the bar holds.
    expect(
      progress.update({ status: 'progress', file: 'onnx/model.onnx', loaded: 100, total: 1000 })?.progress,
    ).toBe(0.6);
    expect(progress.update({ status: 'progress', file: 'onnx/model.onnx', loaded: 2048, total: 0 })).toEqual({
      progress: 0.6,
      message: 'Downloading onnx/model.onnx: 2 KB',
    });
  });

  it('counts every file when no weights are missing', () => {
    const progress = new DownloadProgress(['config.json', 'tokenizer.json']);
    expect(progress.update({ status: 'done', file: 'tokenizer.json' })?.progress).toBe(0.5);
  });
});
