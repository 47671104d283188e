import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AnnouncementView, Notice } from '../components/sb-banners.js';

const NOTICE_MS = 9000;
/** How long "beta says…" stays up after beta's turn ended. */
const ANNOUNCE_AFTER_MS = 4000;

/**
 * What the page tells the person besides the conversation: polite live-region text for screen
 * readers, notices (errors stay twice as long as hints) and the "who is speaking" banner.
 */
export class Announcer implements ReactiveController {
  live = '';
  notices: Notice[] = [];
  announcement: (AnnouncementView & { turnId: string }) | null = null;
  private noticeId = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    clearTimeout(this.announceTimer);
  }

  /** Says something to screen readers. */
  say(text: string): void {
    // The same text twice is not announced again; a zero-width change makes it new.
    this.live = this.live === text ? `${text}\u200b` : text;
    this.host.requestUpdate();
  }

  notify(text: string, kind: Notice['kind']): void {
    const id = ++this.noticeId;
    this.notices = [...this.notices.filter((n) => n.text !== text), { id, text, kind }].slice(-3);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.dismiss(id);
      },
      kind === 'error' ? NOTICE_MS * 2 : NOTICE_MS,
    );
    this.timers.add(timer);
    this.host.requestUpdate();
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.host.requestUpdate();
  }

  /** Shows (or with null, hides) the banner for the turn that started speaking. */
  announce(announcement: (AnnouncementView & { turnId: string }) | null): void {
    clearTimeout(this.announceTimer);
    this.announcement = announcement;
    this.host.requestUpdate();
  }

  /** The announced turn ended: the banner goes a little later. */
  turnEnded(turnId: string): void {
    if (this.announcement?.turnId !== turnId) return;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announce(null), ANNOUNCE_AFTER_MS);
  }

  /** The person now looks at the announced session: no need to offer the switch. */
  viewing(sessionId: string): void {
    if (this.announcement?.sessionId !== sessionId || !this.announcement.offerSwitch) return;
    this.announcement = { ...this.announcement, offerSwitch: false };
    this.host.requestUpdate();
  }
}
