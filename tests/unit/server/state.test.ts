import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../protocol/session.js';
import { nextState, type SessionEvent } from '../../../server/sessions/state.js';

const hook = (
  event: 'SessionStart' | 'UserPromptSubmit' | 'Stop' | 'Notification' | 'SessionEnd',
  extra: { notificationType?: string; reason?: string } = {},
): SessionEvent => ({
  type: 'hook',
  event,
  ...extra,
});
const notification = (notificationType: string) => hook('Notification', { notificationType });

function run(events: SessionEvent[], from: SessionState = 'starting'): SessionState[] {
  const seen: SessionState[] = [];
  let state = from;
  for (const event of events) seen.push((state = nextState(state, event)));
  return seen;
}

describe('session state machine', () => {
  it('follows the hooks through a normal turn', () => {
    expect(
      run([hook('SessionStart'), hook('UserPromptSubmit'), hook('Stop'), hook('UserPromptSubmit')]),
    ).toEqual(['ready', 'busy', 'idle', 'busy']);
  });
  it('waits for input on a real question (a prompt, an elicitation, a converse call), busy again after', () => {
    expect(run([notification('permission_prompt')], 'busy')).toEqual(['waiting_input']);
    expect(run([notification('elicitation_dialog'), notification('elicitation_response')], 'busy')).toEqual([
      'waiting_input',
      'busy',
    ]);
    expect(run([{ type: 'converse_waiting' }, { type: 'converse_answered' }], 'busy')).toEqual([
      'waiting_input',
      'busy',
    ]);
  });
  it('shows a dialog over any early state', () => {
    expect(run([{ type: 'dialog_shown' }])).toEqual(['dialog']);
    expect(nextState('dialog', { type: 'converse_waiting' })).toBe('dialog');
  });
  it('never leaves exited', () => {
    const events: SessionEvent[] = [hook('SessionStart'), hook('UserPromptSubmit'), { type: 'dialog_shown' }];
    expect(run(events, 'exited')).toEqual(['exited', 'exited', 'exited']);
    expect(nextState('busy', hook('SessionEnd'))).toBe('exited');
    expect(nextState('idle', { type: 'pane_gone' })).toBe('exited');
  });
  it('Regression: a SessionStart from /clear does not hide a busy turn', () => {
    expect(nextState('busy', hook('SessionStart'))).toBe('busy');
  });
  it('waits for permission until the prompt is decided (busy) or expires (its own prompt waits)', () => {
    expect(
      run([{ type: 'permission_waiting' }, { type: 'permission_settled', decided: true }], 'busy'),
    ).toEqual(['waiting_permission', 'busy']);
    expect(nextState('waiting_permission', { type: 'permission_settled', decided: false })).toBe(
      'waiting_input',
    );
    expect(nextState('idle', { type: 'permission_settled', decided: true })).toBe('idle');
  });
  it("Regression: Claude Code's late Notification for a held prompt does not hide it", () => {
    expect(nextState('waiting_permission', notification('permission_prompt'))).toBe('waiting_permission');
  });
  it('Regression: the idle reminder keeps an idle session idle (it takes tasks), and asks nothing', () => {
    expect(nextState('idle', notification('idle_prompt'))).toBe('idle');
    expect(nextState('ready', notification('idle_prompt'))).toBe('ready');
    // A converse question stays asked; a missed Stop is caught up.
    expect(nextState('waiting_input', notification('idle_prompt'))).toBe('waiting_input');
    expect(nextState('busy', notification('idle_prompt'))).toBe('idle');
    for (const other of ['auth_success', 'computer_use_enter', 'something_new', undefined]) {
      expect(
        nextState('idle', hook('Notification', other === undefined ? {} : { notificationType: other })),
      ).toBe('idle');
    }
  });
  it('Regression: /clear ends the conversation, not the session', () => {
    expect(nextState('idle', hook('SessionEnd', { reason: 'clear' }))).toBe('idle');
    expect(nextState('idle', hook('SessionEnd', { reason: 'prompt_input_exit' }))).toBe('exited');
    expect(nextState('idle', hook('SessionEnd', { reason: 'logout' }))).toBe('exited');
  });
});
