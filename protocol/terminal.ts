import { z } from 'zod';

/**
 * The terminal bridge (DESIGN section 6). A page asks for a ticket over REST, then opens
 * `/ws/terminal/<sessionId>?ticket=…`. Binary frames carry terminal bytes both ways; text frames
 * carry the JSON messages below. Bump the version on any breaking change.
 */
export const TERMINAL_PROTOCOL_VERSION = 1;

/** Close codes the hub uses on a terminal socket; the page acts on them (see sb-terminal-pane). */
export const TERMINAL_CLOSE = {
  /** The page (or the hub) ended the connection on purpose. */
  normal: 1000,
  /** The hub is shutting down: reconnect to the next one. */
  goingAway: 1001,
  /** Unknown, reused, expired, or for another session: ask for a fresh ticket. */
  ticketRefused: 4401,
  /** The session or its tmux session is gone: reconnecting will not help. */
  sessionGone: 4404,
  /** tmux's client ended (the session was killed, or someone detached this viewer). */
  ended: 4410,
} as const;

// REST

export const terminalTicketRequestSchema = z.strictObject({
  /** Ask for a viewer that can type; read-only when false or absent. */
  write: z.boolean().optional(),
});
export type TerminalTicketRequest = z.infer<typeof terminalTicketRequestSchema>;

export const terminalTicketSchema = z.object({
  ticket: z.string(),
  /** ISO time after which the ticket is refused. */
  expiresAt: z.string(),
  /** The socket's path with the ticket in it; the page resolves it against its own origin (ws/wss). */
  url: z.string(),
  write: z.boolean(),
});
export type TerminalTicket = z.infer<typeof terminalTicketSchema>;

/** Query of `GET /api/sessions/:id/screen` (not strict: `?token=` may ride along). */
export const screenQuerySchema = z.object({
  /** Lines of scrollback to include above the visible screen (0: the screen only). */
  lines: z.coerce.number().int().min(0).max(50_000).default(0),
  /** 1 keeps colours and attributes as ANSI escapes; 0 (the default) is plain text. */
  ansi: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
});

export const screenSchema = z.object({ text: z.string() });

export const setRecordingRequestSchema = z.strictObject({ enabled: z.boolean() });

/** One asciinema v2 file of a session's terminal. */
export const recordingInfoSchema = z.object({
  name: z.string(),
  size: z.number().int(),
  startedAt: z.string(),
});
export type RecordingInfo = z.infer<typeof recordingInfoSchema>;

export const recordingsSchema = z.object({
  enabled: z.boolean(),
  /** Oldest first. */
  recordings: z.array(recordingInfoSchema),
});
export type Recordings = z.infer<typeof recordingsSchema>;

// page -> hub (text frames)

export const terminalSizeSchema = z.object({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});

export const terminalResizeSchema = terminalSizeSchema.extend({ type: z.literal('resize') });
export const terminalCloseSchema = z.object({ type: z.literal('close') });

export const pageToTerminalSchema = z.discriminatedUnion('type', [terminalResizeSchema, terminalCloseSchema]);
export type PageToTerminal = z.infer<typeof pageToTerminalSchema>;

// hub -> page (text frames)

export const terminalHelloSchema = z.object({
  type: z.literal('hello'),
  protocolVersion: z.number().int(),
  sessionId: z.string(),
  /** False: the hub drops what this viewer types (and tmux attached it read-only). */
  write: z.boolean(),
  /** The session's own window size, which viewers never change. */
  cols: z.number().int(),
  rows: z.number().int(),
});

export const terminalErrorSchema = z.object({ type: z.literal('error'), message: z.string() });

export const hubToTerminalSchema = z.discriminatedUnion('type', [terminalHelloSchema, terminalErrorSchema]);
export type HubToTerminal = z.infer<typeof hubToTerminalSchema>;
