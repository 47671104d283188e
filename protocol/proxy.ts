import { z } from 'zod';
import { MAX_MESSAGE_CHARS, messageKindSchema } from './messages.js';

/**
 * Messages between a session's MCP proxy and the hub, over WebSocket `/proxy/<sessionId>`
 * (authenticated with the session's own token). Bump the version on any breaking change.
 */
export const PROXY_PROTOCOL_VERSION = 1;

const callId = z.string().min(1).max(100);

// proxy -> hub

export const proxyHelloSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  sessionId: z.string(),
  pid: z.number().int(),
});

export const converseCallSchema = z.object({
  type: z.literal('converse'),
  callId,
  message: z.string().min(1).max(100_000),
  waitForResponse: z.boolean(),
  voice: z.string().optional(),
});

export const setStatusCallSchema = z.object({
  type: z.literal('set_status'),
  callId,
  text: z.string().max(200),
});

export const whoamiCallSchema = z.object({ type: z.literal('whoami'), callId });

/**
 * A message from this session into another's inbox. `to` is resolved by the hub (id, name or folder
 * name). Not idempotent: the hub answers a re-sent callId with the first answer instead of sending twice.
 */
export const sendMessageCallSchema = z.object({
  type: z.literal('send_message'),
  callId,
  to: z.string().min(1).max(200),
  body: z.string().min(1).max(MAX_MESSAGE_CHARS),
  kind: messageKindSchema,
});

/** Takes what waits in this session's own inbox (marks it delivered); a re-sent callId gets the same answer. */
export const readInboxCallSchema = z.object({ type: z.literal('read_inbox'), callId });

/** The other sessions this one can address. */
export const listSessionsCallSchema = z.object({ type: z.literal('list_sessions'), callId });

export const proxyToHubSchema = z.discriminatedUnion('type', [
  proxyHelloSchema,
  converseCallSchema,
  setStatusCallSchema,
  whoamiCallSchema,
  sendMessageCallSchema,
  readInboxCallSchema,
  listSessionsCallSchema,
]);
export type ProxyToHub = z.infer<typeof proxyToHubSchema>;
export type ProxyCall = Exclude<ProxyToHub, { type: 'hello' }>;

// hub -> proxy

export const proxySessionInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  cwd: z.string(),
  voice: z.string(),
  hubUrl: z.string(),
});
export type ProxySessionInfo = z.infer<typeof proxySessionInfoSchema>;

export const hubWelcomeSchema = z.object({
  type: z.literal('welcome'),
  protocolVersion: z.number().int(),
  session: proxySessionInfoSchema,
});

/** Every tool answers with text a model can act on; `isError` marks a failure the model should see. */
export const callResultSchema = z.object({
  type: z.literal('result'),
  callId,
  text: z.string(),
  isError: z.boolean(),
});

/** A protocol-level failure: a malformed frame, an unknown session, a version mismatch. */
export const hubErrorSchema = z.object({
  type: z.literal('error'),
  callId: z.string().optional(),
  code: z.string(),
  message: z.string(),
});

export const hubToProxySchema = z.discriminatedUnion('type', [
  hubWelcomeSchema,
  callResultSchema,
  hubErrorSchema,
]);
export type HubToProxy = z.infer<typeof hubToProxySchema>;

/** WebSocket close codes the hub uses so a proxy can tell "retry" from "give up". */
export const PROXY_CLOSE = {
  /** The session no longer exists on the hub: the proxy stops reconnecting. */
  unknownSession: 4404,
  badToken: 4401,
  protocolMismatch: 4400,
  /** A newer proxy connection for the same session took over. */
  replaced: 4409,
} as const;
