import { describe, expect, it } from 'vitest';
import {
  focusAfterRemoval,
  inboxKeyCommand,
  moveFocus,
  type InboxKeyInput,
} from '../../../web/app/state/inbox-keys.js';

const key = (k: string, extra: Partial<InboxKeyInput> = {}): InboxKeyInput => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  repeat: false,
  isComposing: false,
  inText: false,
  ...extra,
});

describe('the inbox keys', () => {
  it('decides the focused request with a, Shift+A and d', () => {
    expect(inboxKeyCommand(key('a'))).toEqual({ kind: 'allow' });
    expect(inboxKeyCommand(key('A', { shiftKey: true }))).toEqual({ kind: 'always' });
    expect(inboxKeyCommand(key('d'))).toEqual({ kind: 'deny' });
    expect(inboxKeyCommand(key('D', { shiftKey: true }))).toEqual({ kind: 'deny' });
  });

  it('moves with j/k, the arrows, Home and End', () => {
    expect(inboxKeyCommand(key('j'))).toEqual({ kind: 'move', to: 'next' });
    expect(inboxKeyCommand(key('ArrowDown'))).toEqual({ kind: 'move', to: 'next' });
    expect(inboxKeyCommand(key('k'))).toEqual({ kind: 'move', to: 'previous' });
    expect(inboxKeyCommand(key('ArrowUp'))).toEqual({ kind: 'move', to: 'previous' });
    expect(inboxKeyCommand(key('Home'))).toEqual({ kind: 'move', to: 'first' });
    expect(inboxKeyCommand(key('End'))).toEqual({ kind: 'move', to: 'last' });
    // Moving may repeat (holding j walks down the list).
    expect(inboxKeyCommand(key('j', { repeat: true }))).toEqual({ kind: 'move', to: 'next' });
  });

  it('never decides on auto-repeat: holding "a" allows one request, not the list', () => {
    expect(inboxKeyCommand(key('a', { repeat: true }))).toBeNull();
    expect(inboxKeyCommand(key('d', { repeat: true }))).toBeNull();
  });

  it('does not take "always" from Caps Lock (an A without Shift)', () => {
    expect(inboxKeyCommand(key('A'))).toBeNull();
  });

  it('leaves keys alone while typing the deny message, composing, or with modifiers', () => {
    expect(inboxKeyCommand(key('a', { inText: true }))).toBeNull();
    expect(inboxKeyCommand(key('j', { inText: true }))).toBeNull();
    expect(inboxKeyCommand(key('a', { isComposing: true }))).toBeNull();
    expect(inboxKeyCommand(key('a', { ctrlKey: true }))).toBeNull(); // select all
    expect(inboxKeyCommand(key('d', { metaKey: true }))).toBeNull(); // bookmark
    expect(inboxKeyCommand(key('a', { altKey: true }))).toBeNull();
    expect(inboxKeyCommand(key('x'))).toBeNull();
  });
});

describe('focus in the inbox', () => {
  const ids = ['r1', 'r2', 'r3'];

  it('moves and stops at the ends', () => {
    expect(moveFocus(ids, 'r1', 'next')).toBe('r2');
    expect(moveFocus(ids, 'r3', 'next')).toBe('r3');
    expect(moveFocus(ids, 'r1', 'previous')).toBe('r1');
    expect(moveFocus(ids, 'r2', 'last')).toBe('r3');
    expect(moveFocus(ids, null, 'next')).toBe('r1');
    expect(moveFocus([], 'r1', 'next')).toBeNull();
  });

  it('goes on with the next request when the focused one was decided, else the one before', () => {
    expect(focusAfterRemoval(ids, ['r1', 'r3'], 'r2')).toBe('r3');
    expect(focusAfterRemoval(ids, ['r1', 'r2'], 'r3')).toBe('r2');
    expect(focusAfterRemoval(ids, ['r1', 'r2', 'r3'], 'r2')).toBe('r2');
    expect(focusAfterRemoval(ids, [], 'r2')).toBeNull();
    // Several left at once (a bulk allow): the nearest survivor after it.
    expect(focusAfterRemoval(['r1', 'r2', 'r3', 'r4'], ['r1', 'r4'], 'r2')).toBe('r4');
  });
});
