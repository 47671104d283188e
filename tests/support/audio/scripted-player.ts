import type { SpeechOutput, SpeechTurn } from '../../../web/audio/ports.js';

/**
 * realtime: a turn lasts as long as its audio would play (chunks back to back from the first
 * arrival, gaps where one came late), like the page's Web Audio scheduler.
 * instant: done as soon as speak_end and every chunk are in.
 * manual: done only when the test says so (finish()), to barge in mid-playback.
 */
export type PlaybackMode = 'realtime' | 'instant' | 'manual';

type Playing = {
  turn: SpeechTurn;
  onDone: () => void;
  arrived: Set<number>;
  total: number | null;
  /** performance.now() at which the audio scheduled so far ends. */
  playheadEnd: number;
  timer: ReturnType<typeof setTimeout> | undefined;
};

/** The page's speaker, minus the sound: SpeechOutput with playback time simulated. */
export class ScriptedPlayer implements SpeechOutput {
  private playing: Playing | null = null;
  /** Turns whose playback was cut off by stop() (barge-in, turn_end...). */
  readonly stopped: string[] = [];

  constructor(
    private readonly mode: PlaybackMode,
    /** Milliseconds of audio in a chunk (opus needs the speak_chunk's durationMs). */
    private readonly durationOf: (turn: SpeechTurn, seq: number, payload: Uint8Array) => number,
  ) {}

  begin(turn: SpeechTurn, onDone: () => void): void {
    this.stop();
    this.playing = { turn, onDone, arrived: new Set(), total: null, playheadEnd: 0, timer: undefined };
  }

  push(seq: number, payload: Uint8Array): void {
    const playing = this.playing;
    if (playing === null || playing.arrived.has(seq)) return;
    playing.arrived.add(seq);
    const start = Math.max(playing.playheadEnd, performance.now());
    playing.playheadEnd = start + this.durationOf(playing.turn, seq, payload);
    this.check(playing);
  }

  end(total: number): void {
    if (this.playing === null) return;
    this.playing.total = total;
    this.check(this.playing);
  }

  stop(): void {
    const playing = this.playing;
    if (playing === null) return;
    clearTimeout(playing.timer);
    this.playing = null;
    this.stopped.push(playing.turn.turnId);
  }

  /** In manual mode: the turn's audio has "played". */
  finish(turnId: string): boolean {
    const playing = this.playing;
    if (playing === null || playing.turn.turnId !== turnId) return false;
    this.done(playing);
    return true;
  }

  get turnId(): string | null {
    return this.playing?.turn.turnId ?? null;
  }

  private check(playing: Playing): void {
    if (playing.total === null || playing.arrived.size < playing.total || this.mode === 'manual') return;
    if (this.mode === 'instant') return this.done(playing);
    clearTimeout(playing.timer);
    playing.timer = setTimeout(
      () => this.done(playing),
      Math.max(0, playing.playheadEnd - performance.now()),
    );
  }

  private done(playing: Playing): void {
    if (this.playing !== playing) return;
    clearTimeout(playing.timer);
    this.playing = null;
    playing.onDone();
  }
}
