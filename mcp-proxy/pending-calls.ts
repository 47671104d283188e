import type { ProxyCall } from '../protocol/proxy.js';
import { CANCELLED_TEXT, formatDuration, giveUpText } from './call-texts.js';
import type { Cancel, Clock } from './clock.js';
import type { Log } from './log.js';

/** What a tool returns to the model: text, and whether it reports a failure. */
export interface CallOutcome {
  text: string;
  isError: boolean;
}

export interface PendingCall {
  readonly frame: ProxyCall;
  /** Whether the frame went out on some connection (the hub may have seen it). */
  sent: boolean;
}

interface Entry extends PendingCall {
  cancelGiveUp: Cancel | undefined;
  settle(outcome: CallOutcome): void;
}

/**
 * Calls the hub has not answered yet, by callId. Each one settles exactly once: with the hub's
 * answer, with the give-up text once it has waited `giveUpMs` for an unreachable hub, when its
 * MCP request is cancelled, or when the link stops.
 */
export class PendingCalls {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #giveUpMs: number;
  readonly #log: Log;

  constructor(clock: Clock, giveUpMs: number, log: Log) {
    this.#clock = clock;
    this.#giveUpMs = giveUpMs;
    this.#log = log;
  }

  get size(): number {
    return this.#entries.size;
  }

  values(): IterableIterator<PendingCall> {
    return this.#entries.values();
  }

  add(
    frame: ProxyCall,
    signal: AbortSignal | undefined,
  ): { call: PendingCall; outcome: Promise<CallOutcome> } {
    let resolveOutcome!: (outcome: CallOutcome) => void;
    const outcome = new Promise<CallOutcome>((resolve) => {
      resolveOutcome = resolve;
    });
    const onAbort = (): void => {
      this.settle(frame.callId, { text: CANCELLED_TEXT, isError: true });
    };
    const entry: Entry = {
      frame,
      sent: false,
      cancelGiveUp: undefined,
      settle: (result) => {
        entry.cancelGiveUp?.();
        entry.cancelGiveUp = undefined;
        signal?.removeEventListener('abort', onAbort);
        resolveOutcome(result);
      },
    };
    this.#entries.set(frame.callId, entry);
    signal?.addEventListener('abort', onAbort, { once: true });
    return { call: entry, outcome };
  }

  /** Starts the call's give-up timer (the hub is unreachable) unless it is already running. */
  startGiveUp(call: PendingCall): void {
    const entry = this.#entries.get(call.frame.callId);
    if (entry === undefined || entry.cancelGiveUp !== undefined) return;
    entry.cancelGiveUp = this.#clock.schedule(this.#giveUpMs, () => {
      entry.cancelGiveUp = undefined;
      const { type, callId } = entry.frame;
      this.#log.warn(`gave up on ${type} call ${callId} after ${formatDuration(this.#giveUpMs)}`);
      this.settle(callId, { text: giveUpText(entry.frame, this.#giveUpMs, entry.sent), isError: true });
    });
  }

  startAllGiveUps(): void {
    for (const entry of this.#entries.values()) this.startGiveUp(entry);
  }

  /** The hub is back: nothing waits for it any more. */
  stopAllGiveUps(): void {
    for (const entry of this.#entries.values()) {
      entry.cancelGiveUp?.();
      entry.cancelGiveUp = undefined;
    }
  }

  /** Answers a call; false when it is not (or no longer) pending. */
  settle(callId: string, outcome: CallOutcome): boolean {
    const entry = this.#entries.get(callId);
    if (entry === undefined) return false;
    this.#entries.delete(callId);
    entry.settle(outcome);
    return true;
  }

  settleAll(outcome: CallOutcome): void {
    for (const callId of [...this.#entries.keys()]) this.settle(callId, outcome);
  }
}
