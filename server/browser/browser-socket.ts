import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BROWSER_PROTOCOL_VERSION, type HubToBrowser } from '../../protocol/browser.js';
import { pageToHubSchema } from '../../protocol/voice.js';
import { systemClock, type Clock } from '../clock.js';
import type { PermissionService } from '../permissions/permission-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { VoicePeer } from '../voice/voice-peer.js';
import type { TranscriptLog } from '../transcript/transcript-log.js';
import type { VoiceService } from '../voice/voice-service.js';
import { DEFAULT_PAGE_LIMITS, PageSender, type PageSenderLimits } from './page-sender.js';

/**
 * `/ws`: the page's one socket. Hub -> page: the roster (session_list, then each change; archived
 * sessions left out) and the voice turns (JSON + binary audio frames), the transcript and the
 * permission prompts. Page -> hub: voice messages and microphone audio.
 * Everything to the page goes through its PageSender, which bounds what a page that stops
 * reading can cost (page-sender.ts); `limits` and `clock` are there for tests.
 */
export function registerBrowserSocket(
  app: FastifyInstance,
  deps: {
    sessions: SessionService;
    voice: VoiceService;
    transcript: TranscriptLog;
    permissions: PermissionService;
    limits?: Partial<PageSenderLimits>;
    clock?: Clock;
  },
): void {
  const { sessions, voice, transcript, permissions } = deps;
  const limits = { ...DEFAULT_PAGE_LIMITS, ...deps.limits };
  const clock = deps.clock ?? systemClock;
  app.get(
    '/ws',
    // The person scope checked the credential and the Origin before the upgrade.
    { websocket: true },
    (socket, request) => {
      const sender = new PageSender(socket, { clock, limits, log: request.log });
      socket.on('pong', () => sender.onPong());
      const send = (message: HubToBrowser) => sender.send(message);
      const peer: VoicePeer = {
        id: randomBytes(6).toString('hex'),
        sendJson: send,
        sendBinary: (bytes) => sender.sendBinary(bytes),
        bufferedBytes: () => socket.bufferedAmount,
        caughtUp: (signal) => sender.caughtUp(signal),
      };
      send({ type: 'hello', protocolVersion: BROWSER_PROTOCOL_VERSION });
      // The tabs: archived sessions (stopped, or closed after they ended) live in Past sessions
      // only, so to the roster archiving one is its removal and resuming it brings it back.
      send({ type: 'session_list', sessions: sessions.list().filter((s) => !s.archived) });
      const unsubscribe = sessions.onChange((change) => {
        if (change.type === 'removed') send({ type: 'session_removed', id: change.id });
        else if (change.session.archived) send({ type: 'session_removed', id: change.session.id });
        else send({ type: 'session_status', session: change.session });
      });
      const unsubscribeTranscript = transcript.onEntry((entry) => send({ type: 'transcript', entry }));
      // Pending prompts first (a page that connects mid-prompt must see it), then every change.
      send({ type: 'permission_list', requests: permissions.list({ state: 'pending' }) });
      const unsubscribePermissions = permissions.onChange((request) => send({ type: 'permission', request }));
      voice.attachPeer(peer);

      socket.on('message', (data, isBinary) => {
        // ws hands over a Buffer (fragments: a list of them); used as is, not copied.
        const bytes = Buffer.isBuffer(data)
          ? data
          : Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.from(data);
        if (isBinary)
          return voice.handlePageAudio(peer, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8'));
        } catch {
          return send({ type: 'voice_error', message: 'Frame is not JSON.' });
        }
        const parsed = pageToHubSchema.safeParse(json);
        if (!parsed.success) {
          const detail = parsed.error.issues
            .map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`)
            .join('; ');
          return send({ type: 'voice_error', message: `Bad message: ${detail}` });
        }
        try {
          voice.handlePageMessage(peer, parsed.data);
        } catch (error) {
          request.log.error({ err: error }, 'page message failed');
          send({ type: 'voice_error', message: 'The hub could not handle that message; see its log.' });
        }
      });
      socket.on('close', () => {
        sender.dispose();
        unsubscribe();
        unsubscribeTranscript();
        unsubscribePermissions();
        voice.detachPeer(peer.id);
      });
    },
  );
}
