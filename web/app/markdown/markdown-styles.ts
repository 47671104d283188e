import { css } from 'lit';

/**
 * How a session's rendered Markdown looks inside a transcript bubble (`.md`): compact paragraphs
 * and lists, code monospaced, a code block scrolling sideways rather than widening the page on a
 * phone, tables the same.
 */
export const markdownStyles = css`
  .md {
    overflow-wrap: anywhere;
  }
  .md > :first-child {
    margin-top: 0;
  }
  .md > :last-child {
    margin-bottom: 0;
  }
  .md p,
  .md ul,
  .md ol,
  .md pre,
  .md blockquote,
  .md table {
    margin: 0.45rem 0;
  }
  .md ul,
  .md ol {
    padding-left: 1.3rem;
  }
  .md h1,
  .md h2,
  .md h3,
  .md h4,
  .md h5,
  .md h6 {
    font-size: 1rem;
    margin: 0.6rem 0 0.3rem;
  }
  .md h1,
  .md h2 {
    font-size: 1.08rem;
  }
  .md code {
    font:
      0.88em/1.4 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
    background: var(--sb-bg);
    border: 1px solid var(--sb-border);
    border-radius: 4px;
    padding: 0 0.25em;
  }
  .md pre {
    background: var(--sb-bg);
    border: 1px solid var(--sb-border);
    border-radius: 8px;
    padding: 0.5rem 0.7rem;
    overflow-x: auto;
    max-height: 24rem;
  }
  .md pre code {
    background: none;
    border: 0;
    padding: 0;
    white-space: pre;
    overflow-wrap: normal;
  }
  .md blockquote {
    border-left: 3px solid var(--sb-border-strong);
    padding-left: 0.6rem;
    color: var(--sb-text-soft);
  }
  .md table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
  }
  .md th,
  .md td {
    border: 1px solid var(--sb-border);
    padding: 0.2rem 0.5rem;
  }
  .md a {
    color: var(--sb-accent-text);
  }
  .md hr {
    border: 0;
    border-top: 1px solid var(--sb-border);
  }
`;
