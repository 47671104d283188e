import { z } from 'zod';
import { sessionSchema } from './session.js';
import { permissionListMessageSchema, permissionMessageSchema } from './permissions.js';
import { transcriptMessageSchema } from './transcript.js';
import { hubVoiceMessageSchemas } from './voice.js';

/** Messages from the hub to the page over `/ws` (the global token); voice.ts has the voice ones. */
export const BROWSER_PROTOCOL_VERSION = 1;

/**
 * Close codes of `/ws` (4000-4999 is the range the WebSocket spec leaves to applications). Any
 * close makes the page reconnect, and a new socket starts over from a fresh session_list.
 */
export const BROWSER_CLOSE = {
  /** The page fell further behind than the hub's send budget (a stalled tab, a link too slow). */
  tooFarBehind: 4408,
} as const;

export const browserHelloSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
});

export const sessionListMessageSchema = z.object({
  type: z.literal('session_list'),
  sessions: z.array(sessionSchema),
});

export const sessionStatusMessageSchema = z.object({
  type: z.literal('session_status'),
  session: sessionSchema,
});

export const sessionRemovedMessageSchema = z.object({
  type: z.literal('session_removed'),
  id: z.string(),
});

export const hubToBrowserSchema = z.discriminatedUnion('type', [
  browserHelloSchema,
  sessionListMessageSchema,
  sessionStatusMessageSchema,
  sessionRemovedMessageSchema,
  transcriptMessageSchema,
  permissionMessageSchema,
  permissionListMessageSchema,
  ...hubVoiceMessageSchemas,
]);
export type HubToBrowser = z.infer<typeof hubToBrowserSchema>;
