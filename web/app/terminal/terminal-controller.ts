import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type IDisposable } from '@xterm/xterm';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadFontSize, storeFontSize, zoomFont } from './font-zoom.js';
import { TerminalConnection, type GetTerminalTicket, type TerminalStatus } from './terminal-connection.js';

export type TerminalControllerOptions = {
  getTicket: () => GetTerminalTicket;
  onStatus: (status: TerminalStatus) => void;
  onFontSize: (size: number) => void;
  /** Ctrl+Shift+F in the terminal. */
  onSearchRequest: () => void;
};

/** Dark whatever the page's theme: Claude Code and most TUIs pick their colours for one. */
const THEME = {
  background: '#12161d',
  foreground: '#e7ebf1',
  cursor: '#e7ebf1',
  selectionBackground: '#3b5bab',
};

/**
 * xterm.js and its socket for one element: the terminal with fit, web links and search, the
 * keys the page adds (copy on Ctrl+C with a selection, paste, font zoom), and the connection.
 * Mounted into a container of the host's shadow root; everything goes when the host leaves the DOM.
 */
export class TerminalController implements ReactiveController {
  private term: Terminal | undefined;
  private fit = new FitAddon();
  private search = new SearchAddon();
  private connection: TerminalConnection | undefined;
  private observer: ResizeObserver | undefined;
  private frame = 0;
  private disposables: IDisposable[] = [];
  private sessionId = '';
  /** The session's own window size, from the hub's hello. */
  private sessionSize: { cols: number; rows: number } | undefined;
  private fontSize = 13;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: TerminalControllerOptions,
  ) {
    host.addController(this);
  }

  get mounted(): boolean {
    return this.term !== undefined;
  }

  hostConnected(): void {
    // Moved in the DOM (docked, popped out): the host renders again and mounts anew.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.unmount();
  }

  mount(container: HTMLElement): void {
    if (this.term !== undefined) return;
    const term = new Terminal({
      fontSize: this.fontSize,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace',
      cursorBlink: true,
      scrollback: 5_000,
      theme: THEME,
      disableStdin: true,
    });
    // Addons are disposed with their terminal: a new mount needs new ones.
    this.fit = new FitAddon();
    this.search = new SearchAddon();
    term.loadAddon(this.fit);
    term.loadAddon(this.search);
    term.loadAddon(new WebLinksAddon());
    term.attachCustomKeyEventHandler((event) => this.onKey(event));
    term.open(container);
    this.term = term;
    this.disposables.push(
      term.onData((data) => this.connection?.sendText(data)),
      term.onBinary((data) => this.connection?.sendBinary(data)),
      term.onResize(({ cols, rows }) => this.connection?.resize(cols, rows)),
    );
    this.observer = new ResizeObserver(() => this.scheduleFit());
    this.observer.observe(container);
    this.fitNow();
  }

  /** (Re)connects to a session, typing allowed or not; the font size is the session's own. */
  connect(sessionId: string, write: boolean): void {
    const term = this.term;
    if (term === undefined) return;
    this.connection?.dispose();
    this.sessionId = sessionId;
    this.setFontSize(loadFontSize(sessionId));
    term.reset();
    if (sessionId === '') return;
    const connection = new TerminalConnection({
      sessionId,
      write,
      getTicket: (w, id) => this.options.getTicket()(w, id),
      size: () => ({ cols: term.cols, rows: term.rows }),
      onOutput: (bytes) => term.write(bytes),
      onStatus: (status) => {
        if (status.state === 'open') {
          this.sessionSize = { cols: status.sessionCols, rows: status.sessionRows };
          // A fresh attach redraws the whole screen: start from a clean one.
          term.reset();
          term.options.disableStdin = !status.write;
          connection.resize(term.cols, term.rows);
        } else {
          term.options.disableStdin = true;
        }
        this.options.onStatus(status);
      },
    });
    this.connection = connection;
    connection.start();
  }

  /** +1 / -1 zooms, 0 resets; remembered for this session. */
  zoom(step: number): void {
    this.setFontSize(zoomFont(this.sessionId, this.fontSize, step));
  }

  /**
   * Picks the text size at which the session's whole window fits the pane (Claude Code lays out
   * for 200 columns; a smaller viewer otherwise sees the part around the cursor).
   */
  fitSession(): void {
    const term = this.term;
    const proposed = this.fit.proposeDimensions();
    if (term === undefined || proposed === undefined || this.sessionSize === undefined) return;
    const scale = Math.min(proposed.cols / this.sessionSize.cols, proposed.rows / this.sessionSize.rows);
    this.setFontSize(storeFontSize(this.sessionId, Math.floor(this.fontSize * scale)));
  }

  find(text: string, backwards = false): boolean {
    if (text === '') {
      this.term?.clearSelection();
      return false;
    }
    return backwards
      ? this.search.findPrevious(text, { incremental: false })
      : this.search.findNext(text, { incremental: !backwards });
  }

  focus(): void {
    this.term?.focus();
  }

  private onKey(event: KeyboardEvent): boolean {
    if (event.type !== 'keydown' || this.term === undefined) return true;
    const ctrl = event.ctrlKey && !event.altKey && !event.metaKey;
    const key = event.key.toLowerCase();
    if (ctrl && key === 'c' && (event.shiftKey || this.term.hasSelection())) {
      // A selection is copied; without one Ctrl+C goes to the program (SIGINT).
      event.preventDefault();
      this.copySelection();
      return false;
    }
    // Paste: let the browser fire its paste event, which xterm turns into (bracketed) input.
    if (ctrl && key === 'v') return false;
    if (ctrl && !event.shiftKey && (key === '=' || key === '+' || key === '-' || key === '0')) {
      event.preventDefault();
      this.zoom(key === '0' ? 0 : key === '-' ? -1 : 1);
      return false;
    }
    if (ctrl && event.shiftKey && key === 'f') {
      event.preventDefault();
      this.options.onSearchRequest();
      return false;
    }
    return true;
  }

  private copySelection(): void {
    const text = this.term?.getSelection() ?? '';
    if (text === '') return;
    this.term?.clearSelection();
    // The Clipboard API needs a secure context; xterm's own copy handler is the fallback.
    if (navigator.clipboard !== undefined) void navigator.clipboard.writeText(text).catch(() => undefined);
    else document.execCommand('copy');
  }

  private setFontSize(size: number): void {
    this.fontSize = size;
    if (this.term !== undefined && this.term.options.fontSize !== size) {
      this.term.options.fontSize = size;
      this.fitNow();
    }
    this.options.onFontSize(size);
  }

  private scheduleFit(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.fitNow());
  }

  private fitNow(): void {
    const element = this.term?.element?.parentElement;
    // A hidden pane has no size: fitting it would shrink the terminal to nothing.
    if (element === undefined || element === null || element.clientWidth === 0 || element.clientHeight === 0)
      return;
    this.fit.fit();
  }

  private unmount(): void {
    cancelAnimationFrame(this.frame);
    this.connection?.dispose();
    this.connection = undefined;
    this.observer?.disconnect();
    this.observer = undefined;
    for (const disposable of this.disposables) disposable.dispose();
    this.disposables = [];
    this.term?.dispose();
    this.term = undefined;
  }
}
