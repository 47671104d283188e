import { describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../../protocol/messages.js';
import {
  HUMAN_QUIET_MS,
  TURN_START_GRACE_MS,
  decideDelivery,
  formatPrompt,
  kindOfMessage,
  promptFor,
  stripControl,
  type DeliverySnapshot,
} from '../../../server/messaging/delivery-rules.js';

const NOW = 1_000_000;
const snapshot = (over: Partial<DeliverySnapshot> = {}): DeliverySnapshot => ({
  state: 'idle',
  dialogOpen: false,
  lastHumanInputAt: null,
  injectedAt: null,
  waiting: [{ kind: 'task' }],
  now: NOW,
  ...over,
});

describe('when the hub may type messages into a session', () => {
  it('types a waiting task into an idle or freshly ready session', () => {
    expect(decideDelivery(snapshot())).toEqual({ action: 'type' });
    expect(decideDelivery(snapshot({ state: 'ready' }))).toEqual({ action: 'type' });
  });

  it('never types into a busy session, one waiting on the person, or behind a dialog', () => {
    for (const state of ['busy', 'waiting_input', 'waiting_permission', 'starting', 'exited'] as const) {
      expect(decideDelivery(snapshot({ state })).action, state).toBe('wait');
    }
    expect(decideDelivery(snapshot({ dialogOpen: true })).action).toBe('wait');
  });

  it('lets notes wait for the next turn: they never wake a session', () => {
    expect(decideDelivery(snapshot({ waiting: [{ kind: 'note' }, { kind: 'note' }] }))).toMatchObject({
      action: 'wait',
      retryInMs: null,
    });
  });

  it('holds off while a person typed in the last 500 ms, and says when to look again', () => {
    expect(decideDelivery(snapshot({ lastHumanInputAt: NOW - 100 }))).toEqual({
      action: 'wait',
      reason: 'a person is typing',
      retryInMs: HUMAN_QUIET_MS - 100,
    });
    expect(decideDelivery(snapshot({ lastHumanInputAt: NOW - HUMAN_QUIET_MS }))).toEqual({ action: 'type' });
  });

  it('Regression guard: does not type again before the turn its last prompt started has begun', () => {
    const decision = decideDelivery(snapshot({ injectedAt: NOW - 1_000 }));
    expect(decision).toMatchObject({ action: 'wait', retryInMs: TURN_START_GRACE_MS - 1_000 });
    expect(decideDelivery(snapshot({ injectedAt: NOW - TURN_START_GRACE_MS }))).toEqual({ action: 'type' });
  });
});

const message = (id: number, kind: 'task' | 'note', text: string): InboxMessage => ({
  id,
  sessionId: 's',
  from: 'orchestrator',
  fromSessionId: null,
  kind,
  text,
  createdAt: '',
  deliveredAt: null,
  eventId: id,
});

describe('what is typed', () => {
  it('heads each message with its kind, sender and id, oldest first', () => {
    expect(
      formatPrompt([message(3, 'task', 'Run the tests.'), message(4, 'note', 'CI is slow today.')]),
    ).toBe(
      '[task from orchestrator, message 3]\nRun the tests.\n\n[note from orchestrator, message 4]\nCI is slow today.',
    );
  });

  it('strips control bytes (escape sequences, ^C) but keeps newlines and tabs', () => {
    expect(stripControl('a\u001b[31mred\u0003\tb\r\nc\u007f')).toBe('a[31mred\tb\nc');
  });
});

// Issue 12, finding 1: a session sent `{kind: "task", body: "id > marker.txt"}` to a shell-only
// session, and the hub typed it into bash as the hub's user.
describe('what a session may ask of another', () => {
  const claude = { command: null, acceptsSessionTasks: false };
  it('turns a session’s task into a note unless the receiver takes tasks from sessions', () => {
    expect(kindOfMessage('task', true, claude)).toBe('note');
    expect(kindOfMessage('task', true, { ...claude, acceptsSessionTasks: true })).toBe('task');
    expect(kindOfMessage('note', true, { ...claude, acceptsSessionTasks: true })).toBe('note');
  });

  it('never lets a session task a shell-only session, even one marked as taking them', () => {
    expect(kindOfMessage('task', true, { command: 'bash', acceptsSessionTasks: true })).toBe('note');
  });

  it('leaves the person’s tasks alone (REST, the CLI, the page, MCP)', () => {
    expect(kindOfMessage('task', false, claude)).toBe('task');
    expect(kindOfMessage('task', false, { command: 'bash', acceptsSessionTasks: false })).toBe('task');
  });

  it('types only tasks, as written, into a shell-only session; Claude Code gets everything labelled', () => {
    const waiting = [
      message(1, 'note', 'rm -rf ~'),
      message(2, 'task', 'npm test'),
      message(3, 'task', 'ls'),
    ];
    expect(promptFor(true, waiting)).toEqual({ typed: [waiting[1], waiting[2]], text: 'npm test\nls' });
    expect(promptFor(false, waiting)).toEqual({ typed: waiting, text: formatPrompt(waiting) });
  });
});
