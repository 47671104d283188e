import type { SpeechFormat } from '../../protocol/voice.js';
import type { HubToBrowser } from '../../protocol/browser.js';

/** One connected page, as the voice service sees it. */
export interface VoicePeer {
  readonly id: string;
  sendJson(message: HubToBrowser): void;
  sendBinary(bytes: Uint8Array): void;
  /** Bytes queued on the socket and not yet sent: a slow link shows here. */
  bufferedBytes(): number;
  /**
   * Resolves once little of what was sent still waits in the hub for the page (at once when
   * little does), or when the page left or `signal` aborted. Speech waits for it between chunks:
   * synthesis runs only that far ahead of the page's link, and a long message never piles up.
   */
  caughtUp(signal?: AbortSignal): Promise<void>;
}

/** What a page said in voice_hello: it can play and listen. */
export type AudioClient = { peer: VoicePeer; format: SpeechFormat; handsFree: boolean };
