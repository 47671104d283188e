import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type {
  PermissionAsk,
  PermissionDecision,
  PermissionRequest,
  PermissionState,
} from '../../protocol/permissions.js';
import { inBackground } from '../db/busy.js';
import { asSessionRule, type SessionRule } from '../../protocol/permission-suggestions.js';
import { AppError } from '../errors.js';
import type { SessionService } from '../sessions/session-service.js';
import type { PermissionStore } from './permission-store.js';

export type PermissionServiceDeps = {
  store: PermissionStore;
  sessions: SessionService;
  timeoutMs: number;
  now: () => number;
  log: FastifyBaseLogger;
};

type Waiter = (request: PermissionRequest) => void;

/**
 * Every permission prompt of every session: asked by a session's proxy, decided once by the
 * page, by voice or over the API (a second decision is a 409), or left to expire, after which
 * Claude Code's own prompt decides. Never a silent allow: only a decision allows.
 */
export class PermissionService {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<(request: PermissionRequest) => void>();

  constructor(private readonly deps: PermissionServiceDeps) {
    deps.sessions.onChange((change) => {
      const gone =
        change.type === 'removed' ? change.id : change.session.state === 'exited' ? change.session.id : null;
      if (gone !== null) this.cancelSession(gone);
    });
  }

  /** After a restart: pending requests keep waiting (their hooks re-attach) until they expire. */
  start(): void {
    for (const request of this.deps.store.list({ state: 'pending', limit: 10_000 }))
      this.scheduleExpiry(request);
  }

  close(): void {
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
    for (const [id, waiters] of this.waiters) {
      const request = this.deps.store.get(id);
      if (request !== undefined) for (const wake of waiters) wake(request);
    }
    this.waiters.clear();
  }

  /** A session's proxy asks; asking again with the same key (a retry) finds the same request. */
  ask(sessionId: string, ask: PermissionAsk): PermissionRequest {
    const existing = this.deps.store.byKey(sessionId, ask.requestKey);
    if (existing !== undefined) return existing;
    const session = this.deps.sessions.record(sessionId);
    if (session.state === 'exited') throw new AppError('conflict', `Session "${session.name}" has exited.`);
    const now = this.deps.now();
    const request: PermissionRequest = {
      id: `perm_${randomBytes(6).toString('hex')}`,
      sessionId,
      sessionName: session.name,
      sessionCwd: session.cwd,
      toolName: ask.toolName,
      toolInput: ask.toolInput,
      suggestions: ask.suggestions,
      via: ask.via,
      state: 'pending',
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.deps.timeoutMs).toISOString(),
      decidedAt: null,
      decidedBy: null,
      message: null,
      updatedInput: null,
      scope: null,
      sessionRule: null,
    };
    this.deps.store.insert(request, ask.requestKey);
    this.deps.log.info({ sessionId, permissionId: request.id, tool: ask.toolName }, 'permission requested');
    this.scheduleExpiry(request);
    this.deps.sessions.apply(sessionId, { type: 'permission_waiting' });
    this.emit(request);
    return request;
  }

  get(id: string): PermissionRequest {
    const request = this.deps.store.get(id);
    if (request === undefined) throw new AppError('not_found', `No permission request ${id}.`);
    return request;
  }

  /** Resolves when the request is no longer pending, or after `waitMs` with it still pending. */
  waitForDecision(id: string, waitMs: number): Promise<PermissionRequest> {
    const request = this.get(id);
    if (request.state !== 'pending') return Promise.resolve(request);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(id) ?? new Set<Waiter>();
      this.waiters.set(id, waiters);
      const wake: Waiter = (settled) => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(settled);
      };
      const timer = setTimeout(() => wake(this.get(id)), waitMs);
      waiters.add(wake);
    });
  }

  /** Nobody waits for the request any more (Claude Code asked in its own prompt): it is closed. */
  cancel(id: string, by: string): void {
    const request = this.deps.store.get(id);
    if (request?.state !== 'pending') return;
    this.settle(request, 'cancelled', by);
    // Claude Code went on without the hub: busy, until its next hook says otherwise (its own
    // prompt's Notification makes it waiting_input).
    const stillWaiting = this.list({ state: 'pending', sessionId: request.sessionId }).length > 0;
    if (!stillWaiting && this.deps.sessions.has(request.sessionId)) {
      this.deps.sessions.apply(request.sessionId, { type: 'permission_settled', decided: true });
    }
  }

  /** The decision, once: a request that is no longer pending answers 409 with what happened to it. */
  decide(id: string, decision: PermissionDecision, by: string): PermissionRequest {
    const request = this.get(id);
    if (request.state !== 'pending') {
      const when = request.decidedAt === null ? '' : ` at ${request.decidedAt}`;
      throw new AppError(
        'conflict',
        `Permission request ${id} is already ${request.state}${request.decidedBy ? ` by ${request.decidedBy}` : ''}${when}.`,
      );
    }
    if (decision.updatedInput !== undefined && decision.behavior !== 'allow') {
      throw new AppError('validation_failed', 'updatedInput goes with "allow" only.');
    }
    const sessionRule = this.chosenRule(request, decision);
    return this.settle(request, decision.behavior === 'allow' ? 'allowed' : 'denied', by, {
      message: decision.message ?? null,
      updatedInput: decision.updatedInput ?? null,
      scope:
        decision.behavior === 'allow'
          ? sessionRule !== null
            ? 'session'
            : (decision.scope ?? 'once')
          : null,
      sessionRule,
    });
  }

  /** The suggestion the person took, made a rule for this session; a bad pick is a 400 naming it. */
  private chosenRule(request: PermissionRequest, decision: PermissionDecision): SessionRule | null {
    if (decision.suggestion === undefined) return null;
    const problem = (message: string) =>
      new AppError('validation_failed', `Invalid body: suggestion: ${message}`, {
        issues: [{ path: 'suggestion', message }],
      });
    if (decision.behavior !== 'allow') throw problem('goes with "allow" only');
    if (decision.scope === 'once') throw problem('allows for the session: leave out scope "once"');
    const suggestion = request.suggestions[decision.suggestion];
    if (suggestion === undefined)
      throw problem(`request ${request.id} has ${request.suggestions.length} suggestions`);
    const rule = asSessionRule(request.toolName, suggestion);
    if (rule === null)
      throw problem('is not one the hub applies (only allow rules for this tool, or accepting edits)');
    return rule;
  }

  /** Decides every pending request for one tool (of one session, or all). */
  decideAll(
    filter: { toolName: string; sessionId?: string | undefined },
    decision: PermissionDecision,
    by: string,
  ): PermissionRequest[] {
    return this.list({ state: 'pending', sessionId: filter.sessionId, limit: 1000 })
      .filter((r) => r.toolName === filter.toolName)
      .map((r) => this.decide(r.id, decision, by));
  }

  list(filter: {
    state?: PermissionState | undefined;
    sessionId?: string | undefined;
    limit?: number | undefined;
  }) {
    return this.deps.store.list({
      ...(filter.state === undefined ? {} : { state: filter.state }),
      ...(filter.sessionId === undefined ? {} : { sessionId: filter.sessionId }),
      limit: filter.limit ?? 200,
    });
  }

  onChange(listener: (request: PermissionRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private settle(
    request: PermissionRequest,
    state: Exclude<PermissionState, 'pending'>,
    by: string,
    extra: Partial<PermissionRequest> = {},
  ): PermissionRequest {
    const settled: PermissionRequest = {
      ...request,
      ...extra,
      state,
      decidedAt: new Date(this.deps.now()).toISOString(),
      decidedBy: by,
    };
    // Stored first: a write that fails (the database locked) leaves the request pending, and
    // still due to expire.
    this.deps.store.update(settled);
    clearTimeout(this.expiryTimers.get(request.id));
    this.expiryTimers.delete(request.id);
    this.deps.log.info(
      { sessionId: request.sessionId, permissionId: request.id, state, by },
      'permission settled',
    );
    for (const wake of [...(this.waiters.get(request.id) ?? [])]) wake(settled);
    this.waiters.delete(request.id);
    const stillWaiting = this.list({ state: 'pending', sessionId: request.sessionId }).length > 0;
    if (!stillWaiting && state !== 'cancelled' && this.deps.sessions.has(request.sessionId)) {
      this.deps.sessions.apply(request.sessionId, {
        type: 'permission_settled',
        decided: state === 'allowed' || state === 'denied',
      });
    }
    this.emit(settled);
    return settled;
  }

  private scheduleExpiry(
    request: PermissionRequest,
    delay = Math.max(0, Date.parse(request.expiresAt) - this.deps.now()),
  ): void {
    const timer = setTimeout(() => {
      inBackground(
        `expiring permission request ${request.id}`,
        this.deps.log,
        () => {
          const current = this.deps.store.get(request.id);
          if (current?.state === 'pending') this.settle(current, 'expired', 'hub');
        },
        (afterMs) => this.scheduleExpiry(request, afterMs),
      );
    }, delay);
    timer.unref();
    this.expiryTimers.set(request.id, timer);
  }

  private cancelSession(sessionId: string): void {
    for (const request of this.list({ state: 'pending', sessionId }))
      this.settle(request, 'cancelled', 'hub');
  }

  private emit(request: PermissionRequest): void {
    for (const listener of this.listeners) listener(request);
  }
}
