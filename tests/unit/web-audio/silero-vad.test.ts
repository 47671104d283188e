import { describe, expect, it } from 'vitest';
import { SILERO_CONTEXT_SAMPLES, SileroVad, type OnnxTensorLike } from '../../../web/audio/silero-vad.js';

/** Tensors as plain records; the fake session remembers its feeds and numbers its states. */
class FakeTensor implements OnnxTensorLike {
  constructor(
    readonly type: string,
    readonly data: Float32Array | BigInt64Array,
    readonly dims: readonly number[],
  ) {}
}

class FakeSession {
  readonly feeds: Record<string, OnnxTensorLike>[] = [];
  run(feeds: Record<string, OnnxTensorLike>) {
    this.feeds.push(feeds);
    const n = this.feeds.length;
    return Promise.resolve({
      output: new FakeTensor('float32', Float32Array.of(n / 10), [1, 1]),
      stateN: new FakeTensor('float32', new Float32Array(256).fill(n), [2, 1, 128]),
    });
  }
}

const frame = (start: number) => Float32Array.from({ length: 512 }, (_, i) => start + i);
const input = (session: FakeSession, call: number) => session.feeds[call]!.input!.data as Float32Array;

describe('SileroVad', () => {
  it('feeds [64 samples of the previous frame | 512 new ones] and returns the output', async () => {
    const session = new FakeSession();
    const vad = new SileroVad(session, FakeTensor);
    expect(await vad.process(frame(0))).toBeCloseTo(0.1);
    expect(await vad.process(frame(1000))).toBeCloseTo(0.2);
    expect(session.feeds[0]!.input!.dims).toEqual([1, 576]);
    expect([...input(session, 0).subarray(0, SILERO_CONTEXT_SAMPLES)]).toEqual(Array(64).fill(0));
    expect([...input(session, 1).subarray(0, 64)]).toEqual([...frame(0).subarray(448)]);
    expect([...input(session, 1).subarray(64)]).toEqual([...frame(1000)]);
    expect([...(session.feeds[0]!.sr!.data as BigInt64Array)]).toEqual([16_000n]);
  });

  it('hands each run the state the previous one returned; reset() starts from zeros', async () => {
    const session = new FakeSession();
    const vad = new SileroVad(session, FakeTensor);
    await vad.process(frame(0));
    await vad.process(frame(0));
    expect((session.feeds[0]!.state!.data as Float32Array)[0]).toBe(0);
    expect((session.feeds[1]!.state!.data as Float32Array)[0]).toBe(1);
    vad.reset();
    await vad.process(frame(5));
    expect((session.feeds[2]!.state!.data as Float32Array)[0]).toBe(0);
    expect([...input(session, 2).subarray(0, 64)]).toEqual(Array(64).fill(0));
  });

  it('Regression: overlapping calls still run one after another, each with the state before it', async () => {
    const session = new FakeSession();
    const vad = new SileroVad(session, FakeTensor);
    const results = await Promise.all([vad.process(frame(0)), vad.process(frame(1)), vad.process(frame(2))]);
    expect(results.map((r) => Math.round(r * 10))).toEqual([1, 2, 3]);
    expect(session.feeds.map((f) => (f.state!.data as Float32Array)[0])).toEqual([0, 1, 2]);
  });

  it('Regression: a reset() while frames are queued keeps their state out of the new stream', async () => {
    const session = new FakeSession();
    const vad = new SileroVad(session, FakeTensor);
    const stale = [vad.process(frame(0)), vad.process(frame(1))];
    vad.reset();
    const fresh = vad.process(frame(2));
    await Promise.all([...stale, fresh]);
    await vad.process(frame(3));
    const states = session.feeds.map((f) => (f.state!.data as Float32Array)[0]);
    // The fresh stream's second frame gets the state of its first frame, nothing older.
    expect(states.at(-2)).toBe(0);
    expect(states.at(-1)).toBe(session.feeds.length - 1);
    expect(session.feeds.length).toBeLessThanOrEqual(3);
  });

  it('says which model it expected when the outputs are missing', async () => {
    const vad = new SileroVad({ run: () => Promise.resolve({}) }, FakeTensor);
    await expect(vad.process(frame(0))).rejects.toThrow(/Silero v5\/v6/);
  });
});
