import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import { deepActiveElement } from '../controllers/keyboard-shortcuts.js';
import { fire } from '../events.js';
import { formatClock } from '../state/format.js';
import { focusAfterRemoval, inboxKeyCommand, moveFocus } from '../state/inbox-keys.js';
import {
  bulkOffers,
  decisionWords,
  inboxOrder,
  requestSummary,
  type PermissionGroup,
} from '../state/permissions.js';
import { sharedStyles } from '../styles/shared.js';
import { inboxStyles } from './sb-permission-inbox-styles.js';
import { SbPermissionRequest, type DecidePermission } from './sb-permission-request.js';
import './sb-permission-request.js';

export type AllowAll = (toolName: string, sessionId: string | null) => Promise<void>;
export type InboxFilter = { sessionId: string; sessionName: string } | null;

/**
 * The permissions inbox: every pending request across sessions, grouped by session, each with its
 * full input; bulk "Allow all N pending <tool>"; the last decisions below. Keyboard: j/k or the
 * arrows move between requests, a / Shift+A / d decide the focused one (the first one while focus
 * is on the inbox's heading or bulk buttons), and focus moves on to the next request when one
 * leaves the list (decided here or anywhere else). A request arriving in an empty inbox the person
 * is looking at takes the focus, so `a` answers it with no click first.
 */
export class SbPermissionInbox extends LitElement {
  static override properties = {
    groups: { attribute: false },
    recent: { attribute: false },
    busy: { attribute: false },
    filter: { attribute: false },
    totalPending: { attribute: false },
    now: { attribute: false },
    decide: { attribute: false },
    allowAll: { attribute: false },
    _bulkBusy: { state: true },
  };

  declare groups: PermissionGroup[];
  declare recent: readonly PermissionRequest[];
  declare busy: ReadonlySet<string>;
  declare filter: InboxFilter;
  /** Pending requests of all sessions (the filter may show fewer). */
  declare totalPending: number;
  declare now: number;
  declare decide: DecidePermission;
  declare allowAll: AllowAll;
  declare _bulkBusy: boolean;
  /** The request the person was last on (focus follows it when it leaves the list). */
  private focusedId: string | null = null;
  private shownIds: string[] = [];

  constructor() {
    super();
    this.groups = [];
    this.recent = [];
    this.busy = new Set();
    this.filter = null;
    this.totalPending = 0;
    this.now = Date.now();
    this.decide = async () => undefined;
    this.allowAll = async () => undefined;
    this._bulkBusy = false;
  }

  static override styles = [sharedStyles, inboxStyles];

  /** Puts focus on the first request (the inbox was just opened), or on the heading when empty. */
  focusFirst(): void {
    const first = this.cards()[0];
    // No scrolling: the heading (where am I, how many wait) stays in sight on a phone.
    if (first !== undefined) first.focus({ preventScroll: true });
    else this.renderRoot.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  override render() {
    const requests = inboxOrder(this.groups);
    const offers = bulkOffers(requests);
    const shown = requests.length;
    return html`
      <section
        class="inbox"
        data-testid="permission-inbox"
        aria-labelledby="inbox-title"
        @keydown=${this._onKeydown}
        @focusin=${this._onFocusIn}
      >
        <div class="head">
          <h2 id="inbox-title" tabindex="-1">Permission requests</h2>
          <span class="count" data-testid="permission-count"
            >${shown === 0 ? 'none waiting' : `${shown} waiting`}</span
          >
          ${this.renderFilter()}
          <p class="keys">
            On a request: <kbd>a</kbd> allow, <kbd>Shift</kbd>+<kbd>A</kbd> always allow in that session (as
            Claude Code suggests, else the whole tool), <kbd>d</kbd> deny, <kbd>j</kbd>/<kbd>k</kbd> or arrows
            to move.
          </p>
        </div>
        ${
          offers.length === 0
            ? nothing
            : html`<div class="bulk" role="group" aria-label="Allow by tool">
                ${offers.map(
                  (o) =>
                    html`<button
                      class="btn"
                      data-testid="permission-bulk-allow"
                      data-tool=${o.toolName}
                      ?disabled=${this._bulkBusy}
                      @click=${() => this._allowAll(o.toolName)}
                    >
                      Allow all ${o.count} pending
                      ${o.toolName}${this.filter === null ? '' : ` in ${this.filter.sessionName}`}
                    </button>`,
                )}
              </div>`
        }
        <div class="list">
          ${
            shown === 0
              ? this.renderEmpty()
              : repeat(
                  this.groups,
                  (g) => g.sessionId,
                  (g) => this.renderGroup(g),
                )
          }
        </div>
        ${this.renderRecent()}
      </section>
    `;
  }

  private renderFilter() {
    if (this.filter === null) return nothing;
    return html`<span class="filter" data-testid="permission-filter"
      >Only ${this.filter.sessionName}
      <button class="btn" @click=${() => fire(this, 'sb-inbox', { sessionId: null })}>
        Show all (${this.totalPending})
      </button></span
    >`;
  }

  private renderEmpty() {
    const elsewhere = this.filter !== null && this.totalPending > 0;
    return html`<div class="empty" data-testid="permission-empty">
      <p>
        ${
          this.filter === null
            ? 'No session is waiting for a permission. New requests show up here (and on their tabs) as they come.'
            : `${this.filter.sessionName} is not waiting for a permission.`
        }
      </p>
      ${
        elsewhere
          ? html`<button class="btn" @click=${() => fire(this, 'sb-inbox', { sessionId: null })}>
              Show the ${this.totalPending} from other sessions
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderGroup(group: PermissionGroup) {
    const n = group.requests.length;
    return html`<section class="group" data-testid="permission-group" data-session-id=${group.sessionId}>
      <h3>
        <span class="group-name">${group.sessionName}</span>
        <span class="group-count">${n === 1 ? '1 request' : `${n} requests`}</span>
        <button class="btn quiet" @click=${() => fire(this, 'sb-select', { id: group.sessionId })}>
          Open conversation<span class="visually-hidden"> with ${group.sessionName}</span>
        </button>
      </h3>
      ${repeat(
        // Keyed: a card (with its half-typed deny message) must never be reused for another request.
        group.requests,
        (r) => r.id,
        (r) =>
          html`<sb-permission-request
            data-testid="permission-request"
            data-request-id=${r.id}
            data-session-id=${r.sessionId}
            data-tool=${r.toolName}
            .request=${r}
            .busy=${this.busy.has(r.id)}
            .now=${this.now}
            .decide=${this.decide}
          ></sb-permission-request>`,
      )}
    </section>`;
  }

  private renderRecent() {
    if (this.recent.length === 0) return nothing;
    return html`<section class="recent" aria-labelledby="recent-title">
      <h3 id="recent-title">Recently decided</h3>
      <ul data-testid="permission-recent">
        ${this.recent.map(
          (r) =>
            html`<li data-request-id=${r.id} data-state=${r.state}>
              <span class="who">${r.sessionName}</span>
              <span class="what">${requestSummary(r)}</span>
              <span class="outcome" data-state=${r.state}>${decisionWords(r)}</span>
              ${r.decidedAt === null ? nothing : html`<time datetime=${r.decidedAt}>${formatClock(r.decidedAt, this.now)}</time>`}
              ${r.message === null ? nothing : html`<span class="message">“${r.message}”</span>`}
            </li>`,
        )}
      </ul>
    </section>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('groups')) return;
    const ids = inboxOrder(this.groups).map((r) => r.id);
    const previous = this.shownIds;
    this.shownIds = ids;
    const focused = this.focusedId;
    if (previous.length === 0 && ids.length > 0 && this.focusIsIdle()) {
      this.cards()[0]?.focus({ preventScroll: true });
      return;
    }
    if (focused === null || ids.includes(focused)) return;
    // The request the person was on left the list. Keep their place if focus went nowhere
    // (its element is gone) or is still in the inbox; never pull focus from elsewhere.
    const active = deepActiveElement();
    const lost = active === null || active === document.body || this.holdsFocus();
    this.focusedId = null;
    if (!lost) return;
    const next = focusAfterRemoval(previous, ids, focused);
    if (next === null) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
    else this.card(next)?.focus();
  }

  /** Focus rests on nothing in particular: the page itself, or this inbox's heading. */
  private focusIsIdle(): boolean {
    const active = deepActiveElement();
    return active === null || active === document.body || active === this.renderRoot.querySelector('h2');
  }

  /** Focus is somewhere inside this inbox (through the shadow roots on the way down). */
  private holdsFocus(): boolean {
    for (let at = document.activeElement; at !== null; at = at.shadowRoot?.activeElement ?? null) {
      if (at === this) return true;
    }
    return false;
  }

  private cards(): SbPermissionRequest[] {
    return [...this.renderRoot.querySelectorAll<SbPermissionRequest>('sb-permission-request')];
  }

  private card(id: string): SbPermissionRequest | undefined {
    return this.cards().find((c) => c.request.id === id);
  }

  private cardOf(event: Event): SbPermissionRequest | undefined {
    return event.composedPath().find((t): t is SbPermissionRequest => t instanceof SbPermissionRequest);
  }

  private readonly _onFocusIn = (event: FocusEvent) => {
    const card = this.cardOf(event);
    if (card !== undefined) this.focusedId = card.request.id;
  };

  private readonly _onKeydown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    // Off a card (the heading, a bulk button), a key acts on the first request.
    const onCard = this.cardOf(event);
    const card = onCard ?? this.cards()[0];
    if (card === undefined) return;
    const origin = event.composedPath()[0];
    const inText =
      origin instanceof HTMLInputElement ||
      origin instanceof HTMLTextAreaElement ||
      origin instanceof HTMLSelectElement;
    const command = inboxKeyCommand({
      key: event.key,
      shiftKey: event.shiftKey,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      repeat: event.repeat,
      isComposing: event.isComposing,
      inText,
    });
    if (command === null) return;
    event.preventDefault();
    switch (command.kind) {
      case 'allow':
        return card.allow();
      case 'always':
        return card.always();
      case 'deny':
        return card.deny();
      case 'move': {
        if (onCard === undefined) return card.focus();
        const ids = this.cards().map((c) => c.request.id);
        const next = moveFocus(ids, card.request.id, command.to);
        if (next !== null) this.card(next)?.focus();
        return;
      }
    }
  };

  private async _allowAll(toolName: string): Promise<void> {
    this._bulkBusy = true;
    try {
      await this.allowAll(toolName, this.filter?.sessionId ?? null);
    } finally {
      this._bulkBusy = false;
    }
  }
}

customElements.define('sb-permission-inbox', SbPermissionInbox);

declare global {
  interface HTMLElementTagNameMap {
    'sb-permission-inbox': SbPermissionInbox;
  }
}
