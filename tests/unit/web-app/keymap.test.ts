import { describe, expect, it } from 'vitest';
import { isFromTerminalPane, keyCommand, type KeyInput } from '../../../web/app/state/keymap.js';

const key = (overrides: Partial<KeyInput>): KeyInput => ({
  type: 'keydown',
  key: ' ',
  code: 'Space',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  repeat: false,
  isComposing: false,
  focus: 'none',
  modalOpen: false,
  inTerminal: false,
  ...overrides,
});

describe('keyboard shortcuts', () => {
  it('holds Space to talk: press, auto-repeat kept (no page scroll), release', () => {
    expect(keyCommand(key({}))).toEqual({ kind: 'talk_press' });
    expect(keyCommand(key({ repeat: true }))).toEqual({ kind: 'talk_hold' });
    expect(keyCommand(key({ type: 'keyup' }))).toEqual({ kind: 'talk_release' });
  });

  it('leaves Space to text boxes, buttons and tabs, and to modifier combinations', () => {
    expect(keyCommand(key({ focus: 'text' }))).toBeNull();
    expect(keyCommand(key({ focus: 'control' }))).toBeNull();
    expect(keyCommand(key({ shiftKey: true }))).toBeNull();
  });

  it('interrupts on Esc, even from the reply box, once per press', () => {
    expect(keyCommand(key({ key: 'Escape', code: 'Escape', focus: 'text' }))).toEqual({ kind: 'interrupt' });
    expect(keyCommand(key({ key: 'Escape', code: 'Escape', repeat: true }))).toBeNull();
    expect(keyCommand(key({ key: 'Escape', code: 'Escape', type: 'keyup' }))).toBeNull();
  });

  it('switches tabs with Alt+1..9 by physical key (Alt+1 types "¡" on a Mac)', () => {
    expect(keyCommand(key({ key: '¡', code: 'Digit1', altKey: true }))).toEqual({
      kind: 'select_tab',
      index: 0,
    });
    expect(keyCommand(key({ key: '9', code: 'Digit9', altKey: true, focus: 'text' }))).toEqual({
      kind: 'select_tab',
      index: 8,
    });
    expect(keyCommand(key({ key: '0', code: 'Digit0', altKey: true }))).toBeNull();
    expect(keyCommand(key({ key: '1', code: 'Digit1', altKey: true, ctrlKey: true }))).toBeNull();
  });

  it('stays out of the way of a modal dialog and of an input method', () => {
    expect(keyCommand(key({ key: 'Escape', code: 'Escape', modalOpen: true }))).toBeNull();
    expect(keyCommand(key({ isComposing: true }))).toBeNull();
  });

  it('leaves every key to a terminal pane: Space, Esc (vim, Claude Code) and Alt+digits (readline)', () => {
    expect(keyCommand(key({ inTerminal: true }))).toBeNull();
    expect(keyCommand(key({ type: 'keyup', inTerminal: true }))).toBeNull();
    expect(keyCommand(key({ key: 'Escape', code: 'Escape', inTerminal: true }))).toBeNull();
    expect(keyCommand(key({ key: '1', code: 'Digit1', altKey: true, inTerminal: true }))).toBeNull();
  });

  it("finds the pane in an event's composed path, through shadow roots", () => {
    const node = (localName: string) => ({ localName }) as unknown as EventTarget;
    // xterm's textarea, inside the pane's shadow root, inside sb-app's.
    const fromPane = [node('textarea'), node('div'), node('sb-terminal-pane'), node('main'), node('sb-app')];
    expect(isFromTerminalPane(fromPane)).toBe(true);
    expect(isFromTerminalPane([node('textarea'), node('sb-reply-box'), node('sb-app')])).toBe(false);
    // window and document have no localName.
    expect(isFromTerminalPane([{} as EventTarget, node('body')])).toBe(false);
    expect(isFromTerminalPane([])).toBe(false);
  });
});
