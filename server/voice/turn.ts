import { randomBytes } from 'node:crypto';

/** One `converse` call on its way through the floor: spoken, then (maybe) listened to. */
export type TurnPhase = 'queued' | 'speaking' | 'playing' | 'listening' | 'transcribing';

export type Turn = {
  id: string;
  sessionId: string;
  sessionName: string;
  /** The proxy's callId; a re-sent call (after a hub restart) finds its turn by it. */
  callId: string;
  message: string;
  /** True while the converse call waits for the person's answer. */
  waiting: boolean;
  voice: string;
  speed: number;
  phase: TurnPhase;
  queuedAt: number;
  /** Set when the turn had to wait behind another session: hands-free announces it. */
  waitedForFloor: boolean;
  /** Cancels synthesis (barge-in, mute, a text reply, the page going away). */
  abort: AbortController;
  /** Microphone audio received in this turn, 16-bit PCM at 16 kHz. */
  micPcm: Uint8Array[];
  /** An uploaded recording (webm/ogg/…) for this turn, decoded with ffmpeg at the end. */
  micEncoded: Uint8Array[];
  micBytes: number;
  /** Server-side guards: no browser for too long, or a listen that never ends. */
  timer: NodeJS.Timeout | undefined;
  /**
   * A question of the hub's own (a permission prompt), not a converse call: the answer goes
   * here instead of to the session's proxy. `heard` is null when nothing was said.
   */
  onAnswer?: (heard: string | null) => void;
  /**
   * The person spoke first (push-to-talk with nothing waiting): nothing is spoken, the turn only
   * listens, and what was heard goes back to the page (`dictation`), which sends it as a prompt.
   * Not recorded as an answer: the page records it once it is sent.
   */
  dictation?: boolean;
};

/** What a turn starts with, and starts over with when it is queued again (its audio is gone). */
export type TurnProgress = Pick<Turn, 'phase' | 'abort' | 'micPcm' | 'micEncoded' | 'micBytes' | 'timer'>;

export function freshProgress(): TurnProgress {
  return {
    phase: 'queued',
    abort: new AbortController(),
    micPcm: [],
    micEncoded: [],
    micBytes: 0,
    timer: undefined,
  };
}

/** A new turn, queued. */
export function newTurn(fields: Omit<Turn, keyof TurnProgress>): Turn {
  return { ...fields, ...freshProgress() };
}

/** Short, unique, ASCII (it travels in binary frame headers). */
export function newTurnId(): string {
  return `t${randomBytes(8).toString('hex')}`;
}
