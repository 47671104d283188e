import type { PermissionRequest } from '../../../protocol/permissions.js';
import type { Session } from '../../../protocol/session.js';
import type { TranscriptEntry } from '../../../protocol/transcript.js';

/** A valid session as the hub sends it; tests override what they look at. */
export function session(overrides: Partial<Session> & { id: string }): Session {
  return {
    name: overrides.id,
    cwd: `/work/${overrides.id}`,
    ownsFolder: false,
    claudeSessionId: '00000000-0000-4000-8000-000000000000',
    tmuxSession: `sb-${overrides.id}`,
    voice: 'af_heart',
    speed: 1,
    muted: false,
    model: null,
    state: 'ready',
    statusText: null,
    dialog: null,
    proxyConnected: true,
    pendingConverse: null,
    contextPercent: null,
    inboxWaiting: 0,
    shellOnly: false,
    acceptsSessionTasks: false,
    problem: null,
    proxyDisconnectedAt: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    lastActivityAt: '2026-01-01T10:00:00.000Z',
    exitedAt: null,
    exitReason: null,
    resumable: false,
    notResumable: null,
    archived: false,
    ...overrides,
  };
}

export function entry(
  id: number,
  sessionId = 'api',
  overrides: Partial<TranscriptEntry> = {},
): TranscriptEntry {
  return {
    id,
    sessionId,
    role: 'assistant',
    channel: 'voice',
    text: `entry ${id}`,
    at: '2026-01-01T10:00:00.000Z',
    turnId: null,
    kind: 'said',
    tool: null,
    ...overrides,
  };
}

/** A pending permission request as the hub sends it. */
export function permission(
  overrides: Partial<PermissionRequest> & { id: string; sessionId?: string },
): PermissionRequest {
  const sessionId = overrides.sessionId ?? 'api';
  return {
    sessionId,
    sessionName: sessionId,
    sessionCwd: '/work/project',
    toolName: 'Bash',
    toolInput: { command: 'npm test' },
    suggestions: [],
    via: 'hook',
    state: 'pending',
    createdAt: '2026-01-01T10:00:00.000Z',
    expiresAt: '2026-01-01T10:10:00.000Z',
    decidedAt: null,
    decidedBy: null,
    message: null,
    updatedInput: null,
    scope: null,
    sessionRule: null,
    ...overrides,
  };
}
