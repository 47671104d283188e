import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type MediaSessionActions = {
  /** Headset or lock-screen pause: stop the speech (or the listening). */
  pause: () => void;
  /** Play: go on (the next queued message, or listening again). */
  play: () => void;
};

/**
 * Headset buttons and the lock screen's play/pause, through the Media Session API where the
 * browser has it: pause interrupts, play resumes. The metadata names the session speaking.
 */
export class MediaSessionController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly actions: MediaSessionActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const media = mediaSession();
    if (media === null) return;
    trySet(media, 'pause', () => this.actions.pause());
    trySet(media, 'stop', () => this.actions.pause());
    trySet(media, 'play', () => this.actions.play());
  }

  hostDisconnected(): void {
    const media = mediaSession();
    if (media === null) return;
    for (const action of ['pause', 'stop', 'play'] as const) trySet(media, action, null);
  }

  /** Called on every render with what is going on. */
  update(state: { speaking: boolean; title: string; artist: string }): void {
    const media = mediaSession();
    if (media === null) return;
    media.playbackState = state.speaking ? 'playing' : 'paused';
    const current = media.metadata;
    if (current?.title === state.title && current.artist === state.artist) return;
    if (typeof MediaMetadata === 'function') {
      media.metadata = new MediaMetadata({
        title: state.title,
        artist: state.artist,
        album: 'Switchboard',
        artwork: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' }],
      });
    }
  }
}

function mediaSession(): MediaSession | null {
  return 'mediaSession' in navigator ? navigator.mediaSession : null;
}

function trySet(media: MediaSession, action: MediaSessionAction, handler: (() => void) | null): void {
  try {
    media.setActionHandler(action, handler);
  } catch {
    // This browser does not know the action.
  }
}
