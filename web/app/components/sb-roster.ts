import { LitElement, css, html, nothing } from 'lit';
import { fire } from '../events.js';
import { formatAgo, formatDuration, shortPath } from '../state/format.js';
import type { RosterColumn, RosterGroup, RosterRow, RosterSort } from '../state/roster.js';
import { toggleSort } from '../state/roster.js';
import { sharedStyles } from '../styles/shared.js';
import { dotStyles } from './dot-styles.js';

const COLUMNS: { column: RosterColumn; label: string; narrow?: boolean }[] = [
  { column: 'name', label: 'Session' },
  { column: 'state', label: 'State' },
  { column: 'pending', label: 'Waiting for you', narrow: true },
  { column: 'unread', label: 'Unread', narrow: true },
  { column: 'folder', label: 'Folder', narrow: true },
  { column: 'context', label: 'Context', narrow: true },
  { column: 'uptime', label: 'Up', narrow: true },
  { column: 'lastActivity', label: 'Last activity' },
];

/**
 * Every session at a glance, grouped by project folder. Column headers are buttons (sortable by
 * keyboard), with aria-sort on the sorted one; a session's name opens its conversation.
 */
export class SbRoster extends LitElement {
  static override properties = {
    groups: { attribute: false },
    sort: { attribute: false },
  };

  declare groups: RosterGroup[];
  declare sort: RosterSort;

  constructor() {
    super();
    this.groups = [];
    this.sort = { column: 'lastActivity', direction: 'descending' };
  }

  static override styles = [
    sharedStyles,
    dotStyles,
    css`
      :host {
        display: block;
        overflow: auto;
        padding: 1rem clamp(0.5rem, 3vw, 2rem);
      }
      table {
        width: 100%;
        max-width: 72rem;
        margin: 0 auto;
        border-collapse: separate;
        border-spacing: 0;
      }
      caption {
        text-align: left;
        font-size: 1.1rem;
        font-weight: 700;
        padding-bottom: 0.6rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.45rem 0.6rem;
        border-bottom: 1px solid var(--sb-border);
        vertical-align: middle;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--sb-bg);
        z-index: 1;
        padding: 0;
      }
      .sort {
        width: 100%;
        min-height: 44px;
        border: 0;
        background: none;
        text-align: left;
        padding: 0 0.6rem;
        font-weight: 650;
        color: var(--sb-text-soft);
        display: flex;
        align-items: center;
        gap: 0.3rem;
      }
      .arrow {
        color: var(--sb-accent-text);
        font-size: 0.8rem;
      }
      .group th {
        background: var(--sb-surface);
        font-weight: 650;
        color: var(--sb-text-soft);
        font-size: 0.88rem;
        overflow-wrap: anywhere;
      }
      .name {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 44px;
        border: 0;
        background: none;
        padding: 0;
        font-weight: 650;
        color: var(--sb-accent-text);
        white-space: nowrap;
        text-decoration: underline;
        text-underline-offset: 3px;
      }
      .pending {
        max-width: 22rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .question {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .permissions {
        border: 0;
        background: none;
        padding: 0;
        min-height: 32px;
        color: var(--sb-waiting-text);
        font-weight: 650;
        text-decoration: underline;
        text-underline-offset: 3px;
      }
      .unread {
        font-variant-numeric: tabular-nums;
      }
      .muted,
      .folder {
        color: var(--sb-muted);
      }
      .folder {
        white-space: nowrap;
      }
      .empty {
        text-align: center;
        color: var(--sb-muted);
        padding: 2rem;
      }
      .pending-inline {
        display: none;
      }
      .problem {
        color: var(--sb-danger-text);
        font-size: 0.875rem;
      }
      @media (max-width: 640px) {
        .narrow {
          display: none;
        }
        .pending-inline {
          display: block;
          color: var(--sb-waiting-text);
          font-size: 0.85rem;
          max-width: 14rem;
          overflow: hidden;
          text-overflow: ellipsis;
          white-space: nowrap;
        }
        .pending {
          max-width: 9rem;
        }
      }
    `,
  ];

  override render() {
    const count = this.groups.reduce((n, g) => n + g.rows.length, 0);
    return html`
      <table data-testid="roster">
        <caption>
          ${count === 1 ? '1 session' : `${count} sessions`}
        </caption>
        <thead>
          <tr>
            ${COLUMNS.map((c) => this.renderHeader(c.column, c.label, c.narrow === true))}
          </tr>
        </thead>
        ${
          count === 0
            ? html`<tbody>
                <tr>
                  <td class="empty" colspan=${COLUMNS.length}>
                    No sessions yet. Start one with “New session”.
                  </td>
                </tr>
              </tbody>`
            : this.groups.map((group) => this.renderGroup(group))
        }
      </table>
    `;
  }

  private renderHeader(column: RosterColumn, label: string, narrow: boolean) {
    const sorted = this.sort.column === column;
    return html`
      <th scope="col" class=${narrow ? 'narrow' : ''} aria-sort=${sorted ? this.sort.direction : nothing}>
        <button class="sort" data-column=${column} @click=${() => this._sortBy(column)}>
          ${label}
          ${sorted ? html`<span class="arrow" aria-hidden="true">${this.sort.direction === 'ascending' ? '▲' : '▼'}</span>` : nothing}
        </button>
      </th>
    `;
  }

  private renderGroup(group: RosterGroup) {
    return html`
      <tbody>
        <tr class="group">
          <th scope="colgroup" colspan=${COLUMNS.length} title=${group.key}>${group.label}</th>
        </tr>
        ${group.rows.map(
          (row) => html`
            <tr data-testid="roster-row" data-session-id=${row.session.id} data-state=${row.dot}>
              <td>
                <button
                  class="name"
                  @click=${() => fire(this, 'sb-select', { id: row.session.id })}
                  aria-label="Open ${row.session.name}"
                >
                  <span class="dot" data-dot=${row.dot} aria-hidden="true"></span>${row.session.name}
                </button>
              </td>
              <td>
                ${row.stateLabel}${
                  row.session.pendingConverse === null
                    ? nothing
                    : html`<div class="pending-inline">“${row.session.pendingConverse}”</div>`
                }${row.session.statusText ? html`<div class="muted">${row.session.statusText}</div>` : nothing}${
                  row.problem === null
                    ? nothing
                    : html`<div class="problem" data-testid="roster-problem">${row.problem}</div>`
                }
              </td>
              <td class="pending narrow" title=${row.session.pendingConverse ?? ''}>
                ${this.renderWaiting(row)}
              </td>
              <td
                class="narrow unread"
                data-testid="roster-unread"
                title="Messages in ${row.session.name}'s inbox, not yet delivered to it"
              >
                ${row.session.inboxWaiting === 0 ? html`<span class="muted">—</span>` : row.session.inboxWaiting}
              </td>
              <td class="narrow folder" title=${row.session.cwd}>${shortPath(row.session.cwd, 2)}</td>
              <td class="narrow">
                ${row.session.contextPercent === null ? html`<span class="muted">—</span>` : `${Math.round(row.session.contextPercent)}%`}
              </td>
              <td class="narrow">${formatDuration(row.uptimeMs)}</td>
              <td>${formatAgo(row.lastActivityMs)}</td>
            </tr>
          `,
        )}
      </tbody>
    `;
  }

  /** The question the session waits on, and its permission requests (a link into the inbox). */
  private renderWaiting(row: RosterRow) {
    const question = row.session.pendingConverse;
    const n = row.permissions;
    if (question === null && n === 0) return html`<span class="muted">—</span>`;
    return html`${
      n === 0
        ? nothing
        : html`<button
            class="permissions"
            data-testid="roster-permissions"
            @click=${() => fire(this, 'sb-inbox', { sessionId: row.session.id })}
          >
            ${n === 1 ? '1 permission request' : `${n} permission requests`}
          </button>`
    }${question === null ? nothing : html`<div class="question">${question}</div>`}`;
  }

  private _sortBy(column: RosterColumn): void {
    fire(this, 'sb-roster-sort', { sort: toggleSort(this.sort, column) });
  }
}

customElements.define('sb-roster', SbRoster);

declare global {
  interface HTMLElementTagNameMap {
    'sb-roster': SbRoster;
  }
}
