import type { PageToHub } from '../../protocol/voice.js';
import { parseIncoming, type Incoming } from './hub-messages.js';
import type { DebugHook, VoiceSocket } from './ports.js';

/**
 * The voice client's end of the page socket, in the manner of xterm's attach addon: binary
 * frames as ArrayBuffers, incoming frames parsed and validated, the listener removed on close.
 * The socket itself belongs to the page (it also carries the roster).
 */
export class HubLink {
  private readonly listener = (event: { data: unknown }) => this.onIncoming(parseIncoming(event.data));

  constructor(
    private readonly socket: VoiceSocket,
    private readonly onIncoming: (incoming: Incoming) => void,
    private readonly debug?: DebugHook,
  ) {
    if ('binaryType' in socket) socket.binaryType = 'arraybuffer';
    socket.addEventListener('message', this.listener);
  }

  send(message: PageToHub): void {
    this.transmit(JSON.stringify(message));
  }

  sendBinary(bytes: ArrayBuffer): void {
    this.transmit(bytes);
  }

  close(): void {
    this.socket.removeEventListener('message', this.listener);
  }

  /** A closed or still-connecting socket throws; the hub's own timeouts cover what is lost. */
  private transmit(data: string | ArrayBuffer): void {
    try {
      this.socket.send(data);
    } catch (error) {
      this.debug?.('socket send failed', error);
    }
  }
}
