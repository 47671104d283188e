import type { FastifyBaseLogger } from 'fastify';
import type { InboxMessage, MessageKind } from '../../protocol/messages.js';
import { backgroundFailed } from '../db/busy.js';
import { AppError } from '../errors.js';
import type { Timeline } from '../events/timeline.js';
import type { SessionService } from '../sessions/session-service.js';
import { acceptsInput } from '../sessions/state.js';
import type { Tmux } from '../tmux/tmux.js';
import { decideDelivery, formatPrompt, kindOfMessage, promptFor, stripControl } from './delivery-rules.js';
import type { InboxStore } from './inbox-store.js';

/** How long a typed prompt has to start its turn before Enter is pressed again. */
const SUBMIT_CHECK_MS = 2_000;
const MAX_ENTER_RETRIES = 2;

export type MessagingDeps = {
  sessions: SessionService;
  tmux: Tmux;
  timeline: Timeline;
  inbox: InboxStore;
  log: FastifyBaseLogger;
  now: () => number;
};

export type Sender = { name: string; sessionId: string | null };

const INBOX_ANNOUNCE_MS = 250;

/**
 * Messages into sessions: stored in the inbox and on the timeline in one transaction (so an
 * acknowledged send is never lost), then typed into the session when the rules allow
 * (delivery-rules.ts), each exactly once. Notes ride along with the session's next turn.
 */
export class MessagingService {
  /** One delivery at a time per session: two can never type the same message. */
  private readonly delivering = new Map<string, Promise<void>>();
  private readonly injectedAt = new Map<string, number>();
  private readonly humanInputAt = new Map<string, number>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly inboxAnnouncements = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly deps: MessagingDeps) {
    deps.sessions.countInboxWith((id) => deps.inbox.countWaiting(id));
    deps.sessions.onChange((change) => {
      if (change.type === 'removed') return;
      const { id, state } = change.session;
      if (state === 'busy') this.injectedAt.delete(id);
      if (state === 'idle' || state === 'ready') this.scheduleDelivery(id);
    });
  }

  /**
   * Stores a message for `to`. A task from a session becomes a note unless the receiver takes
   * tasks from sessions (kindOfMessage): the answer's `kind` is what was stored.
   */
  send(to: string, text: string, requested: MessageKind, from: Sender): InboxMessage {
    // The stored record, not the roster's view: a send must not pay for inbox counts.
    const session = this.deps.sessions.resolve(to);
    if (session.state === 'exited') throw new AppError('conflict', `Session "${session.name}" has exited.`);
    const kind = kindOfMessage(requested, from.sessionId !== null, session);
    const createdAt = new Date(this.deps.now()).toISOString();
    const message = this.deps.inbox.transaction(() => {
      const event = this.deps.timeline.append(session.id, 'message_in', {
        from: from.name,
        fromSessionId: from.sessionId,
        kind,
        text,
        ...(kind === requested ? {} : { asked: requested }),
      });
      return this.deps.inbox.insert({
        sessionId: session.id,
        from: from.name,
        fromSessionId: from.sessionId,
        kind,
        text,
        createdAt,
        eventId: event.id,
      });
    });
    if (kind === 'task') this.scheduleDelivery(session.id);
    this.announceInbox(session.id);
    return message;
  }

  /** What waits in the session's inbox; `take` marks it delivered (the session read it). */
  readInbox(sessionId: string, take: boolean): InboxMessage[] {
    const waiting = this.deps.inbox.waiting(sessionId);
    if (!take || waiting.length === 0) return waiting;
    return this.markDelivered(sessionId, waiting, 'read');
  }

  /**
   * A reader that may crash (a script): marks delivered what it acknowledges having processed
   * (ids up to `ack`), then returns what still waits, without marking it. A reply lost on the
   * way is simply returned again, so nothing is lost and, with its ack, nothing is read twice.
   */
  readWithAck(sessionId: string, ack: number | undefined): InboxMessage[] {
    if (ack !== undefined) {
      const done = this.deps.inbox.waiting(sessionId).filter((m) => m.id <= ack);
      if (done.length > 0) this.markDelivered(sessionId, done, 'read');
    }
    return this.deps.inbox.waiting(sessionId);
  }

  recent(sessionId: string, limit: number): InboxMessage[] {
    return this.deps.inbox.recent(sessionId, limit);
  }

  /** The context a UserPromptSubmit hook adds to the turn: the notes that waited for it. */
  notesForNextTurn(sessionId: string): string | null {
    const notes = this.deps.inbox.waiting(sessionId).filter((m) => m.kind === 'note');
    if (notes.length === 0) return null;
    return formatPrompt(this.markDelivered(sessionId, notes, 'turn'));
  }

  /** A person typed into the session's terminal: delivery holds off for a moment. */
  noteHumanInput(sessionId: string): void {
    this.humanInputAt.set(sessionId, this.deps.now());
  }

  close(): void {
    this.closed = true;
    for (const timer of [...this.retryTimers.values(), ...this.inboxAnnouncements.values()])
      clearTimeout(timer);
  }

  private scheduleDelivery(sessionId: string): void {
    if (this.closed) return;
    const previous = this.delivering.get(sessionId) ?? Promise.resolve();
    // Never rejects: nobody awaits a delivery, and a rejection nobody handles ends the hub.
    const next = previous
      .then(() => this.deliver(sessionId))
      .catch((error: unknown) =>
        backgroundFailed(`delivering messages to ${sessionId}`, this.deps.log, error, (ms) =>
          this.retryLater(sessionId, ms),
        ),
      );
    this.delivering.set(sessionId, next);
    void next.finally(() => {
      if (this.delivering.get(sessionId) === next) this.delivering.delete(sessionId);
    });
  }

  private async deliver(sessionId: string): Promise<void> {
    if (this.closed || !this.deps.sessions.has(sessionId)) return;
    // Cheap first: notes alone never wake a session, so most checks end here.
    if (!this.deps.inbox.hasWaitingTask(sessionId)) return;
    const record = this.deps.sessions.record(sessionId);
    const waiting = this.deps.inbox.waiting(sessionId);
    const decision = decideDelivery({
      state: record.state,
      dialogOpen: record.dialog !== null,
      lastHumanInputAt: this.humanInputAt.get(sessionId) ?? null,
      injectedAt: this.injectedAt.get(sessionId) ?? null,
      waiting,
      now: this.deps.now(),
    });
    if (decision.action === 'wait') {
      if (decision.retryInMs !== null) this.retryLater(sessionId, decision.retryInMs);
      return;
    }
    const { typed, text } = promptFor(record.command !== null, waiting);
    try {
      await this.deps.tmux.pasteText(record.tmuxSession, stripControl(text));
    } catch (error) {
      this.deps.log.warn({ sessionId, err: error }, 'typing messages in failed; will retry');
      this.retryLater(sessionId, 1_000);
      return;
    }
    const injectedAt = this.deps.now();
    this.injectedAt.set(sessionId, injectedAt);
    this.markDelivered(sessionId, typed, 'typed');
    if (record.command === null) this.confirmSubmitted(sessionId, record.tmuxSession, injectedAt, 1);
  }

  /**
   * A prompt typed into Claude Code starts a turn (UserPromptSubmit: busy, which clears
   * injectedAt). Its Enter can be lost while Claude Code redraws its input box, as right after a
   * resume: the text then sits unsent (2 runs in 7 with 2.1.197). So, if the session is still
   * idle a moment later and nobody typed into it meanwhile, Enter is pressed again (an Enter on
   * an empty input box does nothing), twice at most.
   */
  private confirmSubmitted(
    sessionId: string,
    tmuxSession: string,
    injectedAt: number,
    attempt: number,
  ): void {
    const timer = setTimeout(() => {
      if (this.closed || !this.deps.sessions.has(sessionId)) return;
      if (this.injectedAt.get(sessionId) !== injectedAt) return; // its turn started
      if ((this.humanInputAt.get(sessionId) ?? 0) > injectedAt) return; // a person has the keyboard
      if (!acceptsInput(this.deps.sessions.record(sessionId).state)) return;
      this.deps.log.warn({ sessionId, attempt }, 'a typed prompt did not start a turn: pressing Enter again');
      this.deps.tmux.sendKeys(tmuxSession, ['C-m']).then(
        () => {
          if (attempt < MAX_ENTER_RETRIES)
            this.confirmSubmitted(sessionId, tmuxSession, injectedAt, attempt + 1);
        },
        (error: unknown) => this.deps.log.warn({ sessionId, err: error }, 'pressing Enter again failed'),
      );
    }, SUBMIT_CHECK_MS);
    timer.unref();
  }

  private markDelivered(
    sessionId: string,
    messages: InboxMessage[],
    how: 'typed' | 'read' | 'turn',
  ): InboxMessage[] {
    const at = new Date(this.deps.now()).toISOString();
    return this.deps.inbox.transaction(() => {
      const marked = new Set(
        this.deps.inbox.markDelivered(
          messages.map((m) => m.id),
          at,
        ),
      );
      const delivered = messages.filter((m) => marked.has(m.id)).map((m) => ({ ...m, deliveredAt: at }));
      if (delivered.length > 0) {
        this.deps.timeline.append(sessionId, 'message_delivered', { ids: delivered.map((m) => m.id), how });
        this.announceInbox(sessionId);
      }
      return delivered;
    });
  }

  /**
   * The roster shows how many messages wait; under a burst of sends one update per quarter
   * second is enough (and keeps thousands of sends a second from flooding the pages).
   */
  private announceInbox(sessionId: string): void {
    if (this.inboxAnnouncements.has(sessionId)) return;
    const timer = setTimeout(() => {
      this.inboxAnnouncements.delete(sessionId);
      if (!this.closed && this.deps.sessions.has(sessionId)) this.deps.sessions.announceChange(sessionId);
    }, INBOX_ANNOUNCE_MS);
    timer.unref();
    this.inboxAnnouncements.set(sessionId, timer);
  }

  private retryLater(sessionId: string, ms: number): void {
    clearTimeout(this.retryTimers.get(sessionId));
    const timer = setTimeout(() => this.scheduleDelivery(sessionId), Math.max(10, ms));
    timer.unref();
    this.retryTimers.set(sessionId, timer);
  }
}
