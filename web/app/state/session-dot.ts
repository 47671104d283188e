import type { Session, SessionState } from '../../../protocol/session.js';

/**
 * What a session's tab shows: one status dot (from the hub's lifecycle state and this page's voice
 * activity) and an attention badge. Pure functions of a snapshot, so the rules are unit-tested.
 */

/** The hub's lifecycle state of a session. */
export type HubState = SessionState;

export type VoicePhase = 'speaking' | 'listening' | 'transcribing';
/** The turn on the floor as this page knows it (only the page holding the audio hears speak_start). */
export type VoiceActivity = { sessionId: string; turnId: string; phase: VoicePhase };

export type DotState = HubState | 'speaking' | 'listening' | 'queued';

export type DotInfo = {
  /** Said by screen readers and shown in tooltips and the roster. */
  label: string;
  /** The person is needed (a badge when the session is in the background). */
  attention: boolean;
};

/** One line per hub state: a new state fails to compile until it gets its line here. */
const HUB_STATES: Record<HubState, DotInfo> = {
  starting: { label: 'Starting', attention: false },
  dialog: { label: 'Needs an answer to a start-up question', attention: true },
  ready: { label: 'Ready', attention: false },
  idle: { label: 'Idle', attention: false },
  busy: { label: 'Working', attention: false },
  waiting_input: { label: 'Waiting for your answer', attention: true },
  waiting_permission: { label: 'Waiting for permission', attention: true },
  exited: { label: 'Exited', attention: false },
};

const VOICE_DOTS: Record<'speaking' | 'listening' | 'queued', DotInfo> = {
  speaking: { label: 'Speaking', attention: false },
  listening: { label: 'Listening to you', attention: false },
  queued: { label: 'Waiting to speak', attention: true },
};

/** States that outrank voice activity: the session cannot talk, or a screen dialog blocks it. */
const BLOCKING: ReadonlySet<DotState> = new Set<DotState>(['exited', 'dialog', 'waiting_permission']);

export type DotInput = {
  session: Pick<Session, 'id' | 'state'>;
  activity: VoiceActivity | null;
  queued: ReadonlySet<string>;
  /**
   * Permission requests of this session the page holds as pending. They show as
   * `waiting_permission` even before the hub's session_status says so (the two messages race).
   */
  pendingPermissions?: number;
};

export function dotState({ session, activity, queued, pendingPermissions = 0 }: DotInput): DotState {
  const hub = session.state as HubState;
  if (BLOCKING.has(hub)) return hub;
  if (pendingPermissions > 0) return 'waiting_permission';
  if (activity?.sessionId === session.id) return activity.phase === 'speaking' ? 'speaking' : 'listening';
  if (queued.has(session.id)) return 'queued';
  return hub;
}

export function dotInfo(dot: DotState): DotInfo {
  return dot in VOICE_DOTS
    ? VOICE_DOTS[dot as keyof typeof VOICE_DOTS]
    : (HUB_STATES[dot as HubState] ?? { label: dot, attention: false });
}

export type TabView = {
  id: string;
  name: string;
  dot: DotState;
  label: string;
  /** A background session wants the person: queued speech, a waiting question, a dialog... */
  badge: boolean;
  /** Why, for screen readers and the tooltip ("waiting to speak"); empty without a badge. */
  badgeReason: string;
  /** Pending permission requests of the session (the badge shows the number). */
  permissions: number;
  /** Messages in the session's inbox not yet delivered to it. */
  unread: number;
};

export type TabContext = {
  activity: VoiceActivity | null;
  queued: ReadonlySet<string>;
  selectedId: string | null;
  /** Pending permission requests by session id. */
  permissions?: ReadonlyMap<string, number>;
};

export function tabView(
  session: Pick<Session, 'id' | 'name' | 'state' | 'pendingConverse' | 'inboxWaiting'>,
  context: TabContext,
): TabView {
  const permissions = session.state === 'exited' ? 0 : (context.permissions?.get(session.id) ?? 0);
  const dot = dotState({
    session,
    activity: context.activity,
    queued: context.queued,
    pendingPermissions: permissions,
  });
  const info = dotInfo(dot);
  const background = session.id !== context.selectedId;
  const beingHeard = context.activity?.sessionId === session.id;
  const waitingPrompt = session.pendingConverse !== null && !beingHeard && dot !== 'exited';
  const reason =
    permissions > 0
      ? permissionReason(permissions)
      : info.attention
        ? info.label
        : waitingPrompt
          ? 'Waiting for your answer'
          : '';
  const badge = background && reason !== '';
  return {
    id: session.id,
    name: session.name,
    dot,
    label: info.label,
    badge,
    badgeReason: badge ? reason : '',
    permissions,
    unread: session.inboxWaiting,
  };
}

function permissionReason(count: number): string {
  return count === 1 ? '1 permission request waiting' : `${count} permission requests waiting`;
}
