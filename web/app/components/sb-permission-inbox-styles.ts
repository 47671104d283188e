import { css } from 'lit';

/** sb-permission-inbox's look: the heading row, bulk buttons, groups, the empty state, recent decisions. */
export const inboxStyles = css`
  :host {
    display: block;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 1rem clamp(0.75rem, 3vw, 2rem) 1.5rem;
  }
  .inbox {
    max-width: 56rem;
    margin: 0 auto;
    display: flex;
    flex-direction: column;
    gap: 0.9rem;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.9rem;
  }
  h2 {
    margin: 0;
    font-size: 1.2rem;
  }
  h2:focus {
    outline: none;
  }
  .count {
    color: var(--sb-muted);
  }
  .filter {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    border: 1px solid var(--sb-accent);
    background: var(--sb-accent-soft);
    color: var(--sb-accent-text);
    border-radius: 999px;
    padding: 0 0 0 0.8rem;
    font-weight: 600;
    font-size: 0.9rem;
  }
  .filter .btn {
    min-height: 36px;
    border-radius: 999px;
    border: 0;
    background: transparent;
    color: inherit;
    text-decoration: underline;
    text-underline-offset: 3px;
  }
  .keys {
    margin: 0;
    color: var(--sb-muted);
    font-size: 0.82rem;
    flex-basis: 100%;
  }
  kbd {
    font:
      600 0.75rem/1 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
    border: 1px solid var(--sb-border-strong);
    border-radius: 4px;
    padding: 0.05rem 0.25rem;
  }
  .bulk {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
  }
  .list {
    display: flex;
    flex-direction: column;
    gap: 1.4rem;
  }
  .group {
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
  }
  h3 {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 0.6rem;
    margin: 0;
    font-size: 1rem;
  }
  .group-name {
    overflow-wrap: anywhere;
  }
  h3 .btn {
    min-height: 36px;
    font-size: 0.85rem;
    font-weight: 500;
    color: var(--sb-accent-text);
    text-decoration: underline;
    text-underline-offset: 3px;
  }
  .group-count {
    color: var(--sb-waiting-text);
    font-weight: 600;
    font-size: 0.88rem;
  }
  .empty {
    border: 1px dashed var(--sb-border-strong);
    border-radius: 12px;
    padding: 1.5rem 1rem;
    text-align: center;
    color: var(--sb-text-soft);
  }
  .empty p {
    margin: 0 0 0.5rem;
  }
  .recent h3 {
    color: var(--sb-text-soft);
  }
  .recent ul {
    list-style: none;
    margin: 0.4rem 0 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
    font-size: 0.88rem;
  }
  .recent li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.1rem 0.6rem;
    color: var(--sb-text-soft);
    border-bottom: 1px solid var(--sb-border);
    padding: 0.25rem 0;
  }
  .recent .what {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    overflow-wrap: anywhere;
    flex: 1 1 16rem;
    min-width: 0;
  }
  .outcome[data-state='allowed'] {
    color: var(--sb-allow-text);
    font-weight: 600;
  }
  .outcome[data-state='denied'] {
    color: var(--sb-danger-text);
    font-weight: 600;
  }
  @media (max-width: 640px) {
    .keys {
      display: none;
    }
  }
`;
