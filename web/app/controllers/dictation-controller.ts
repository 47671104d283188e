import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Session } from '../../../protocol/session.js';
import { addressee } from '../state/dictation.js';

/** What the person said first, shown before it goes: to whom, the words, and when it leaves. */
export type PendingDictation = {
  turnId: string;
  sessionId: string;
  sessionName: string;
  text: string;
  /** performance.now() at which it is sent unless cancelled. */
  sendsAt: number;
};

export type DictationDeps = {
  sessions: () => readonly Session[];
  /** Sends the words to the session as the person's prompt; resolves with the hub's error or null. */
  send: (sessionId: string, text: string) => Promise<string | null>;
  say: (text: string) => void;
  notify: (text: string, kind: 'error' | 'info') => void;
  /** How long the person has to cancel (or send at once). */
  delayMs?: number;
};

const DEFAULT_DELAY_MS = 3_000;

/**
 * Speak first: the hub heard what the person said to a session that was not asking anything.
 * It is shown for a moment ("To api: run the tests. Sending… Cancel"), then sent as the person's
 * own prompt (delivered like a task: typed in when the session is idle, queued otherwise). A name
 * said first ("web, rebuild the bundle") sends it to that session instead.
 */
export class DictationController implements ReactiveController {
  pending: PendingDictation | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: DictationDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.clear();
  }

  receive(dictation: { turnId: string; sessionId: string; heard: string }): void {
    const sessions = this.deps.sessions();
    const named = addressee(dictation.heard, sessions);
    const sessionId = named?.sessionId ?? dictation.sessionId;
    const text = named?.text ?? dictation.heard.trim();
    if (text === '') return;
    const sessionName = sessions.find((s) => s.id === sessionId)?.name ?? sessionId;
    this.clear();
    const delayMs = this.deps.delayMs ?? DEFAULT_DELAY_MS;
    this.pending = {
      turnId: dictation.turnId,
      sessionId,
      sessionName,
      text,
      sendsAt: performance.now() + delayMs,
    };
    this.timer = setTimeout(() => void this.sendNow(), delayMs);
    this.deps.say(`To ${sessionName}: ${text}`);
    this.host.requestUpdate();
  }

  /** The person let it go at once. */
  async sendNow(): Promise<void> {
    const pending = this.pending;
    if (pending === null) return;
    this.clear();
    this.host.requestUpdate();
    const error = await this.deps.send(pending.sessionId, pending.text);
    if (error !== null) this.deps.notify(`Not sent to ${pending.sessionName}: ${error}`, 'error');
    else this.deps.say(`Sent to ${pending.sessionName}.`);
  }

  /** The person took it back: nothing is sent. */
  cancel(): void {
    if (this.pending === null) return;
    const name = this.pending.sessionName;
    this.clear();
    this.deps.say(`Not sent to ${name}.`);
    this.host.requestUpdate();
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
  }
}
