import { z } from 'zod';
import { apiErrorSchema } from '../../../protocol/errors.js';
import { historySearchAnswerSchema, type HistoryResult } from '../../../protocol/history.js';
import {
  permissionRequestSchema,
  type PermissionDecision,
  type PermissionRequest,
} from '../../../protocol/permissions.js';
import { sessionSchema, type CreateSessionRequest, type Session } from '../../../protocol/session.js';
import {
  recordingsSchema,
  terminalTicketSchema,
  type Recordings,
  type TerminalTicket,
} from '../../../protocol/terminal.js';
import { transcriptEntrySchema, type TranscriptEntry } from '../../../protocol/transcript.js';

/**
 * The hub's REST API as the page uses it. Every answer is validated; every failure becomes a
 * HubApiError whose message is the hub's own sentence, ready to show to the person.
 */

/** GET /api/voices: the speech engine's voices (server/voice/engines/engine-types.ts VoiceInfo). */
export const voiceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  gender: z.string(),
});
export type VoiceInfo = z.infer<typeof voiceInfoSchema>;

const sessionsAnswer = z.object({ sessions: z.array(sessionSchema) });
const sessionAnswer = z.object({ session: sessionSchema });
const messageAnswer = z.object({ message: z.object({ id: z.number() }) });
const transcriptAnswer = z.object({ entries: z.array(transcriptEntrySchema) });
const voicesAnswer = z.object({ voices: z.array(voiceInfoSchema) });
const foldersAnswer = z.object({ folders: z.array(z.string()) });
const permissionAnswer = z.object({ request: permissionRequestSchema });
const permissionsAnswer = z.object({ requests: z.array(permissionRequestSchema) });

export class HubApiError extends Error {
  override readonly name = 'HubApiError';
  constructor(
    /** HTTP status; 0 when the hub could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The hub's API with the page's login (web/app/state/login.ts), never the hub token: the hub
 * records what the page decides as `page` because of that credential.
 */
export class HubApi {
  constructor(
    private readonly credential: string,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
    private readonly base = '',
  ) {}

  async sessions(): Promise<Session[]> {
    return (await this.call('GET', '/api/sessions', sessionsAnswer)).sessions;
  }

  async session(id: string): Promise<Session> {
    return (await this.call('GET', `/api/sessions/${enc(id)}`, sessionAnswer)).session;
  }

  async createSession(request: CreateSessionRequest): Promise<Session> {
    return (await this.call('POST', '/api/sessions', sessionAnswer, request)).session;
  }

  /** Stops it (or, after it ended, closes its tab): it is kept, archived, in Past sessions. */
  async stopSession(id: string): Promise<Session> {
    return (await this.call('DELETE', `/api/sessions/${enc(id)}`, sessionAnswer)).session;
  }

  /** Deletes the session and its history (transcript, timeline, recordings); its folder stays. */
  async forgetSession(id: string): Promise<void> {
    await this.call('DELETE', `/api/sessions/${enc(id)}?forget=1`, null);
  }

  /** Exited sessions, the one that ended last first. */
  async pastSessions(limit = 200): Promise<Session[]> {
    return (await this.call('GET', `/api/sessions?state=exited&limit=${limit}`, sessionsAnswer)).sessions;
  }

  /** Continues an exited session's conversation (claude --resume) under the same id. */
  async resumeSession(id: string): Promise<Session> {
    return (await this.call('POST', `/api/sessions/${enc(id)}/resume`, sessionAnswer, {})).session;
  }

  /** Sessions whose transcripts hold every word of `q` (`state`: only exited, or only live ones). */
  async searchHistory(q: string, state?: 'exited' | 'live'): Promise<HistoryResult[]> {
    const params = new URLSearchParams({ q });
    if (state !== undefined) params.set('state', state);
    return (await this.call('GET', `/api/history/search?${params.toString()}`, historySearchAnswerSchema))
      .results;
  }

  async answerDialog(id: string, option: number): Promise<Session> {
    return (await this.call('POST', `/api/sessions/${enc(id)}/dialog`, sessionAnswer, { option })).session;
  }

  async reply(id: string, text: string): Promise<Session> {
    return (await this.call('POST', `/api/sessions/${enc(id)}/reply`, sessionAnswer, { text })).session;
  }

  /** Into the session's inbox: typed in as its next prompt once it is idle. */
  /** The person's prompt for a session (`spoken`: said by push-to-talk, not typed). */
  async sendMessage(id: string, text: string, options: { spoken?: boolean } = {}): Promise<void> {
    await this.call('POST', `/api/sessions/${enc(id)}/messages`, messageAnswer, {
      text,
      kind: 'task',
      from: 'page',
      ...(options.spoken === true ? { spoken: true } : {}),
    });
  }

  async setVoice(id: string, settings: { voice?: string; speed?: number }): Promise<Session> {
    return (await this.call('PUT', `/api/sessions/${enc(id)}/voice`, sessionAnswer, settings)).session;
  }

  /** Whether other sessions' tasks are typed into this session (else they wait as notes). */
  async setSessionTasks(id: string, accept: boolean): Promise<Session> {
    return (await this.call('PUT', `/api/sessions/${enc(id)}/session-tasks`, sessionAnswer, { accept }))
      .session;
  }

  async setMuted(id: string, muted: boolean): Promise<Session> {
    return (await this.call('PUT', `/api/sessions/${enc(id)}/muted`, sessionAnswer, { muted })).session;
  }

  /** Entries after `since`, or the newest `limit` (the hub's default: 200) without it. */
  async transcript(id: string, query: { since?: number; limit?: number } = {}): Promise<TranscriptEntry[]> {
    const params = new URLSearchParams();
    if (query.since !== undefined) params.set('since', String(query.since));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return (await this.call('GET', `/api/sessions/${enc(id)}/transcript${search}`, transcriptAnswer)).entries;
  }

  async permission(id: string): Promise<PermissionRequest> {
    return (await this.call('GET', `/api/permissions/${enc(id)}`, permissionAnswer)).request;
  }

  /** A decision on one request; a request decided elsewhere meanwhile answers 409 (HubApiError). */
  async decidePermission(id: string, decision: PermissionDecision): Promise<PermissionRequest> {
    return (await this.call('POST', `/api/permissions/${enc(id)}`, permissionAnswer, decision)).request;
  }

  /** The same decision for every pending request of one tool (of one session, or all). */
  async decideAllPermissions(body: {
    toolName: string;
    sessionId?: string;
    behavior: 'allow' | 'deny';
  }): Promise<PermissionRequest[]> {
    return (await this.call('POST', '/api/permissions/bulk', permissionsAnswer, body)).requests;
  }

  /** A single-use ticket for the session's terminal socket (read-only unless `write`). */
  async terminalTicket(id: string, write: boolean): Promise<TerminalTicket> {
    return this.call('POST', `/api/sessions/${enc(id)}/terminal-ticket`, terminalTicketSchema, { write });
  }

  /** Whether the session's terminal is recorded, and its recordings (oldest first). */
  async recordings(id: string): Promise<Recordings> {
    return this.call('GET', `/api/sessions/${enc(id)}/recordings`, recordingsSchema);
  }

  async setRecording(id: string, enabled: boolean): Promise<Recordings> {
    return this.call('PUT', `/api/sessions/${enc(id)}/recording`, recordingsSchema, { enabled });
  }

  /** One recording's file (an asciinema v2 .cast); it needs the token, so no plain link will do. */
  async recordingFile(id: string, name: string): Promise<Blob> {
    const response = await this.send('GET', `/api/sessions/${enc(id)}/recordings/${enc(name)}`);
    return response.blob();
  }

  async voices(): Promise<VoiceInfo[]> {
    return (await this.call('GET', '/api/voices', voicesAnswer)).voices;
  }

  async recentFolders(): Promise<string[]> {
    return (await this.call('GET', '/api/folders/recent', foldersAnswer)).folders;
  }

  private async call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T>;
  private async call(method: string, path: string, schema: null, body?: unknown): Promise<null>;
  private async call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T> | null,
    body?: unknown,
  ): Promise<T | null> {
    const response = await this.send(method, path, body);
    if (schema === null) return null;
    const parsed = schema.safeParse(parseJson(await response.text()));
    if (!parsed.success) {
      throw new HubApiError(
        response.status,
        'bad_answer',
        `The hub's answer to ${method} ${path} was not understood.`,
        [],
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  /** The request with the login; a failure (unreachable, or not 2xx) becomes a HubApiError. */
  private send(method: string, path: string, body?: unknown): Promise<Response> {
    return request(this.fetchFn, `${this.base}${path}`, method, body, this.credential);
  }
}

const loginAnswer = z.object({ credential: z.string().min(1) });

/**
 * Makes a login for this page from a login link's code or the hub token (POST /api/login) and
 * returns its credential; a refusal is a HubApiError with the hub's sentence ("This login link
 * was used already…").
 */
export async function logIn(
  body: { code: string } | { token: string },
  fetchFn: FetchLike = (url, init) => fetch(url, init),
  base = '',
): Promise<string> {
  const response = await request(fetchFn, `${base}/api/login`, 'POST', body, null);
  const parsed = loginAnswer.safeParse(parseJson(await response.text()));
  if (!parsed.success)
    throw new HubApiError(response.status, 'bad_answer', 'The hub did not log this page in.');
  return parsed.data.credential;
}

async function request(
  fetchFn: FetchLike,
  url: string,
  method: string,
  body: unknown,
  credential: string | null,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (credential !== null) headers.authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new HubApiError(0, 'unreachable', 'The hub cannot be reached. Is it running?', [], {
      cause: error,
    });
  }
  if (response.ok) return response;
  const parsed = apiErrorSchema.safeParse(parseJson(await response.text()));
  if (parsed.success) {
    const { code, message, issues } = parsed.data.error;
    throw new HubApiError(response.status, code, message, issues ?? []);
  }
  throw new HubApiError(
    response.status,
    'http_error',
    `The hub answered ${response.status} ${response.statusText}.`.replace(/ \./, '.'),
  );
}

/** One line for the person: the hub's own sentence (validation errors already name the fields). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
