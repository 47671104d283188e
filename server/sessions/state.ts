import type { HookEventName } from '../../protocol/hooks.js';
import type { SessionState } from '../../protocol/session.js';

/** Everything that can move a session from one state to another. */
export type SessionEvent =
  /**
   * A Claude Code hook. With Notification, `notificationType` says why (Claude Code 2.1:
   * permission_prompt, idle_prompt, elicitation_dialog, elicitation_complete, elicitation_response,
   * auth_success…); with SessionEnd, `reason` (clear, logout, prompt_input_exit, other).
   */
  | { type: 'hook'; event: HookEventName; notificationType?: string | undefined; reason?: string | undefined }
  | { type: 'dialog_shown' }
  | { type: 'dialog_gone' }
  | { type: 'converse_waiting' }
  | { type: 'converse_answered' }
  /** A permission prompt reached the hub and waits for the person. */
  | { type: 'permission_waiting' }
  /** The last waiting prompt was decided (Claude goes on) or expired (its own prompt asks). */
  | { type: 'permission_settled'; decided: boolean }
  | { type: 'pane_gone' };

/**
 * The session state machine, as a pure function. Hooks are the source of truth; dialog
 * detection and converse only refine it. `exited` is final.
 */
export function nextState(current: SessionState, event: SessionEvent): SessionState {
  if (current === 'exited') return 'exited';
  switch (event.type) {
    case 'pane_gone':
      return 'exited';
    case 'hook':
      switch (event.event) {
        case 'SessionStart':
          // A resumed or cleared conversation also fires SessionStart; a busy session stays busy.
          return current === 'busy' || current === 'waiting_input' ? current : 'ready';
        case 'UserPromptSubmit':
          return 'busy';
        case 'Stop':
          return 'idle';
        case 'Notification':
          return afterNotification(current, event.notificationType);
        case 'SessionEnd':
          // /clear ends the conversation, not the session: a SessionStart (source "clear") follows.
          return event.reason === 'clear' ? current : 'exited';
      }
      return current;
    case 'dialog_shown':
      return 'dialog';
    case 'dialog_gone':
      // Only start-up dialogs are detected; once gone, Claude is starting its first screen.
      return current === 'dialog' ? 'starting' : current;
    case 'converse_waiting':
      return current === 'dialog' ? current : 'waiting_input';
    case 'converse_answered':
      return current === 'waiting_input' ? 'busy' : current;
    case 'permission_waiting':
      return current === 'dialog' ? current : 'waiting_permission';
    case 'permission_settled':
      if (current !== 'waiting_permission') return current;
      return event.decided ? 'busy' : 'waiting_input';
  }
}

/**
 * Only a real question is `waiting_input`: Claude Code's own permission prompt (one the hub does
 * not hold: it stays `waiting_permission`, Claude Code notifies ~6 s late) or an MCP elicitation.
 * The idle reminder (~60 s after a turn, "Claude is waiting for your input") changes nothing: the
 * session is idle and takes tasks. Kinds Claude Code adds later change nothing either.
 */
function afterNotification(current: SessionState, notificationType: string | undefined): SessionState {
  switch (notificationType) {
    case 'permission_prompt':
      return current === 'waiting_permission' ? current : 'waiting_input';
    case 'elicitation_dialog':
    case 'elicitation_url_dialog':
      return 'waiting_input';
    case 'elicitation_complete':
    case 'elicitation_response':
      // Answered: Claude goes on with its turn.
      return current === 'waiting_input' ? 'busy' : current;
    case 'idle_prompt':
      return current === 'busy' ? 'idle' : current;
    default:
      return current;
  }
}

/** States in which the hub may type into the session's terminal. */
export function acceptsInput(state: SessionState): boolean {
  return state === 'ready' || state === 'idle';
}
