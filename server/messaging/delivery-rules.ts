import type { InboxMessage, MessageKind } from '../../protocol/messages.js';
import type { SessionState } from '../../protocol/session.js';

/** A person typing in the session's own terminal owns it for this long after their last key. */
export const HUMAN_QUIET_MS = 500;
/** After typing a prompt in, wait for the turn it starts (UserPromptSubmit) before typing again. */
export const TURN_START_GRACE_MS = 10_000;

export type DeliverySnapshot = {
  state: SessionState;
  dialogOpen: boolean;
  /** Last time a person typed into the session's terminal (ms), or null. */
  lastHumanInputAt: number | null;
  /** When the hub last typed a prompt in and has not yet seen the turn start, or null. */
  injectedAt: number | null;
  waiting: readonly Pick<InboxMessage, 'kind'>[];
  now: number;
};

export type DeliveryDecision =
  { action: 'type' } | { action: 'wait'; reason: string; retryInMs: number | null };

/**
 * Whether the hub may type the session's waiting messages in now: only tasks wake a session;
 * only an idle (or freshly ready) session with no dialog, nobody typing, and no prompt of ours
 * still on its way. Pure, so every rule has a test.
 */
export function decideDelivery(s: DeliverySnapshot): DeliveryDecision {
  if (!s.waiting.some((m) => m.kind === 'task'))
    return { action: 'wait', reason: 'only notes wait', retryInMs: null };
  if (s.state !== 'idle' && s.state !== 'ready')
    return { action: 'wait', reason: `session is ${s.state}`, retryInMs: null };
  if (s.dialogOpen) return { action: 'wait', reason: 'a dialog is open', retryInMs: null };
  if (s.injectedAt !== null && s.now - s.injectedAt < TURN_START_GRACE_MS) {
    return {
      action: 'wait',
      reason: 'our last prompt has not started a turn yet',
      retryInMs: TURN_START_GRACE_MS - (s.now - s.injectedAt),
    };
  }
  if (s.lastHumanInputAt !== null && s.now - s.lastHumanInputAt < HUMAN_QUIET_MS) {
    return {
      action: 'wait',
      reason: 'a person is typing',
      retryInMs: HUMAN_QUIET_MS - (s.now - s.lastHumanInputAt),
    };
  }
  return { action: 'type' };
}

/**
 * Sessions may talk to each other, never command each other: a task from a session is typed in
 * only where the person allowed tasks from sessions, and never into a shell-only session (its
 * terminal would run it as a command). Otherwise it waits in the inbox as a note. Tasks from the
 * person (REST, the CLI, the page, an orchestrator over MCP: the hub token) are always tasks.
 */
export function kindOfMessage(
  requested: MessageKind,
  fromSession: boolean,
  receiver: { command: string | null; acceptsSessionTasks: boolean },
): MessageKind {
  if (requested === 'note' || !fromSession) return requested;
  return receiver.command === null && receiver.acceptsSessionTasks ? 'task' : 'note';
}

/**
 * What is typed into a session and which messages that delivers. Claude Code gets every waiting
 * message, labelled (formatPrompt). A shell-only session's terminal runs what it is given: only
 * tasks (the person's: kindOfMessage keeps sessions' out), as written, one per line; notes stay
 * in its inbox.
 */
export function promptFor(
  shellOnly: boolean,
  waiting: readonly InboxMessage[],
): { typed: InboxMessage[]; text: string } {
  if (!shellOnly) return { typed: [...waiting], text: formatPrompt(waiting) };
  const typed = waiting.filter((m) => m.kind === 'task');
  return { typed, text: typed.map((m) => m.text).join('\n') };
}

/** The prompt typed into the session: every waiting message, oldest first, each with its sender. */
export function formatPrompt(messages: readonly InboxMessage[]): string {
  return messages.map((m) => `[${m.kind} from ${m.from}, message ${m.id}]\n${m.text}`).join('\n\n');
}

/**
 * What tmux may paste: bracketed paste carries newlines and tabs safely; every other control
 * byte (escape sequences, ^C…) is dropped so a message cannot drive the terminal.
 */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
