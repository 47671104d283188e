import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../protocol/session.js';
import { nextState, type SessionEvent } from '../../../server/sessions/state.js';

const hook = (
  event: 'SessionStart' | 'UserPromptSubmit' | 'Stop' | 'Notification' | 'SessionEnd',
): SessionEvent => ({
  type: 'hook',
  event,
});

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
  it('waits for input on a notification or a converse call, and is busy again after the answer', () => {
    expect(run([hook('Notification')], 'busy')).toEqual(['waiting_input']);
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
    expect(nextState('waiting_permission', hook('Notification'))).toBe('waiting_permission');
  });
});
