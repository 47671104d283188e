import { LitElement, css, html, nothing } from 'lit';
import { inputView } from '../state/permission-input.js';
import { toolLabel, toolRunSummary, toolState, type ToolCall } from '../state/transcript-items.js';
import { sharedStyles } from '../styles/shared.js';
import { inputViewStyles, renderInputView } from './permission-input-view.js';

/**
 * A run of consecutive tool calls in the transcript: one line ("Ran 3 tools: Bash npm test ✓, …"),
 * collapsed by default, that opens to each call's input (as a permission request shows it) and
 * its output or error. A native <details>: the open state stays with the element while the run
 * grows (sb-transcript keys it by the run's first entry).
 */
export class SbToolActivity extends LitElement {
  static override properties = { calls: { attribute: false } };

  declare calls: readonly ToolCall[];

  constructor() {
    super();
    this.calls = [];
  }

  static override styles = [
    sharedStyles,
    inputViewStyles,
    css`
      :host {
        display: block;
      }
      details {
        border: 1px solid var(--sb-border);
        border-radius: 10px;
        background: color-mix(in srgb, var(--sb-surface) 60%, transparent);
        font-size: 0.88rem;
      }
      summary {
        cursor: pointer;
        padding: 0.35rem 0.7rem;
        color: var(--sb-text-soft);
        overflow-wrap: anywhere;
        list-style-position: inside;
      }
      summary:focus-visible {
        outline: 2px solid var(--sb-focus);
        outline-offset: 2px;
        border-radius: 10px;
      }
      details[data-state='failed'] summary {
        color: var(--sb-danger-text);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0 0.7rem 0.6rem;
        display: flex;
        flex-direction: column;
        gap: 0.7rem;
      }
      .call-head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: baseline;
        margin-bottom: 0.25rem;
      }
      .name {
        font-weight: 650;
      }
      .state {
        font-size: 0.78rem;
        color: var(--sb-muted);
      }
      li[data-state='failed'] .state {
        color: var(--sb-danger-text);
        font-weight: 650;
      }
      .output {
        max-height: 16rem;
      }
      li[data-state='failed'] .output {
        border-color: var(--sb-danger);
        color: var(--sb-danger-text);
      }
    `,
  ];

  override render() {
    const failed = this.calls.some((c) => toolState(c) === 'failed');
    return html`<details data-testid="tool-activity" data-state=${failed ? 'failed' : 'ok'}>
      <summary data-testid="tool-activity-summary">${toolRunSummary(this.calls)}</summary>
      <ol>
        ${this.calls.map((call) => this.renderCall(call))}
      </ol>
    </details>`;
  }

  private renderCall(call: ToolCall) {
    const state = toolState(call);
    const stateText = { running: 'running', done: 'done', failed: 'failed' }[state];
    return html`<li data-testid="tool-call" data-state=${state} data-tool=${call.name}>
      <div class="call-head">
        <span class="name">${toolLabel(call.name)}</span><span class="state">${stateText}</span>
      </div>
      ${call.input === null ? nothing : renderInputView(inputView(call.name, call.input))}
      ${
        call.result === null || call.result.output === null || call.result.output === ''
          ? nothing
          : html`<div class="block-label">${state === 'failed' ? 'Error' : 'Output'}</div>
              <pre
                class="code output"
                data-testid="tool-output"
                tabindex="0"
                aria-label=${state === 'failed' ? 'Error' : 'Output'}
              ><code>${call.result.output}</code></pre>`
      }
    </li>`;
  }
}

customElements.define('sb-tool-activity', SbToolActivity);

declare global {
  interface HTMLElementTagNameMap {
    'sb-tool-activity': SbToolActivity;
  }
}
