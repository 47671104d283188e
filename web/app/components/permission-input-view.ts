import { css, html, nothing } from 'lit';
import type { DiffLine, EditView, Extra, InputView } from '../state/permission-input.js';

/**
 * A tool input, rendered from its InputView (state/permission-input.ts): commands and contents in
 * monospace blocks, edits as diffs whose lines carry a "−"/"+" sign as well as their colour.
 */
export function renderInputView(view: InputView) {
  switch (view.kind) {
    case 'command':
      return html`${view.description === null ? nothing : html`<p class="description" data-testid="permission-description">${view.description}</p>`}
        <pre class="code command" data-testid="permission-command"><code>${view.command}</code></pre>
        ${renderExtras(view.extras)}`;
    case 'edit':
      return html`${renderPath(view.filePath)}
      ${view.edits.map((edit, i) => renderEdit(edit, i, view.edits.length))} ${renderExtras(view.extras)}`;
    case 'content': {
      const lines = view.content === '' ? 0 : view.content.replace(/\n$/, '').split('\n').length;
      return html`${renderPath(view.filePath)}
        <div class="block-label">${view.label} (${lines === 1 ? '1 line' : `${lines} lines`})</div>
        <pre
          class="code content"
          data-testid="permission-content"
          tabindex="0"
          aria-label=${view.label}
        ><code>${view.content}</code></pre>
        ${renderExtras(view.extras)}`;
    }
    case 'json':
      return html`<pre
        class="code json"
        data-testid="permission-json"
        tabindex="0"
        aria-label="Tool input"
      ><code>${view.text}</code></pre>`;
  }
}

function renderPath(path: string) {
  return html`<div class="path" data-testid="permission-path">
    <span class="visually-hidden">File: </span>${path}
  </div>`;
}

function renderEdit(edit: EditView, index: number, total: number) {
  const counts = `${edit.removed} ${edit.removed === 1 ? 'line' : 'lines'} removed, ${edit.added} added`;
  const title = total > 1 ? `Change ${index + 1} of ${total}: ${counts}` : `Change: ${counts}`;
  return html`<div class="block-label">
      ${title}${edit.replaceAll ? html` <span class="flag">every occurrence</span>` : nothing}
    </div>
    <pre class="code diff" data-testid="permission-diff" tabindex="0" aria-label=${title}>
${edit.lines.map(renderLine)}</pre>`;
}

const SIGN: Record<Exclude<DiffLine['kind'], 'skipped'>, string> = { context: ' ', removed: '−', added: '+' };

function renderLine(line: DiffLine) {
  if (line.kind === 'skipped') {
    return html`<span class="line skipped"
      >⋯ ${line.count} unchanged ${line.count === 1 ? 'line' : 'lines'}</span
    >`;
  }
  return html`<span class="line ${line.kind}" data-line=${line.kind}
    ><span class="sign" aria-hidden="true">${SIGN[line.kind]}</span
    >${line.kind === 'context' ? nothing : html`<span class="visually-hidden">${line.kind}: </span>`}${line.text === '' ? ' ' : line.text}</span
  >`;
}

function renderExtras(extras: readonly Extra[]) {
  if (extras.length === 0) return nothing;
  return html`<dl class="extras">
    ${extras.map(
      (e) =>
        html`<div>
          <dt>${e.key}</dt>
          <dd>${e.value}</dd>
        </div>`,
    )}
  </dl>`;
}

export const inputViewStyles = css`
  .description {
    margin: 0 0 0.35rem;
    color: var(--sb-text-soft);
  }
  .path {
    font:
      600 0.88rem/1.4 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
    overflow-wrap: anywhere;
    margin-bottom: 0.35rem;
  }
  .block-label {
    font-size: 0.8rem;
    color: var(--sb-muted);
    margin: 0.35rem 0 0.2rem;
  }
  .flag {
    border: 1px solid var(--sb-border-strong);
    border-radius: 6px;
    padding: 0 0.3rem;
  }
  .code {
    margin: 0;
    font:
      0.85rem/1.45 ui-monospace,
      SFMono-Regular,
      Menlo,
      Consolas,
      monospace;
    background: var(--sb-bg);
    border: 1px solid var(--sb-border);
    border-radius: 8px;
    padding: 0.5rem 0.7rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    max-height: 22rem;
    overflow: auto;
  }
  .command {
    font-weight: 600;
    font-size: 0.95rem;
  }
  .diff {
    padding: 0.35rem 0;
  }
  .line {
    display: block;
    padding: 0 0.7rem 0 0.4rem;
  }
  .sign {
    display: inline-block;
    width: 1.2em;
    user-select: none;
    color: var(--sb-muted);
  }
  .line.removed {
    background: var(--sb-diff-removed-bg);
    color: var(--sb-diff-removed-text);
  }
  .line.added {
    background: var(--sb-diff-added-bg);
    color: var(--sb-diff-added-text);
  }
  .line.removed .sign,
  .line.added .sign {
    color: inherit;
    font-weight: 700;
  }
  .line.skipped {
    color: var(--sb-muted);
    font-style: italic;
    padding-left: 1.6rem;
  }
  .extras {
    display: flex;
    flex-wrap: wrap;
    gap: 0.2rem 1rem;
    margin: 0.4rem 0 0;
    font-size: 0.82rem;
  }
  .extras div {
    display: flex;
    gap: 0.35rem;
    min-width: 0;
  }
  .extras dt {
    color: var(--sb-muted);
  }
  .extras dd {
    margin: 0;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    overflow-wrap: anywhere;
  }
`;
