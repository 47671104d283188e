import { describe, expect, it } from 'vitest';
import { dotInfo, dotState, tabView, type VoiceActivity } from '../../../web/app/state/session-dot.js';
import { session } from './fixtures.js';

const none = new Set<string>();
const speaking = (sessionId: string, phase: VoiceActivity['phase'] = 'speaking'): VoiceActivity => ({
  sessionId,
  turnId: 't1',
  phase,
});

describe('the status dot of a tab', () => {
  it('shows the hub state when no voice activity concerns the session', () => {
    for (const state of ['starting', 'ready', 'busy', 'idle', 'waiting_input', 'dialog', 'exited'] as const) {
      expect(dotState({ session: session({ id: 'a', state }), activity: null, queued: none })).toBe(state);
    }
  });

  it('shows speaking and listening (transcribing counts as listening) for the session on the floor', () => {
    const s = session({ id: 'a', state: 'waiting_input' });
    expect(dotState({ session: s, activity: speaking('a'), queued: none })).toBe('speaking');
    expect(dotState({ session: s, activity: speaking('a', 'listening'), queued: none })).toBe('listening');
    expect(dotState({ session: s, activity: speaking('a', 'transcribing'), queued: none })).toBe('listening');
    expect(dotState({ session: s, activity: speaking('b'), queued: none })).toBe('waiting_input');
  });

  it('shows queued for a session waiting for the floor', () => {
    const s = session({ id: 'b', state: 'waiting_input' });
    expect(dotState({ session: s, activity: speaking('a'), queued: new Set(['b']) })).toBe('queued');
  });

  it('lets exited, dialog and permission prompts win over voice activity', () => {
    for (const state of ['exited', 'dialog'] as const) {
      const s = session({ id: 'a', state });
      expect(dotState({ session: s, activity: speaking('a'), queued: new Set(['a']) })).toBe(state);
    }
    // The hub's coming `waiting_permission` state already has its dot.
    const permission = { id: 'a', state: 'waiting_permission' } as unknown as Parameters<
      typeof dotState
    >[0]['session'];
    expect(dotState({ session: permission, activity: null, queued: new Set(['a']) })).toBe(
      'waiting_permission',
    );
    expect(dotInfo('waiting_permission')).toEqual({ label: 'Waiting for permission', attention: true });
  });
});

describe('the attention badge', () => {
  const context = { activity: null, queued: none, selectedId: 'a' };

  it('badges a background session with queued speech', () => {
    const tab = tabView(session({ id: 'b', state: 'waiting_input', pendingConverse: 'Deploy?' }), {
      ...context,
      activity: speaking('a'),
      queued: new Set(['b']),
    });
    expect(tab).toMatchObject({ dot: 'queued', badge: true, badgeReason: 'Waiting to speak' });
  });

  it('badges a background session with a waiting question, a dialog or a permission prompt', () => {
    expect(tabView(session({ id: 'b', state: 'busy', pendingConverse: 'Deploy?' }), context).badge).toBe(
      true,
    );
    expect(tabView(session({ id: 'b', state: 'dialog' }), context).badge).toBe(true);
    expect(tabView(session({ id: 'b', state: 'waiting_input' }), context).badge).toBe(true);
  });

  it('never badges the selected session, a calm one, or the one being heard right now', () => {
    expect(tabView(session({ id: 'a', state: 'dialog', pendingConverse: 'x' }), context).badge).toBe(false);
    expect(tabView(session({ id: 'b', state: 'idle' }), context).badge).toBe(false);
    const heard = tabView(session({ id: 'b', state: 'busy', pendingConverse: 'Deploy?' }), {
      ...context,
      activity: speaking('b', 'listening'),
    });
    expect(heard).toMatchObject({ dot: 'listening', badge: false, badgeReason: '' });
  });

  it('does not badge an exited session for a question it can no longer ask', () => {
    expect(tabView(session({ id: 'b', state: 'exited', pendingConverse: 'x' }), context).badge).toBe(false);
  });

  it('badges a background session with its number of pending permission requests', () => {
    const permissions = new Map([['b', 2]]);
    const tab = tabView(session({ id: 'b', state: 'busy' }), { ...context, permissions });
    expect(tab).toMatchObject({
      dot: 'waiting_permission',
      badge: true,
      badgeReason: '2 permission requests waiting',
      permissions: 2,
    });
    // The selected session shows them in its conversation instead.
    expect(
      tabView(session({ id: 'a', state: 'busy' }), { ...context, permissions: new Map([['a', 1]]) }).badge,
    ).toBe(false);
  });

  it("shows a pending request before the hub's state says so (the two messages race)", () => {
    // Regression: the permission message can arrive before session_status(waiting_permission).
    const s = session({ id: 'b', state: 'busy' });
    expect(dotState({ session: s, activity: speaking('b'), queued: none, pendingPermissions: 1 })).toBe(
      'waiting_permission',
    );
    expect(
      dotState({
        session: session({ id: 'b', state: 'dialog' }),
        activity: null,
        queued: none,
        pendingPermissions: 1,
      }),
    ).toBe('dialog');
  });

  it('ignores requests of an exited session (the hub cancels them)', () => {
    const tab = tabView(session({ id: 'b', state: 'exited' }), {
      ...context,
      permissions: new Map([['b', 1]]),
    });
    expect(tab).toMatchObject({ dot: 'exited', badge: false, permissions: 0 });
  });

  it('carries the unread inbox count for the tab', () => {
    expect(tabView(session({ id: 'b', inboxWaiting: 3 }), context).unread).toBe(3);
  });
});
