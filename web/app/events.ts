import type { RosterSort } from './state/roster.js';

/**
 * The page's custom events, typed: every component fires them with `fire()`, and listeners in
 * templates (`@sb-select=${...}`) get the detail type from HTMLElementEventMap below.
 * Requests that need an answer (create a session, send a reply) are async callback properties
 * instead, so the component can show the hub's error where the person is looking.
 */
export type SbEvents = {
  /** Show this session (tabs, roster, the announcement banner). */
  'sb-select': { id: string };
  /** The person wants to stop this session (a confirmation follows). */
  'sb-close': { id: string };
  'sb-mute': { id: string; muted: boolean };
  /** Speak first: send what was heard now, or take it back. */
  'sb-dictation-send': Record<string, never>;
  'sb-dictation-cancel': Record<string, never>;
  /** Whether other sessions may type tasks into this one (the person's call). */
  'sb-session-tasks': { id: string; accept: boolean };
  'sb-voice': { id: string; voice?: string; speed?: number };
  'sb-hands-free': { handsFree: boolean };
  'sb-mic': Record<string, never>;
  'sb-interrupt': Record<string, never>;
  'sb-enable-audio': Record<string, never>;
  'sb-roster-sort': { sort: RosterSort };
  'sb-token': { token: string };
  /** Close a notice. */
  'sb-dismiss': { id: number };
  'sb-retry': Record<string, never>;
  'sb-new-session': Record<string, never>;
  'sb-view': { view: 'conversation' | 'roster' | 'inbox' | 'past' };
  /** Open the permissions inbox: all sessions (null) or only this one ("Review permission"). */
  'sb-inbox': { sessionId: string | null };
  /** Open or close a session's terminal beside its conversation (remembered per session). */
  'sb-terminal-toggle': { id: string; open: boolean };
  /** The docked terminal's share of the width (percent): while dragging, then `done`. */
  'sb-terminal-share': { share: number; done: boolean };
};

declare global {
  interface HTMLElementEventMap {
    'sb-select': CustomEvent<SbEvents['sb-select']>;
    'sb-close': CustomEvent<SbEvents['sb-close']>;
    'sb-mute': CustomEvent<SbEvents['sb-mute']>;
    'sb-session-tasks': CustomEvent<SbEvents['sb-session-tasks']>;
    'sb-dictation-send': CustomEvent<SbEvents['sb-dictation-send']>;
    'sb-dictation-cancel': CustomEvent<SbEvents['sb-dictation-cancel']>;
    'sb-voice': CustomEvent<SbEvents['sb-voice']>;
    'sb-hands-free': CustomEvent<SbEvents['sb-hands-free']>;
    'sb-mic': CustomEvent<SbEvents['sb-mic']>;
    'sb-interrupt': CustomEvent<SbEvents['sb-interrupt']>;
    'sb-enable-audio': CustomEvent<SbEvents['sb-enable-audio']>;
    'sb-roster-sort': CustomEvent<SbEvents['sb-roster-sort']>;
    'sb-token': CustomEvent<SbEvents['sb-token']>;
    'sb-dismiss': CustomEvent<SbEvents['sb-dismiss']>;
    'sb-retry': CustomEvent<SbEvents['sb-retry']>;
    'sb-new-session': CustomEvent<SbEvents['sb-new-session']>;
    'sb-view': CustomEvent<SbEvents['sb-view']>;
    'sb-inbox': CustomEvent<SbEvents['sb-inbox']>;
    'sb-terminal-toggle': CustomEvent<SbEvents['sb-terminal-toggle']>;
    'sb-terminal-share': CustomEvent<SbEvents['sb-terminal-share']>;
  }
}

/** Fires a bubbling, composed event (it crosses shadow roots up to sb-app). */
export function fire<K extends keyof SbEvents>(from: EventTarget, type: K, detail: SbEvents[K]): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
