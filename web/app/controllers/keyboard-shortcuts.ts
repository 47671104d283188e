import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isFromTerminalPane, keyCommand, type KeyCommand, type KeyInput } from '../state/keymap.js';

export type ShortcutOptions = {
  onCommand: (command: KeyCommand) => void;
  /** A modal dialog of the page is open (it owns the keyboard then). */
  modalOpen: () => boolean;
};

/**
 * Space (push to talk), Esc (interrupt) and Alt+1..9 (tabs), page-wide except inside a terminal
 * pane; the rules are in keymap.ts.
 */
export class KeyboardShortcuts implements ReactiveController {
  private readonly listener = (event: KeyboardEvent) => this.onKey(event);

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ShortcutOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.listener);
    window.addEventListener('keyup', this.listener);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.listener);
    window.removeEventListener('keyup', this.listener);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented) return;
    const input: KeyInput = {
      type: event.type === 'keyup' ? 'keyup' : 'keydown',
      key: event.key,
      code: event.code,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      shiftKey: event.shiftKey,
      repeat: event.repeat,
      isComposing: event.isComposing,
      focus: focusKind(deepActiveElement()),
      modalOpen: this.options.modalOpen(),
      inTerminal: isFromTerminalPane(event.composedPath()),
    };
    const command = keyCommand(input);
    if (command === null) return;
    if (command.kind !== 'interrupt') event.preventDefault(); // Esc may still close a popup
    this.options.onCommand(command);
  }
}

/** The focused element, looking through open shadow roots (Lit components). */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function focusKind(element: Element | null): KeyInput['focus'] {
  if (element === null || element === document.body) return 'none';
  if (element instanceof HTMLElement && element.isContentEditable) return 'text';
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return 'text';
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return ['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(type) ? 'control' : 'text';
  }
  const role = element.getAttribute('role');
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'tab') return 'control';
  // A focused permission request: its keys are a/d/j/k, and Space scrolls the inbox, not talks.
  if (role === 'article') return 'control';
  return 'none';
}
