import { beforeEach, describe, expect, it } from 'vitest';
import { floatToPcm16 } from '../../../protocol/audio-frame.js';
import {
  SpeechPlayer,
  type AudioBufferLike,
  type AudioContextLike,
  type AudioNodeLike,
  type BufferSourceLike,
} from '../../../web/audio/speech-player.js';

/** Just enough Web Audio to watch what the player schedules; time moves when the test says. */
class FakeNode implements AudioNodeLike {
  connectedTo: AudioNodeLike | null = null;
  disconnected = false;
  connect(destination: AudioNodeLike): unknown {
    this.connectedTo = destination;
    return destination;
  }
  disconnect(): void {
    this.disconnected = true;
    this.connectedTo = null;
  }
}

class FakeSource extends FakeNode implements BufferSourceLike {
  buffer: (AudioBufferLike & { label: string }) | null = null;
  startedAt: number | null = null;
  stopped = false;
  onended: ((event: never) => unknown) | null = null;
  start(when = 0): void {
    this.startedAt = when;
  }
  stop(): void {
    this.stopped = true;
  }
}

class FakeContext implements AudioContextLike {
  currentTime = 10;
  readonly destination = new FakeNode();
  readonly sources: FakeSource[] = [];
  readonly gains: FakeNode[] = [];
  readonly decodes: {
    bytes: Uint8Array;
    resolve: (b: AudioBufferLike) => void;
    reject: (e: Error) => void;
  }[] = [];

  resume(): Promise<void> {
    return Promise.resolve();
  }
  createGain(): AudioNodeLike {
    const gain = new FakeNode();
    this.gains.push(gain);
    return gain;
  }
  createBufferSource(): BufferSourceLike {
    const source = new FakeSource();
    this.sources.push(source);
    return source;
  }
  createBuffer(_channels: number, length: number, sampleRate: number): AudioBufferLike {
    return {
      duration: length / sampleRate,
      copyToChannel: () => undefined,
      label: `pcm ${length}`,
    } as AudioBufferLike;
  }
  decodeAudioData(data: ArrayBuffer): Promise<AudioBufferLike> {
    return new Promise((resolve, reject) =>
      this.decodes.push({ bytes: new Uint8Array(data), resolve, reject }),
    );
  }

  /** Moves time on and ends every source that has played out. */
  advance(to: number): void {
    this.currentTime = to;
    for (const s of this.sources) {
      if (s.startedAt === null || s.stopped || s.buffer === null) continue;
      if (s.startedAt + s.buffer.duration <= to && s.onended !== null) {
        const ended = s.onended;
        s.onended = null;
        (ended as () => void)();
      }
    }
  }
}

/** `seconds` of 24 kHz pcm16. */
const pcm = (seconds: number) => floatToPcm16(new Float32Array(Math.round(24_000 * seconds)));
const tick = () => new Promise((r) => setTimeout(r, 0));

let context: FakeContext;
let player: SpeechPlayer;
let done: number;

beforeEach(() => {
  context = new FakeContext();
  player = new SpeechPlayer(() => context, { leadMs: 50 });
  done = 0;
});

describe('SpeechPlayer', () => {
  it('schedules pcm16 chunks back to back (gapless) and reports done after the last one ends', () => {
    player.begin({ turnId: 't', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.push(0, pcm(1));
    player.push(1, pcm(0.5));
    player.push(2, pcm(0.25));
    player.end(3);
    expect(context.sources.map((s) => s.startedAt)).toEqual([10.05, 11.05, 11.55]);
    expect(context.sources.every((s) => s.connectedTo === context.gains[0])).toBe(true);
    expect(context.gains[0]!.connectedTo).toBe(context.destination);
    context.advance(11.6);
    expect(done).toBe(0); // the last chunk is still playing
    context.advance(11.8);
    expect(done).toBe(1);
  });

  it('plays in seq order whatever order the chunks arrive in, and waits for the missing one', () => {
    player.begin({ turnId: 't', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.push(1, pcm(0.5));
    expect(context.sources).toHaveLength(0);
    player.push(0, pcm(1));
    expect(context.sources.map((s) => s.buffer?.duration)).toEqual([1, 0.5]);
    expect(context.sources.map((s) => s.startedAt)).toEqual([10.05, 11.05]);
  });

  it('opus chunks decoded out of order still play in order; a chunk that fails to decode is skipped', async () => {
    player.begin({ turnId: 't', format: 'opus', sampleRate: 48_000 }, () => done++);
    for (const seq of [0, 1, 2]) player.push(seq, new Uint8Array([seq]));
    player.end(3);
    const [d0, d1, d2] = context.decodes;
    d2!.resolve({ duration: 0.3, copyToChannel: () => undefined });
    d1!.reject(new Error('corrupt'));
    await tick();
    expect(context.sources).toHaveLength(0);
    d0!.resolve({ duration: 1, copyToChannel: () => undefined });
    await tick();
    expect(context.sources.map((s) => [s.startedAt, s.buffer?.duration])).toEqual([
      [10.05, 1],
      [11.05, 0.3],
    ]);
    context.advance(12);
    expect(done).toBe(1);
  });

  it('a chunk that arrives twice (a resent frame) plays once', () => {
    player.begin({ turnId: 't', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.push(0, pcm(0.5));
    player.push(0, pcm(0.5));
    player.push(2, pcm(0.5));
    player.push(2, pcm(0.5));
    player.push(1, pcm(0.5));
    expect(context.sources.map((s) => s.startedAt)).toEqual([10.05, 10.55, 11.05]);
  });

  it('after an underrun, a late chunk starts as soon as possible, not in the past', () => {
    player.begin({ turnId: 't', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.push(0, pcm(0.5));
    context.advance(12);
    player.push(1, pcm(0.5));
    expect(context.sources[1]!.startedAt).toBeCloseTo(12.05, 6);
  });

  it('stop() silences every scheduled chunk at once and never reports done', () => {
    player.begin({ turnId: 't', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.push(0, pcm(1));
    player.push(1, pcm(1));
    player.end(2);
    player.stop();
    expect(context.sources.every((s) => s.stopped && s.disconnected)).toBe(true);
    expect(context.gains[0]!.disconnected).toBe(true);
    context.advance(20);
    player.push(2, pcm(1)); // late audio of the stopped turn
    expect(context.sources).toHaveLength(2);
    expect(done).toBe(0);
  });

  it('a turn with no audio (synthesis failed) is done at once', () => {
    player.begin({ turnId: 't', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.end(0);
    expect(done).toBe(1);
  });

  it('a new turn cuts the previous one off', () => {
    player.begin({ turnId: 'a', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    player.push(0, pcm(1));
    player.begin({ turnId: 'b', format: 'pcm16', sampleRate: 24_000 }, () => done++);
    expect(context.sources[0]!.stopped).toBe(true);
    player.push(0, pcm(0.5));
    player.end(1);
    context.advance(11);
    expect(done).toBe(1);
  });
});
