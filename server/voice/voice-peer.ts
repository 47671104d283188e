import type { SpeechFormat } from '../../protocol/voice.js';
import type { HubToBrowser } from '../../protocol/browser.js';

/** One connected page, as the voice service sees it. */
export interface VoicePeer {
  readonly id: string;
  sendJson(message: HubToBrowser): void;
  sendBinary(bytes: Uint8Array): void;
  /** Bytes queued on the socket and not yet sent: a slow link shows here. */
  bufferedBytes(): number;
}

/** What a page said in voice_hello: it can play and listen. */
export type AudioClient = { peer: VoicePeer; format: SpeechFormat; handsFree: boolean };
