import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HubToBrowser } from '../../../protocol/browser.js';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import { describeError, HubApiError, type HubApi } from '../api/hub-api.js';
import type { PageLog } from '../log.js';
import {
  applyPermissionMessage,
  applyRequest,
  arrivalAnnouncement,
  decisionWords,
  EMPTY_BOOK,
  newlyPending,
  requestSummary,
  type PermissionBook,
} from '../state/permissions.js';

/**
 * allow once, always (for the session: the whole tool), deny, or one of Claude Code's own
 * suggestions for the session (its index: "always allow `npm test *`").
 */
export type PermissionDecisionKind = 'allow' | 'always' | 'deny' | { suggestion: number };

export type PermissionInboxHooks = {
  api: () => HubApi | null;
  /** The session on screen (requests from it are not announced: its callout shows them). */
  selectedId: () => string | null;
  say: (text: string) => void;
  notify: (text: string, kind: 'error' | 'info') => void;
  log: PageLog;
};

/**
 * The permission prompts of every session, as the hub's `permission_list` and `permission`
 * messages describe them, and the person's decisions on them over REST (as the page, so the
 * audit log says who decided). A request someone else decided first (a 409) is shown as it ended.
 */
export class PermissionInbox implements ReactiveController {
  book: PermissionBook = EMPTY_BOOK;
  /** Requests whose decision is on its way (their buttons wait meanwhile). */
  busy: ReadonlySet<string> = new Set();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: PermissionInboxHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get pending(): ReadonlyMap<string, PermissionRequest> {
    return this.book.pending;
  }

  receive(message: HubToBrowser): void {
    if (message.type !== 'permission' && message.type !== 'permission_list') return;
    const before = this.book;
    this.book = applyPermissionMessage(before, message);
    // The list on (re)connect is what was already waiting: the badge shows it, nothing is said.
    if (message.type === 'permission') {
      const said = arrivalAnnouncement(newlyPending(before, this.book), this.hooks.selectedId());
      if (said !== null) this.hooks.say(said);
    }
    this.host.requestUpdate();
  }

  /** Allow (once or for the session) or deny one request; resolves when the hub has answered. */
  readonly decide = async (
    request: PermissionRequest,
    kind: PermissionDecisionKind,
    message?: string,
  ): Promise<void> => {
    const api = this.hooks.api();
    if (api === null || this.busy.has(request.id)) return;
    const note = message?.trim() ?? '';
    const decision =
      kind === 'deny'
        ? { behavior: 'deny' as const, ...(note === '' ? {} : { message: note }) }
        : typeof kind === 'object'
          ? { behavior: 'allow' as const, suggestion: kind.suggestion }
          : {
              behavior: 'allow' as const,
              scope: kind === 'always' ? ('session' as const) : ('once' as const),
            };
    this.setBusy(request.id, true);
    try {
      const decided = await api.decidePermission(request.id, decision);
      this.book = applyRequest(this.book, decided);
      const verb =
        decided.state === 'denied' ? 'Denied' : decided.scope === 'session' ? 'Always allowed' : 'Allowed';
      this.hooks.say(`${verb} for ${request.sessionName}: ${requestSummary(request)}.`);
    } catch (error) {
      await this.failed(api, request, error);
    } finally {
      this.setBusy(request.id, false);
    }
  };

  /** "Allow all N pending <tool>" (in one session when the inbox shows only that one). */
  readonly allowAll = async (toolName: string, sessionId: string | null): Promise<void> => {
    const api = this.hooks.api();
    if (api === null) return;
    try {
      const decided = await api.decideAllPermissions({
        toolName,
        behavior: 'allow',
        ...(sessionId === null ? {} : { sessionId }),
      });
      for (const request of decided) this.book = applyRequest(this.book, request);
      this.hooks.say(
        decided.length === 0
          ? `No ${toolName} requests were waiting any more.`
          : `Allowed ${decided.length} ${toolName} ${decided.length === 1 ? 'request' : 'requests'}.`,
      );
    } catch (error) {
      this.hooks.notify(`Could not allow the ${toolName} requests: ${describeError(error)}`, 'error');
    }
    this.host.requestUpdate();
  };

  /** A 409: someone (voice, another page, an orchestrator, the timeout) was first. Show how it ended. */
  private async failed(api: HubApi, request: PermissionRequest, error: unknown): Promise<void> {
    const what = `${request.sessionName}'s ${requestSummary(request)} request`;
    if (!(error instanceof HubApiError && error.status === 409)) {
      this.hooks.notify(`Could not send your decision on ${what}: ${describeError(error)}`, 'error');
      return;
    }
    try {
      const current = await api.permission(request.id);
      this.book = applyRequest(this.book, current);
      this.hooks.notify(`No need: ${what} was already ${decisionWords(current)}.`, 'info');
    } catch (lookup) {
      this.hooks.log.debug('permission lookup after a 409 failed', lookup);
      this.hooks.notify(`${what} was already decided. ${describeError(error)}`, 'info');
    }
  }

  private setBusy(id: string, on: boolean): void {
    const next = new Set(this.busy);
    if (on) next.add(id);
    else next.delete(id);
    this.busy = next;
    this.host.requestUpdate();
  }
}
