import { LitElement, css, html } from 'lit';
import { fire } from '../events.js';
import { clampShare, MAX_TERMINAL_SHARE, MIN_TERMINAL_SHARE } from '../state/terminal-share.js';

/** Arrow keys move the split by this much (percent of the panel). */
const STEP = 5;

/**
 * The bar between a conversation and its terminal: drag it (or focus it and use the arrow keys)
 * to give the terminal more or less of the width. Fires `sb-terminal-share` with the terminal's
 * share in percent while moving (`done: false`) and once at the end (`done: true`).
 */
export class SbSplitHandle extends LitElement {
  static override properties = { share: { type: Number } };

  /** The terminal's share of the parent's width, in percent. */
  declare share: number;
  private dragging = false;

  constructor() {
    super();
    this.share = 50;
  }

  static override styles = css`
    :host {
      flex: none;
      width: 9px;
      margin: 0 -4px;
      position: relative;
      z-index: 1;
      cursor: col-resize;
      touch-action: none;
      display: flex;
      justify-content: center;
    }
    :host(:focus-visible) {
      outline: 3px solid var(--sb-focus);
      outline-offset: -3px;
    }
    .bar {
      width: 1px;
      height: 100%;
      background: var(--sb-border);
    }
    :host(:hover) .bar,
    :host(:focus-visible) .bar,
    :host([data-dragging]) .bar {
      width: 3px;
      background: var(--sb-focus);
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'separator');
    this.setAttribute('aria-orientation', 'vertical');
    this.setAttribute('aria-label', 'Terminal width');
    this.setAttribute('aria-valuemin', String(MIN_TERMINAL_SHARE));
    this.setAttribute('aria-valuemax', String(MAX_TERMINAL_SHARE));
    this.tabIndex = 0;
    this.addEventListener('pointerdown', this.onDown);
    this.addEventListener('pointermove', this.onMove);
    this.addEventListener('pointerup', this.onUp);
    this.addEventListener('pointercancel', this.onUp);
    this.addEventListener('keydown', this.onKey);
  }

  override render() {
    return html`<div class="bar"></div>`;
  }

  protected override updated(): void {
    this.setAttribute('aria-valuenow', String(Math.round(this.share)));
  }

  private readonly onDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.preventDefault();
    this.dragging = true;
    this.toggleAttribute('data-dragging', true);
    this.setPointerCapture(event.pointerId);
  };

  private readonly onMove = (event: PointerEvent) => {
    if (this.dragging) this.send(this.shareAt(event.clientX), false);
  };

  private readonly onUp = (event: PointerEvent) => {
    if (!this.dragging) return;
    this.dragging = false;
    this.toggleAttribute('data-dragging', false);
    this.send(this.shareAt(event.clientX), true);
  };

  private readonly onKey = (event: KeyboardEvent) => {
    // The terminal is on the right: moving the bar left makes it wider.
    const delta = { ArrowLeft: STEP, ArrowRight: -STEP }[event.key];
    if (delta === undefined) return;
    event.preventDefault();
    this.send(this.share + delta, true);
  };

  /** The terminal's share if the bar were at `x`: what lies right of it, of the parent's width. */
  private shareAt(x: number): number {
    const box = this.parentElement?.getBoundingClientRect();
    if (box === undefined || box.width === 0) return this.share;
    return ((box.right - x) / box.width) * 100;
  }

  private send(share: number, done: boolean): void {
    fire(this, 'sb-terminal-share', { share: clampShare(share), done });
  }
}

customElements.define('sb-split-handle', SbSplitHandle);

declare global {
  interface HTMLElementTagNameMap {
    'sb-split-handle': SbSplitHandle;
  }
}
