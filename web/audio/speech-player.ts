import { pcm16ToFloat } from '../../protocol/audio-frame.js';
import { ChunkOrder } from './chunk-order.js';
import type { DebugHook, SpeechOutput, SpeechTurn } from './ports.js';

/**
 * Plays the hub's speech with Web Audio: each chunk is scheduled to start exactly where the
 * previous one ends (gapless), in seq order. Browser-only in practice, but typed against the few
 * Web Audio members it uses (below), so it also runs against a fake context in Node tests; the
 * real AudioContext fits these shapes (checked in mic-capture.ts, which is compiled with DOM types).
 */

export interface AudioNodeLike {
  connect(destination: AudioNodeLike): unknown;
  disconnect(): void;
}

export interface AudioBufferLike {
  readonly duration: number;
  copyToChannel(source: Float32Array, channelNumber: number): void;
}

export interface BufferSourceLike extends AudioNodeLike {
  buffer: AudioBufferLike | null;
  start(when?: number): void;
  stop(when?: number): void;
  /** `never`: the DOM's handler takes an Event this module does not read. */
  onended: ((event: never) => unknown) | null;
}

export interface AudioContextLike {
  readonly currentTime: number;
  readonly destination: AudioNodeLike;
  resume(): Promise<void>;
  createGain(): AudioNodeLike;
  createBufferSource(): BufferSourceLike;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBufferLike;
  decodeAudioData(data: ArrayBuffer): Promise<AudioBufferLike>;
}

export type SpeechPlayerOptions = {
  /** Delay before the first chunk (and after an underrun), so its start is not cut. */
  leadMs?: number;
  debug?: DebugHook;
};

type Playing = {
  turn: SpeechTurn;
  context: AudioContextLike;
  order: ChunkOrder<AudioBufferLike>;
  /** One node per turn: disconnecting it silences everything the turn scheduled. */
  output: AudioNodeLike;
  sources: Set<BufferSourceLike>;
  /** Context time where the next chunk starts. */
  nextStart: number;
  onDone: () => void;
};

export class SpeechPlayer implements SpeechOutput {
  private playing: Playing | null = null;
  private readonly leadS: number;

  /** context: called at each turn, so the page can create or resume it after a user gesture. */
  constructor(
    private readonly context: () => AudioContextLike,
    private readonly options: SpeechPlayerOptions = {},
  ) {
    this.leadS = (options.leadMs ?? 40) / 1000;
  }

  begin(turn: SpeechTurn, onDone: () => void): void {
    this.stop();
    const context = this.context();
    context.resume().catch((error: unknown) => this.options.debug?.('audio context did not resume', error));
    const output = context.createGain();
    output.connect(context.destination);
    this.playing = {
      turn,
      context,
      order: new ChunkOrder(),
      output,
      sources: new Set(),
      nextStart: 0,
      onDone,
    };
  }

  push(seq: number, payload: Uint8Array): void {
    const playing = this.playing;
    if (playing === null) return;
    if (playing.turn.format === 'pcm16') {
      this.accept(playing, seq, this.pcmBuffer(playing, payload));
      return;
    }
    // Each opus chunk is a complete Ogg file; decodeAudioData detaches its input, hence the copy.
    const bytes = payload.slice().buffer;
    playing.context.decodeAudioData(bytes).then(
      (buffer) => this.accept(playing, seq, buffer),
      (error: unknown) => {
        this.options.debug?.(`speech chunk ${seq} could not be decoded; skipped`, error);
        this.accept(playing, seq, null);
      },
    );
  }

  end(total: number): void {
    const playing = this.playing;
    if (playing === null) return;
    playing.order.end(total);
    this.finishIfDone(playing);
  }

  stop(): void {
    const playing = this.playing;
    if (playing === null) return;
    this.playing = null;
    for (const source of playing.sources) {
      source.onended = null;
      try {
        source.stop();
      } catch {
        // already stopped: nothing to silence
      }
      source.disconnect();
    }
    playing.sources.clear();
    playing.output.disconnect();
  }

  private pcmBuffer(playing: Playing, payload: Uint8Array): AudioBufferLike | null {
    const samples = pcm16ToFloat(payload);
    if (samples.length === 0) return null; // createBuffer rejects zero length
    const buffer = playing.context.createBuffer(1, samples.length, playing.turn.sampleRate);
    buffer.copyToChannel(samples, 0);
    return buffer;
  }

  private accept(playing: Playing, seq: number, buffer: AudioBufferLike | null): void {
    if (this.playing !== playing) return; // decoded after a stop or a newer turn
    for (const ready of playing.order.put(seq, buffer)) this.schedule(playing, ready);
    this.finishIfDone(playing);
  }

  private schedule(playing: Playing, buffer: AudioBufferLike): void {
    const source = playing.context.createBufferSource();
    source.buffer = buffer;
    source.connect(playing.output);
    // Gapless while chunks arrive in time; after an underrun, start as soon as possible.
    const start = Math.max(playing.nextStart, playing.context.currentTime + this.leadS);
    source.start(start);
    playing.nextStart = start + buffer.duration;
    playing.sources.add(source);
    source.onended = () => {
      playing.sources.delete(source);
      source.disconnect();
      this.finishIfDone(playing);
    };
  }

  private finishIfDone(playing: Playing): void {
    if (this.playing !== playing || !playing.order.complete || playing.sources.size > 0) return;
    this.playing = null;
    playing.output.disconnect();
    playing.onDone();
  }
}
