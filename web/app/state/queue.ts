/**
 * The floor queue as the person sees it: who waits to speak, what the page says about it, and
 * what the page says when a queued session starts speaking. Pure; sb-app feeds it hub messages.
 */

export type QueuedTurn = { sessionId: string; turnId: string; waitingSince: string };
export type NameOf = (sessionId: string) => string;

export type SpeakStartInfo = {
  sessionId: string;
  sessionName: string;
  text: string;
  /** The hub's "api-service says" when hands-free plays a queued session; null otherwise. */
  announce: string | null;
};

/** Session ids with speech waiting, oldest first, each once. */
export function queuedSessionIds(queue: readonly QueuedTurn[]): string[] {
  return [...new Set(queue.map((q) => q.sessionId))];
}

/** "docs is waiting to speak" / "docs and web are waiting to speak" / "docs, web and 2 more...". */
export function queueSummary(queue: readonly QueuedTurn[], nameOf: NameOf): string {
  const names = queuedSessionIds(queue).map(nameOf);
  if (names.length === 0) return '';
  const verb = names.length === 1 ? 'is' : 'are';
  return `${listNames(names, 3)} ${verb} waiting to speak`;
}

/** Sessions that joined the queue since the previous snapshot (for a polite announcement). */
export function newlyQueued(previous: readonly QueuedTurn[], next: readonly QueuedTurn[]): string[] {
  const before = new Set(previous.map((q) => q.turnId));
  return queuedSessionIds(next.filter((q) => !before.has(q.turnId)));
}

export type Announcement = {
  /** Shown in the banner above the conversation; null: nothing to announce. */
  banner: string | null;
  /** For the live region (screen readers), short: the speech itself is playing at the same time. */
  live: string;
  /** The speaking session is not the one on screen: the page may offer (or do) a switch to it. */
  otherSession: boolean;
};

/**
 * What the page says when speech starts. A hands-free hand-over carries the hub's `announce`
 * ("api-service says"); speech from a session that is not on screen is named even without one,
 * so the person always knows who is talking.
 */
export function announcementFor(speak: SpeakStartInfo, selectedId: string | null): Announcement {
  const otherSession = speak.sessionId !== selectedId;
  // The hub's announce ends in a colon ("beta says:"), it is spoken before the message.
  const said = (speak.announce ?? '').trim().replace(/[:\s]+$/, '');
  if (said !== '') return { banner: `${said}…`, live: `${said}: ${preview(speak.text)}`, otherSession };
  if (otherSession) {
    return {
      banner: `${speak.sessionName} says…`,
      live: `${speak.sessionName} says: ${preview(speak.text)}`,
      otherSession,
    };
  }
  return { banner: null, live: `${speak.sessionName} is speaking`, otherSession };
}

/**
 * Show the session that starts speaking, so what is heard is what is on screen and a typed
 * answer goes to it; unless the person is busy on this page (typing a reply, a dialog open):
 * then the banner offers the switch instead. Their draft stays with its session either way.
 */
export function shouldFollowSpeaker(input: {
  speakingId: string;
  selectedId: string | null;
  personBusy: boolean;
}): boolean {
  if (input.speakingId === input.selectedId) return false;
  return input.selectedId === null || !input.personBusy;
}

function listNames(names: string[], max: number): string {
  if (names.length <= max) {
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  }
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function preview(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
