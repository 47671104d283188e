/**
 * The page's keyboard shortcuts as a pure mapping from a key event to a command:
 * Space held = push to talk (only when focus is not on something Space already operates),
 * Esc = interrupt, Alt+1..9 = switch to that tab. None of them inside a terminal pane.
 */

export type KeyInput = {
  type: 'keydown' | 'keyup';
  key: string;
  /** Physical key: Alt+1 gives key "¡" on a Mac, but code is still "Digit1". */
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  repeat: boolean;
  /** An IME is composing: keys belong to it. */
  isComposing: boolean;
  /** What has focus, as far as the shortcuts care. */
  focus: 'text' | 'control' | 'none';
  /** A modal dialog is open: it owns Esc and the keyboard. */
  modalOpen: boolean;
  /**
   * The key comes from inside a terminal pane (its screen, its search box, its buttons): every
   * key is the terminal's there (Esc for vim and Claude Code, Alt+1 for readline, Space for text).
   */
  inTerminal: boolean;
};

export type KeyCommand =
  | { kind: 'talk_press' }
  /** Auto-repeat of a held Space: nothing to do, but the key is ours (no page scroll). */
  | { kind: 'talk_hold' }
  | { kind: 'talk_release' }
  | { kind: 'interrupt' }
  | { kind: 'select_tab'; index: number };

export function keyCommand(input: KeyInput): KeyCommand | null {
  if (input.isComposing || input.modalOpen || input.inTerminal) return null;
  if (input.key === 'Escape') {
    return input.type === 'keydown' && !input.repeat ? { kind: 'interrupt' } : null;
  }
  if (input.type === 'keydown' && input.altKey && !input.ctrlKey && !input.metaKey && !input.shiftKey) {
    const digit = /^Digit([1-9])$/.exec(input.code);
    if (digit !== null) return { kind: 'select_tab', index: Number(digit[1]) - 1 };
  }
  const space = input.code === 'Space' || input.key === ' ';
  const plain = !input.altKey && !input.ctrlKey && !input.metaKey && !input.shiftKey;
  // In a text box Space types a space; on a button or tab it presses it.
  if (!space || !plain || input.focus !== 'none') return null;
  if (input.type === 'keyup') return { kind: 'talk_release' };
  return input.repeat ? { kind: 'talk_hold' } : { kind: 'talk_press' };
}

/** The tag of the terminal pane (web/app/terminal/sb-terminal-pane.ts). */
const TERMINAL_PANE = 'sb-terminal-pane';

/**
 * Whether an event passed through a terminal pane, given its `composedPath()`: the path crosses
 * shadow roots, so a key on xterm's hidden textarea deep inside the pane still shows the pane.
 */
export function isFromTerminalPane(path: readonly EventTarget[]): boolean {
  return path.some((target) => (target as { localName?: unknown }).localName === TERMINAL_PANE);
}
