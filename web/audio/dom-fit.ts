import type { MicSource, SpeechOutput, VoiceSocket } from './ports.js';
import type { AudioContextLike } from './speech-player.js';
import { MicCapture } from './mic-capture.js';
import { SpeechPlayer } from './speech-player.js';

/**
 * Compile-time proof (tsconfig.web.json, DOM types) that the browser's objects fit the ports the
 * DOM-free modules declare; the page uses these instead of casting.
 */
export const pageAudioContext = (): AudioContextLike => new AudioContext();
export const pageSocket = (socket: WebSocket): VoiceSocket => socket;
export const pageMic = (): MicSource => new MicCapture();
export const pageSpeaker = (context: () => AudioContext): SpeechOutput => new SpeechPlayer(context);
