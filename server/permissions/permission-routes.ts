import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  permissionAskSchema,
  permissionBulkSchema,
  permissionDecisionSchema,
  permissionHookPayloadSchema,
  permissionListQuerySchema,
  hookDecisionOutput,
} from '../../protocol/permissions.js';
import { actorOf, callerOf } from '../auth/scopes.js';
import { AppError } from '../errors.js';
import { parseInput } from '../http/validation.js';
import type { SessionService } from '../sessions/session-service.js';
import type { PermissionService } from './permission-service.js';

const hookParams = z.object({ requestId: z.string().min(1).max(64) });
const permissionParams = z.object({
  id: z.string().regex(/^perm_[a-f0-9]{12}$/, 'is not a permission request id'),
});
/** A long poll is cut before common proxy and client timeouts (30 s); the hook simply asks again. */
const waitQuery = z.object({ waitS: z.coerce.number().min(0).max(25).default(20) });

/**
 * Session side (the session scope: that session's token): `/hooks/:id/permission` asks and
 * long-polls for the decision. A session can ask, never decide.
 */
export function registerPermissionHookRoutes(app: FastifyInstance, permissions: PermissionService): void {
  app.post('/hooks/:id/permission', async (request) => {
    const ask = parseInput(permissionAskSchema, request.body);
    return { request: permissions.ask(callerOf(request), ask) };
  });

  app.get('/hooks/:id/permission/:requestId', async (request) => {
    const { requestId } = parseInput(hookParams, request.params, 'path');
    const { waitS } = parseInput(waitQuery, request.query, 'query');
    const found = permissions.get(requestId);
    if (found.sessionId !== callerOf(request))
      throw new AppError('not_found', `No permission request ${requestId}.`);
    return { request: await permissions.waitForDecision(requestId, waitS * 1000) };
  });

  // Claude Code's own HTTP PermissionRequest hook (no process): held until the person decides,
  // the request expires or Claude Code stops waiting (the person answered in the terminal: the
  // request is cancelled, not left in the inbox), then answered with the decision. `{}`, no
  // decision, leaves Claude Code's own prompt to decide: never a silent allow.
  app.post('/hooks/:id/permission/claude', async (request, reply) => {
    const payload = parseInput(permissionHookPayloadSchema, request.body);
    const asked = permissions.ask(callerOf(request), {
      requestKey: randomUUID(),
      toolName: payload.tool_name,
      toolInput: payload.tool_input,
      suggestions: (payload.permission_suggestions ?? []).slice(0, MAX_SUGGESTIONS),
      via: 'hook',
    });
    const stoppedWaiting = () => {
      if (!reply.raw.writableFinished) permissions.cancel(asked.id, 'claude-code');
    };
    reply.raw.once('close', stoppedWaiting);
    const waitMs = Math.max(0, Date.parse(asked.expiresAt) - Date.now()) + EXPIRY_GRACE_MS;
    const settled = await permissions.waitForDecision(asked.id, waitMs);
    reply.raw.off('close', stoppedWaiting);
    return hookDecisionOutput(settled) ?? {};
  });
}

/** The hub accepts at most this many of Claude Code's suggestions (it sends a handful). */
const MAX_SUGGESTIONS = 50;
/** The expiry settles the request; this only bounds a wait whose expiry timer could not run. */
const EXPIRY_GRACE_MS = 5_000;

/**
 * Person side (the person scope): `/api/permissions` lists (the audit log), decides, decides in
 * bulk. The decider in the audit log is the credential's actor (`api` for the hub token, `page`
 * for a page login), never what a client says about itself.
 */
export function registerPermissionRoutes(
  app: FastifyInstance,
  deps: { sessions: SessionService; permissions: PermissionService },
): void {
  const { sessions, permissions } = deps;

  app.get('/api/permissions', async (request) => {
    const query = parseInput(permissionListQuerySchema, request.query, 'query');
    return { requests: permissions.list(query) };
  });

  app.post('/api/permissions/bulk', async (request) => {
    const { toolName, sessionId, behavior, scope } = parseInput(permissionBulkSchema, request.body);
    if (sessionId !== undefined) sessions.record(sessionId);
    const decision = scope === undefined ? { behavior } : { behavior, scope };
    return { requests: permissions.decideAll({ toolName, sessionId }, decision, actorOf(request)) };
  });

  app.get('/api/permissions/:id', async (request) => {
    const { id } = parseInput(permissionParams, request.params, 'path');
    return { request: permissions.get(id) };
  });

  app.post('/api/permissions/:id', async (request) => {
    const { id } = parseInput(permissionParams, request.params, 'path');
    const decision = parseInput(permissionDecisionSchema, request.body);
    return { request: permissions.decide(id, decision, actorOf(request)) };
  });
}
