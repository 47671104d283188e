import { z } from 'zod';

/**
 * Permission prompts: Claude Code asks before running a tool; the proxy (hook mode, or its
 * `permission_prompt` tool in headless sessions) hands the request to the hub and waits for the
 * person's decision from the page, by voice, or from an orchestrator.
 */

/** A rule as Claude Code writes it in `updatedPermissions` (checked against Claude Code 2.1.197). */
export const permissionRuleSchema = z.object({
  toolName: z.string(),
  ruleContent: z.string().optional(),
});

/** What Claude Code's PermissionRequest hook gets on stdin; unnamed fields are kept as they came. */
export const permissionHookPayloadSchema = z.looseObject({
  hook_event_name: z.literal('PermissionRequest'),
  tool_name: z.string().min(1),
  tool_input: z.record(z.string(), z.unknown()),
  permission_suggestions: z.array(z.unknown()).optional(),
  session_id: z.string().optional(),
  cwd: z.string().optional(),
});
export type PermissionHookPayload = z.infer<typeof permissionHookPayloadSchema>;

/**
 * `POST /hooks/<sessionId>/permission` (session token). `requestKey` is made by the asking
 * process, so asking again after a hub restart finds the same request instead of a second one.
 */
export const permissionAskSchema = z.strictObject({
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, "_" or "-"'),
  toolName: z.string().min(1).max(200),
  toolInput: z.record(z.string(), z.unknown()),
  suggestions: z.array(z.unknown()).max(50).default([]),
  /** `hook`: interactive Claude Code (no decision = its own prompt stays); `tool`: headless -p. */
  via: z.enum(['hook', 'tool']),
});
export type PermissionAsk = z.infer<typeof permissionAskSchema>;

export const permissionStateSchema = z.enum(['pending', 'allowed', 'denied', 'expired', 'cancelled']);
export type PermissionState = z.infer<typeof permissionStateSchema>;

/** `session`: allow this tool for the rest of the session (Claude Code's updatedPermissions). */
export const permissionScopeSchema = z.enum(['once', 'session']);

export const permissionRequestSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  sessionName: z.string(),
  /** The session's folder when it asked (the page shows it on the card). */
  sessionCwd: z.string().default(''),
  toolName: z.string(),
  toolInput: z.record(z.string(), z.unknown()),
  suggestions: z.array(z.unknown()),
  via: z.enum(['hook', 'tool']),
  state: permissionStateSchema,
  createdAt: z.string(),
  /** After this the request expires: no decision is given, Claude Code's own prompt decides. */
  expiresAt: z.string(),
  decidedAt: z.string().nullable(),
  /** Who decided: "page", "voice", "api", "mcp:<client>", "hub" (expiry, session gone). */
  decidedBy: z.string().nullable(),
  message: z.string().nullable(),
  updatedInput: z.record(z.string(), z.unknown()).nullable(),
  scope: permissionScopeSchema.nullable(),
  /**
   * With scope "session": the rule Claude Code is told to add for this session (one of its own
   * suggestions, permission-suggestions.ts); null: the whole tool.
   */
  sessionRule: z.record(z.string(), z.unknown()).nullable().default(null),
});
export type PermissionRequest = z.infer<typeof permissionRequestSchema>;

/** `POST /api/permissions/:id`: the person's (or an orchestrator's) decision. */
export const permissionDecisionSchema = z.strictObject({
  behavior: z.enum(['allow', 'deny']),
  message: z.string().min(1).max(2_000).optional(),
  updatedInput: z.record(z.string(), z.unknown()).optional(),
  scope: permissionScopeSchema.optional(),
  /** Allow for the session as Claude Code suggested: the index of one of the request's suggestions. */
  suggestion: z.number().int().min(0).max(49).optional(),
});
export type PermissionDecision = z.infer<typeof permissionDecisionSchema>;

/** `POST /api/permissions/bulk`: allow every pending request of one tool (optionally one session). */
export const permissionBulkSchema = z.strictObject({
  toolName: z.string().min(1),
  sessionId: z.string().optional(),
  behavior: z.enum(['allow', 'deny']),
  scope: permissionScopeSchema.optional(),
});

export const permissionListQuerySchema = z.strictObject({
  state: permissionStateSchema.optional(),
  sessionId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Hub -> page over `/ws`: a request was made or changed state. */
export const permissionMessageSchema = z.object({
  type: z.literal('permission'),
  request: permissionRequestSchema,
});

/** Hub -> page over `/ws` when it connects: every pending request. */
export const permissionListMessageSchema = z.object({
  type: z.literal('permission_list'),
  requests: z.array(permissionRequestSchema),
});

/** What the hook prints for Claude Code; nothing at all when there is no decision. */
export function hookDecisionOutput(request: PermissionRequest): object | null {
  if (request.state === 'allowed') {
    const decision: Record<string, unknown> = { behavior: 'allow' };
    if (request.updatedInput !== null) decision.updatedInput = request.updatedInput;
    if (request.scope === 'session') {
      decision.updatedPermissions = [
        request.sessionRule ?? {
          type: 'addRules',
          rules: [{ toolName: request.toolName }],
          behavior: 'allow',
          destination: 'session',
        },
      ];
    }
    return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } };
  }
  if (request.state === 'denied') {
    const message = request.message ?? `Denied by the user (${request.decidedBy ?? 'switchboard'}).`;
    return {
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message } },
    };
  }
  return null;
}
