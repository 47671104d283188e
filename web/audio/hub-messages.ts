import { z } from 'zod';
import { AudioFrameKind, decodeAudioFrame, type AudioFrame } from '../../protocol/audio-frame.js';
import { hubVoiceMessageSchemas } from '../../protocol/voice.js';

/** What the page's socket received, as far as voice is concerned. Validated here, trusted after. */
export const hubVoiceMessageSchema = z.discriminatedUnion('type', [...hubVoiceMessageSchemas]);
export type HubVoiceMessage = z.infer<typeof hubVoiceMessageSchema>;

export type Incoming =
  | { kind: 'voice'; message: HubVoiceMessage }
  /** The hub's greeting on a new connection: time to say voice_hello. */
  | { kind: 'hello' }
  | { kind: 'speech'; frame: AudioFrame }
  /** Roster messages and the like: someone else's business. */
  | { kind: 'other' }
  | { kind: 'invalid'; reason: string };

const voiceTypes = new Set<string>(hubVoiceMessageSchemas.map((s) => s.shape.type.value));

export function parseIncoming(data: unknown): Incoming {
  if (typeof data === 'string') return parseJson(data);
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : null;
  if (bytes === null) return { kind: 'invalid', reason: 'binary frame is not an ArrayBuffer (binaryType?)' };
  const decoded = decodeAudioFrame(bytes);
  if (!decoded.ok) return { kind: 'invalid', reason: decoded.reason };
  if (decoded.frame.kind !== AudioFrameKind.speech) return { kind: 'invalid', reason: 'not a speech frame' };
  return { kind: 'speech', frame: decoded.frame };
}

function parseJson(text: string): Incoming {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'text frame is not JSON' };
  }
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (type === 'hello') return { kind: 'hello' };
  if (typeof type !== 'string' || !voiceTypes.has(type)) return { kind: 'other' };
  const parsed = hubVoiceMessageSchema.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reason: `bad ${type}: ${parsed.error.message}` };
  return { kind: 'voice', message: parsed.data };
}
