import { css } from 'lit';

/**
 * What every component shares: the focus ring, buttons, form fields and helpers. Colours come
 * from the custom properties in index.html (light and dark), which inherit into shadow roots.
 */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--sb-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
    min-height: 44px;
    min-width: 44px;
    padding: 0 0.9rem;
    border-radius: 10px;
    border: 1px solid var(--sb-border);
    background: var(--sb-surface);
    color: var(--sb-text);
    font-weight: 550;
    white-space: nowrap;
  }
  .btn:hover:not(:disabled) {
    background: var(--sb-surface-hover);
  }
  .btn.primary {
    background: var(--sb-accent);
    border-color: var(--sb-accent);
    color: var(--sb-on-accent);
  }
  .btn.primary:hover:not(:disabled) {
    background: var(--sb-accent-strong);
  }
  .btn.danger {
    background: var(--sb-danger);
    border-color: var(--sb-danger);
    color: #fff;
  }
  .btn.quiet {
    border-color: transparent;
    background: transparent;
  }
  .btn.icon {
    padding: 0;
    width: 44px;
  }
  .btn[aria-pressed='true'] {
    background: var(--sb-accent-soft);
    border-color: var(--sb-accent);
    color: var(--sb-accent-text);
  }
  svg.icon {
    width: 20px;
    height: 20px;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--sb-text);
    background: var(--sb-field);
    border: 1px solid var(--sb-border-strong);
    border-radius: 10px;
    min-height: 44px;
    padding: 0.55rem 0.7rem;
    width: 100%;
  }
  select {
    padding-right: 1.8rem;
  }
  label {
    font-weight: 600;
  }
  .hint {
    color: var(--sb-muted);
    font-size: 0.875rem;
  }
  .error {
    color: var(--sb-danger-text);
    background: var(--sb-danger-soft);
    border: 1px solid var(--sb-danger);
    border-radius: 10px;
    padding: 0.6rem 0.8rem;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
