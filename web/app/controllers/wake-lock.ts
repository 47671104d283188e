import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps the screen on while the page is used hands-free (a phone on the desk must not lock and
 * drop the audio). Browsers release the lock when the page is hidden; it is taken again when the
 * page comes back. Feature-detected: without the Wake Lock API nothing happens.
 */
export class WakeLockController implements ReactiveController {
  private wanted = false;
  private sentinel: WakeLockSentinel | null = null;
  private requesting = false;
  private readonly onVisibility = () => void this.apply();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  get supported(): boolean {
    return 'wakeLock' in navigator;
  }

  get held(): boolean {
    return this.sentinel !== null && !this.sentinel.released;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.set(false);
  }

  set(wanted: boolean): void {
    if (wanted === this.wanted) return;
    this.wanted = wanted;
    void this.apply();
  }

  private async apply(): Promise<void> {
    if (!this.supported) return;
    if (!this.wanted) {
      const sentinel = this.sentinel;
      this.sentinel = null;
      await sentinel?.release().catch(() => undefined);
      return;
    }
    if (this.held || this.requesting || document.visibilityState !== 'visible') return;
    this.requesting = true;
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (this.wanted) this.sentinel = sentinel;
      else await sentinel.release();
    } catch {
      // Refused (battery saver, no permission): the page works, the screen may sleep.
    } finally {
      this.requesting = false;
    }
  }
}
