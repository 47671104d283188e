import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PageLog } from '../log.js';
import { prefs } from '../prefs.js';

export type TerminalDocksOptions = {
  /** The docked terminal of `id` was closed (or popped out): focus goes back to its toggle. */
  closed: (id: string) => void;
  log: PageLog;
};

/**
 * Which sessions show their terminal beside the conversation, remembered per session in this
 * browser, and how wide it is. Listens for `sb-terminal-toggle` from anywhere in the host (the
 * conversation's "Terminal" button, the dock's close and "Pop out") and `sb-terminal-share` (the
 * split handle), and loads the terminal's code (xterm.js) the first time one is shown, so a page
 * that never opens one never downloads it.
 */
export class TerminalDocks implements ReactiveController {
  private loading: Promise<unknown> | undefined;
  /** This visit's choices: they hold even where the browser will not store them. */
  private readonly chosen = new Map<string, boolean>();
  /** The docked terminal's share of the panel's width, in percent. */
  share = prefs.terminalShare();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: TerminalDocksOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('sb-terminal-toggle', this.onToggle);
    this.host.addEventListener('sb-terminal-share', this.onShare);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('sb-terminal-toggle', this.onToggle);
    this.host.removeEventListener('sb-terminal-share', this.onShare);
  }

  /** Whether `id`'s terminal is shown; the first time it is, its code starts loading. */
  isOpen(id: string): boolean {
    const open = this.chosen.get(id) ?? prefs.terminalOpen(id);
    if (open) this.load();
    return open;
  }

  set(id: string, open: boolean): void {
    this.chosen.set(id, open);
    prefs.setTerminalOpen(id, open);
    this.host.requestUpdate();
    if (!open) void this.host.updateComplete.then(() => this.options.closed(id));
  }

  private load(): void {
    this.loading ??= import('../terminal/sb-terminal-dock.js').catch((error: unknown) => {
      this.loading = undefined;
      this.options.log.error('the terminal could not load', error);
    });
  }

  private readonly onToggle = (event: CustomEvent<{ id: string; open: boolean }>) =>
    this.set(event.detail.id, event.detail.open);

  /** Follows the split handle as it moves; stored once it stops. */
  private readonly onShare = (event: CustomEvent<{ share: number; done: boolean }>) => {
    this.share = event.detail.share;
    if (event.detail.done) prefs.setTerminalShare(this.share);
    this.host.requestUpdate();
  };
}
