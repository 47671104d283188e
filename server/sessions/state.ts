import type { HookEventName } from '../../protocol/hooks.js';
import type { SessionState } from '../../protocol/session.js';

/** Everything that can move a session from one state to another. */
export type SessionEvent =
  | { type: 'hook'; event: HookEventName }
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
          // Claude Code waits on the person: a permission prompt or an idle reminder. A prompt
          // the hub already holds stays `waiting_permission` (Claude Code notifies ~6 s late).
          return current === 'waiting_permission' ? current : 'waiting_input';
        case 'SessionEnd':
          return 'exited';
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

/** States in which the hub may type into the session's terminal. */
export function acceptsInput(state: SessionState): boolean {
  return state === 'ready' || state === 'idle';
}
