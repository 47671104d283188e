import type { HubToBrowser } from '../../protocol/browser.js';
import type { SpeechFormat } from '../../protocol/voice.js';
import type { AudioClient, VoicePeer } from './voice-peer.js';

/**
 * Every connected page, and which of them holds the audio: the newest page that said
 * voice_hello. When it goes, the one before it (still connected) takes over.
 */
export class Pages {
  private readonly peers = new Map<string, VoicePeer>();
  private readonly audioClients: AudioClient[] = [];

  attach(peer: VoicePeer): void {
    this.peers.set(peer.id, peer);
  }

  /** Forgets a page; true when it was the one holding the audio. */
  detach(peerId: string): boolean {
    this.peers.delete(peerId);
    const index = this.audioClients.findIndex((c) => c.peer.id === peerId);
    if (index < 0) return false;
    const wasHolder = index === this.audioClients.length - 1;
    this.audioClients.splice(index, 1);
    return wasHolder;
  }

  /** The page takes the audio; true when another page held it before. */
  hello(peer: VoicePeer, formats: readonly SpeechFormat[], handsFree: boolean): boolean {
    const previous = this.holder();
    const others = this.audioClients.filter((c) => c.peer.id !== peer.id);
    // PCM is cheapest on loopback and LAN; the page lists Opus first on a slow link.
    const format = formats[0] ?? 'pcm16';
    this.audioClients.splice(0, this.audioClients.length, ...others, { peer, format, handsFree });
    return previous !== undefined && previous.peer.id !== peer.id;
  }

  setHandsFree(peerId: string, handsFree: boolean): void {
    const client = this.audioClients.find((c) => c.peer.id === peerId);
    if (client !== undefined) client.handsFree = handsFree;
  }

  holder(): AudioClient | undefined {
    return this.audioClients.at(-1);
  }

  broadcast(message: HubToBrowser): void {
    for (const peer of this.peers.values()) peer.sendJson(message);
  }
}
