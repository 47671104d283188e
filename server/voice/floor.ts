import type { HubToBrowser } from '../../protocol/browser.js';
import { freshProgress, type Turn } from './turn.js';

/**
 * Who holds the floor and who waits: at most one active turn (speaking, playing, listening or
 * transcribing); the rest queue in arrival order, whatever their session.
 */
export class Floor {
  private readonly queue: Turn[] = [];
  private current: Turn | undefined;

  get active(): Turn | undefined {
    return this.current;
  }

  get queued(): readonly Turn[] {
    return this.queue;
  }

  enqueue(turn: Turn): void {
    this.queue.push(turn);
  }

  /** The person asked for the floor themselves (speak first): ahead of the queue, not behind it. */
  enqueueFirst(turn: Turn): void {
    this.queue.unshift(turn);
  }

  /** Gives the floor to the oldest queued turn, if the floor is free. */
  takeNext(): Turn | undefined {
    if (this.current !== undefined) return undefined;
    this.current = this.queue.shift();
    return this.current;
  }

  /** Takes a turn off the floor or out of the queue; true when it held the floor. */
  release(turn: Turn): boolean {
    if (this.current === turn) {
      this.current = undefined;
      return true;
    }
    const index = this.queue.indexOf(turn);
    if (index >= 0) this.queue.splice(index, 1);
    return false;
  }

  /** Puts the active turn back at the head of the queue, as a fresh copy (its audio is gone). */
  requeueActive(): Turn | undefined {
    const turn = this.current;
    if (turn === undefined) return undefined;
    this.current = undefined;
    const fresh: Turn = { ...turn, ...freshProgress() };
    this.queue.unshift(fresh);
    return turn;
  }

  all(): Turn[] {
    return this.current === undefined ? [...this.queue] : [this.current, ...this.queue];
  }

  byId(turnId: string): Turn | undefined {
    return this.all().find((t) => t.id === turnId);
  }

  byCallId(callId: string): Turn | undefined {
    return this.all().find((t) => t.callId === callId);
  }

  turnsOf(sessionId: string): Turn[] {
    return this.all().filter((t) => t.sessionId === sessionId);
  }

  /**
   * The session's turn whose converse still waits: the one on the floor first, then the oldest.
   * The hub's own questions (a permission prompt spoken aloud) are not converse calls: a typed
   * reply never answers them (see VoiceService.reply).
   */
  waitingConverseOf(sessionId: string): Turn | undefined {
    return this.turnsOf(sessionId).find((t) => t.waiting && t.onAnswer === undefined);
  }

  /** Whether a question of the hub's own (a permission prompt) waits for the session's answer. */
  asksForSession(sessionId: string): boolean {
    return this.turnsOf(sessionId).some((t) => t.waiting && t.onAnswer !== undefined);
  }

  /** The active turn, only if it has this id and is in this phase (late messages are ignored). */
  activeIn(turnId: string, ...phases: Turn['phase'][]): Turn | undefined {
    const turn = this.current;
    return turn?.id === turnId && phases.includes(turn.phase) ? turn : undefined;
  }

  snapshot(): Extract<HubToBrowser, { type: 'floor_queue' }> {
    return {
      type: 'floor_queue',
      queued: this.queue.map((t) => ({
        sessionId: t.sessionId,
        turnId: t.id,
        waitingSince: new Date(t.queuedAt).toISOString(),
      })),
    };
  }
}
