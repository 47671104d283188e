import { css } from 'lit';

/**
 * The status dot, one look per DotState (state/session-dot.ts). Colour is never the only cue:
 * every dot also has its state in words (tooltip, aria-description, the roster's State column).
 */
export const dotStyles = css`
  .dot {
    flex: none;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: var(--sb-dot-idle);
    box-shadow: 0 0 0 2px var(--sb-surface);
  }
  .dot[data-dot='starting'] {
    background: var(--sb-dot-muted);
    animation: sb-blink 1.4s ease-in-out infinite;
  }
  .dot[data-dot='ready'],
  .dot[data-dot='idle'] {
    background: var(--sb-dot-ready);
  }
  .dot[data-dot='busy'] {
    background: transparent;
    border: 2px solid var(--sb-dot-busy);
    border-right-color: transparent;
    animation: sb-spin 1s linear infinite;
  }
  .dot[data-dot='waiting_input'],
  .dot[data-dot='queued'] {
    background: var(--sb-dot-waiting);
  }
  .dot[data-dot='queued'] {
    background: transparent;
    border: 3px solid var(--sb-dot-waiting);
  }
  .dot[data-dot='dialog'],
  .dot[data-dot='waiting_permission'] {
    background: var(--sb-dot-attention);
    border-radius: 3px;
    transform: rotate(45deg) scale(0.85);
  }
  .dot[data-dot='speaking'] {
    background: var(--sb-dot-speaking);
    animation: sb-ring-speak 1.2s ease-out infinite;
  }
  .dot[data-dot='listening'] {
    background: var(--sb-dot-listening);
    animation: sb-ring-listen 1.2s ease-out infinite;
  }
  .dot[data-dot='exited'] {
    background: transparent;
    border: 2px solid var(--sb-dot-muted);
  }
  @keyframes sb-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @keyframes sb-blink {
    50% {
      opacity: 0.35;
    }
  }
  @keyframes sb-ring-speak {
    from {
      box-shadow: 0 0 0 0 color-mix(in srgb, var(--sb-dot-speaking) 60%, transparent);
    }
    to {
      box-shadow: 0 0 0 7px transparent;
    }
  }
  @keyframes sb-ring-listen {
    from {
      box-shadow: 0 0 0 0 color-mix(in srgb, var(--sb-dot-listening) 60%, transparent);
    }
    to {
      box-shadow: 0 0 0 7px transparent;
    }
  }
`;
