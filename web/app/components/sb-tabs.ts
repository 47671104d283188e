import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { fire } from '../events.js';
import type { TabView } from '../state/session-dot.js';
import { sharedStyles } from '../styles/shared.js';
import { icons } from './icons.js';
import { dotStyles } from './dot-styles.js';

/**
 * The session tabs: a tablist with roving focus (arrows, Home, End), a status dot per tab and a
 * badge when a background session needs the person. Each tab has its own close button beside it.
 * No aria-controls: the panel lives in sb-app's shadow root and ID references do not cross
 * shadow roots; sb-app labels the panel with the session's name instead.
 */
export class SbTabs extends LitElement {
  static override properties = {
    tabs: { attribute: false },
    selectedId: { attribute: false },
  };

  declare tabs: TabView[];
  declare selectedId: string | null;

  constructor() {
    super();
    this.tabs = [];
    this.selectedId = null;
  }

  static override styles = [
    sharedStyles,
    dotStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      /* Tabs wrap onto more rows rather than scroll sideways: with a dozen sessions every one
         stays in sight with its state dot and badge, and a click lands where the tab is. */
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        padding: 0.25rem 0.1rem 0.35rem;
      }
      .tab-wrap {
        display: flex;
        align-items: stretch;
        flex: none;
        min-width: 0;
        border: 1px solid var(--sb-border);
        border-radius: 12px;
        background: var(--sb-surface);
        max-width: 16rem;
      }
      .tab-wrap.selected {
        border-color: var(--sb-accent);
        background: var(--sb-accent-soft);
        box-shadow: inset 0 -3px 0 var(--sb-accent);
      }
      [role='tab'] {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 44px;
        min-width: 0;
        padding: 0 0.4rem 0 0.75rem;
        border: 0;
        background: none;
        border-radius: 12px 0 0 12px;
        font-weight: 600;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .badge svg.icon {
        width: 12px;
        height: 12px;
        stroke-width: 2.5;
        vertical-align: -1px;
        margin-right: 1px;
      }
      .badge {
        flex: none;
        min-width: 1.25rem;
        height: 1.25rem;
        border-radius: 999px;
        background: var(--sb-attention);
        color: var(--sb-on-attention);
        font-size: 0.75rem;
        font-weight: 700;
        line-height: 1.25rem;
        text-align: center;
        padding: 0 0.3rem;
      }
      .unread {
        flex: none;
        display: inline-flex;
        align-items: center;
        gap: 0.15rem;
        color: var(--sb-text-soft);
        font-size: 0.75rem;
        font-weight: 600;
      }
      .unread svg.icon {
        width: 14px;
        height: 14px;
      }
      .close {
        flex: none;
        width: 36px;
        min-height: 44px;
        border: 0;
        background: none;
        color: var(--sb-muted);
        border-radius: 0 12px 12px 0;
        display: grid;
        place-items: center;
      }
      .close:hover {
        color: var(--sb-danger-text);
      }
      .close svg.icon {
        width: 16px;
        height: 16px;
      }
      .key {
        color: var(--sb-muted);
        font-size: 0.75rem;
        font-weight: 500;
      }
      /* A phone: compact tabs, several to a row. Stopping a session is in its header there, so
         the tab keeps its width for the name. */
      @media (max-width: 640px) {
        [role='tablist'] {
          gap: 0.25rem;
        }
        .key,
        .close {
          display: none;
        }
        .tab-wrap {
          max-width: calc(50% - 0.25rem);
        }
        [role='tab'] {
          min-height: 40px;
          gap: 0.35rem;
          padding: 0 0.6rem;
          border-radius: 12px;
          font-size: 0.8125rem;
        }
      }
    `,
  ];

  override render() {
    return html`
      <div role="tablist" aria-label="Sessions" @keydown=${this._onKeydown}>
        ${this.tabs.map((tab, index) => this.renderTab(tab, index))}
      </div>
    `;
  }

  private renderTab(tab: TabView, index: number) {
    const selected = tab.id === this.selectedId;
    const unread =
      tab.unread === 0
        ? ''
        : `; ${tab.unread} ${tab.unread === 1 ? 'message' : 'messages'} waiting in its inbox`;
    const described = `${tab.badge ? `${tab.label}; needs you: ${tab.badgeReason}` : tab.label}${unread}`;
    return html`
      <div class="tab-wrap ${selected ? 'selected' : ''}" role="presentation">
        <button
          role="tab"
          id="tab-${tab.id}"
          data-testid="session-tab"
          data-session-id=${tab.id}
          data-state=${tab.dot}
          data-badge=${tab.badge ? 'true' : 'false'}
          data-permissions=${tab.permissions}
          data-unread=${tab.unread}
          aria-selected=${selected ? 'true' : 'false'}
          aria-description=${described}
          title="${tab.name}: ${described}${index < 9 ? ` (Alt+${index + 1})` : ''}"
          tabindex=${selected || (this.selectedId === null && index === 0) ? 0 : -1}
          @click=${() => fire(this, 'sb-select', { id: tab.id })}
        >
          <span class="dot" data-dot=${tab.dot} aria-hidden="true"></span>
          <span class="name">${tab.name}</span>
          ${
            tab.unread > 0
              ? html`<span class="unread" data-testid="tab-unread" aria-hidden="true"
                  >${icons.mail}${tab.unread}</span
                >`
              : nothing
          }
          ${
            tab.badge
              ? html`<span class="badge" aria-hidden="true"
                  >${tab.permissions > 0 ? html`${icons.shield}${tab.permissions}` : '!'}</span
                >`
              : nothing
          }
          ${index < 9 ? html`<span class="key" aria-hidden="true">${index + 1}</span>` : nothing}
        </button>
        <button
          class="close"
          aria-label="Stop session ${tab.name}"
          title="Stop session ${tab.name}"
          @click=${() => fire(this, 'sb-close', { id: tab.id })}
        >
          ${icons.close}
        </button>
      </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Keep the selected tab in sight when the page switches to it (hands-free, Alt+number).
    if (changed.has('selectedId')) {
      this.renderRoot
        .querySelector('[role="tab"][aria-selected="true"]')
        ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  /** Focuses the selected tab (after Alt+number, so the keyboard stays where the person is). */
  focusSelected(): void {
    this.renderRoot.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }

  private _onKeydown(event: KeyboardEvent): void {
    const tabs = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="tab"]')];
    const at = tabs.indexOf(event.target as HTMLElement);
    if (at < 0) return;
    let next = -1;
    if (event.key === 'ArrowRight') next = (at + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else if (event.key === 'Delete') {
      const id = this.tabs[at]?.id;
      if (id !== undefined) fire(this, 'sb-close', { id });
      event.preventDefault();
      return;
    }
    if (next < 0) return;
    event.preventDefault();
    const target = tabs[next];
    const id = this.tabs[next]?.id;
    if (target === undefined || id === undefined) return;
    target.focus();
    // Automatic activation: tabs are cheap to show.
    fire(this, 'sb-select', { id });
  }
}

customElements.define('sb-tabs', SbTabs);

declare global {
  interface HTMLElementTagNameMap {
    'sb-tabs': SbTabs;
  }
}
