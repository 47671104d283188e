import { asSessionRule, sessionChoices } from '../../../protocol/permission-suggestions.js';
import type { PermissionRequest } from '../../../protocol/permissions.js';

/**
 * The permission inbox as this page knows it: every pending request across sessions, and the
 * last few decisions it saw (from the same `permission` messages). Pure: the hub's messages go in,
 * a new book comes out, and everything the inbox shows is derived from a book and the tab order.
 */

export type PermissionMessage =
  | { type: 'permission_list'; requests: PermissionRequest[] }
  | { type: 'permission'; request: PermissionRequest };

export type PermissionBook = {
  /** Pending requests by id. */
  pending: ReadonlyMap<string, PermissionRequest>;
  /** Settled requests seen on this page, newest decision first. */
  recent: readonly PermissionRequest[];
};

export const EMPTY_BOOK: PermissionBook = { pending: new Map(), recent: [] };

/** How many decided requests the "Recently decided" list keeps. */
export const RECENT_LIMIT = 8;

/**
 * Applies a hub message. `permission_list` is the whole pending set on (re)connect, so it replaces
 * the pending map; decisions seen before stay in `recent`. A request never goes back to pending:
 * a stale "pending" echo arriving after its decision is ignored.
 */
export function applyPermissionMessage(book: PermissionBook, message: PermissionMessage): PermissionBook {
  if (message.type === 'permission_list') {
    const decided = new Set(book.recent.map((r) => r.id));
    const pending = message.requests.filter((r) => r.state === 'pending' && !decided.has(r.id));
    return { pending: new Map(pending.map((r) => [r.id, r])), recent: book.recent };
  }
  return applyRequest(book, message.request);
}

/** One request as the hub now describes it (a socket message or a REST answer). */
export function applyRequest(book: PermissionBook, request: PermissionRequest): PermissionBook {
  if (request.state === 'pending') {
    if (book.recent.some((r) => r.id === request.id)) return book;
    return { pending: new Map(book.pending).set(request.id, request), recent: book.recent };
  }
  const pending = new Map(book.pending);
  pending.delete(request.id);
  const recent = [request, ...book.recent.filter((r) => r.id !== request.id)]
    .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
    .slice(0, RECENT_LIMIT);
  return { pending, recent };
}

/** Ids in `next` that were not pending in `previous` (new requests, for an announcement). */
export function newlyPending(previous: PermissionBook, next: PermissionBook): PermissionRequest[] {
  return [...next.pending.values()].filter((r) => !previous.pending.has(r.id));
}

export type PermissionGroup = {
  sessionId: string;
  sessionName: string;
  /** Oldest first: the one Claude has waited on longest is answered first. */
  requests: PermissionRequest[];
};

/**
 * The inbox's groups, one per session, in tab order (stable while the person works through the
 * list: deciding a request never reorders the groups), sessions the page does not know last.
 * `onlySession` filters to one session ("Review permission" from its tab).
 */
export function permissionGroups(
  pending: ReadonlyMap<string, PermissionRequest>,
  tabOrder: readonly string[],
  onlySession: string | null = null,
): PermissionGroup[] {
  const groups = new Map<string, PermissionGroup>();
  for (const request of pending.values()) {
    if (onlySession !== null && request.sessionId !== onlySession) continue;
    let group = groups.get(request.sessionId);
    if (group === undefined) {
      group = { sessionId: request.sessionId, sessionName: request.sessionName, requests: [] };
      groups.set(request.sessionId, group);
    }
    group.requests.push(request);
  }
  const rank = (id: string) => {
    const at = tabOrder.indexOf(id);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const list = [...groups.values()];
  for (const group of list) group.requests.sort(byAge);
  return list.sort(
    (a, b) => rank(a.sessionId) - rank(b.sessionId) || a.sessionName.localeCompare(b.sessionName),
  );
}

/** The requests in the order the inbox shows them (what j/k walk through). */
export function inboxOrder(groups: readonly PermissionGroup[]): PermissionRequest[] {
  return groups.flatMap((g) => g.requests);
}

/** Pending requests per session id. */
export function pendingBySession(pending: ReadonlyMap<string, PermissionRequest>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of pending.values())
    counts.set(request.sessionId, (counts.get(request.sessionId) ?? 0) + 1);
  return counts;
}

export type BulkOffer = { toolName: string; count: number };

/**
 * "Allow all N pending <tool>": one offer per tool with at least two pending requests among the
 * ones shown, most first. A single request has its own Allow button; a bulk button for it would
 * only be a second way to do the same thing.
 */
export function bulkOffers(requests: readonly PermissionRequest[]): BulkOffer[] {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.toolName, (counts.get(r.toolName) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= 2)
    .map(([toolName, count]) => ({ toolName, count }))
    .sort((a, b) => b.count - a.count || a.toolName.localeCompare(b.toolName));
}

/** One line about a request, for the live region, notices and the conversation's callout. */
export function requestSummary(request: Pick<PermissionRequest, 'toolName' | 'toolInput'>): string {
  const input = request.toolInput;
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : null);
  const detail = text('command') ?? text('file_path') ?? text('notebook_path') ?? text('path') ?? text('url');
  if (detail === null) return request.toolName;
  const flat = detail.replace(/\s+/g, ' ').trim();
  return `${request.toolName}: ${flat.length > 120 ? `${flat.slice(0, 119)}…` : flat}`;
}

/**
 * What the live region says when a request arrives: only for a session the person is not
 * looking at (the one on screen shows its own callout), and never for the initial list.
 */
export function arrivalAnnouncement(
  arrived: readonly PermissionRequest[],
  selectedId: string | null,
): string | null {
  const background = arrived.filter((r) => r.sessionId !== selectedId);
  if (background.length === 0) return null;
  const first = background[0] as PermissionRequest;
  if (background.length === 1) {
    return `${first.sessionName} asks permission for ${requestSummary(first)}. Open the permissions inbox to answer.`;
  }
  const names = [...new Set(background.map((r) => r.sessionName))];
  return `${background.length} new permission requests from ${names.join(', ')}. Open the permissions inbox to answer.`;
}

const STATE_WORDS: Record<Exclude<PermissionRequest['state'], 'pending'>, string> = {
  allowed: 'allowed',
  denied: 'denied',
  expired: 'expired (Claude Code asks in its terminal)',
  cancelled: 'cancelled (the session ended)',
};

/** "allowed by voice", "denied in the browser", "expired (Claude Code asks in its terminal)". */
export function decisionWords(
  request: Pick<PermissionRequest, 'state' | 'decidedBy' | 'scope' | 'sessionRule' | 'toolName'>,
): string {
  if (request.state === 'pending') return 'waiting';
  const what = STATE_WORDS[request.state];
  if (request.state === 'expired' || request.state === 'cancelled') return what;
  const rule = request.sessionRule === null ? null : asSessionRule(request.toolName, request.sessionRule);
  const always =
    request.state === 'allowed' && request.scope === 'session'
      ? rule === null
        ? ' for the session'
        : ` for the session (${sessionChoices(request.toolName, [rule])[0]?.label ?? 'as suggested'})`
      : '';
  return `${what}${always}${deciderWords(request.decidedBy)}`;
}

function deciderWords(by: string | null): string {
  if (by === null) return '';
  if (by === 'page') return ' in the browser';
  if (by === 'voice') return ' by voice';
  if (by === 'api') return ' over the API';
  if (by === 'mcp') return ' over MCP';
  if (by.startsWith('mcp:')) return ` by ${by.slice(4)}`;
  return ` by ${by}`;
}

function byAge(a: PermissionRequest, b: PermissionRequest): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
