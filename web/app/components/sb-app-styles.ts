import { css } from 'lit';
import { sharedStyles } from '../styles/shared.js';

/** sb-app's layout: header, tabs, banners, the view, the voice bar; the whole viewport, no page scroll. */
export const appStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100dvh;
      background: var(--sb-bg);
      color: var(--sb-text);
    }
    .tabs {
      padding: 0.35rem clamp(0.75rem, 3vw, 2rem) 0;
      border-bottom: 1px solid var(--sb-border);
      background: var(--sb-bg);
    }
    main {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .panel {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .panel > * {
      flex: 1;
      min-height: 0;
    }
    /* A session's terminal: beside its conversation, half and half, where there is room... */
    .panel[data-terminal] {
      flex-direction: row;
    }
    .panel[data-terminal] > * {
      flex: 1 1 0;
      min-width: 0;
    }
    /* The split handle gives the terminal its basis (a share of the width, 50% at first). */
    .panel[data-terminal] > sb-terminal-dock {
      flex: 0 0 50%;
    }
    .panel[data-terminal] > sb-split-handle {
      flex: none;
    }
    /* ...and over everything on a phone or a narrow window (the pane's own toolbar closes it). */
    @media (max-width: 899px) {
      .panel[data-terminal] {
        flex-direction: column;
      }
      sb-split-handle {
        display: none;
      }
      sb-terminal-dock {
        position: fixed;
        inset: 0;
        z-index: 40;
        padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom)
          env(safe-area-inset-left);
      }
    }
    .empty {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      text-align: center;
      gap: 0.5rem;
      padding: 2rem 1rem;
      color: var(--sb-text-soft);
    }
    .empty h2 {
      margin: 0;
      color: var(--sb-text);
    }
    .empty p {
      margin: 0 0 0.75rem;
      max-width: 28rem;
      line-height: 1.5;
    }
  `,
];
