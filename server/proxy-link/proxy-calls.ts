import type { FastifyBaseLogger } from 'fastify';
import type { MessageKind } from '../../protocol/messages.js';
import type { ProxyCall } from '../../protocol/proxy.js';
import type { Session } from '../../protocol/session.js';
import { AppError } from '../errors.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { VoiceService } from '../voice/voice-service.js';
import type { CallAnswer } from './call-memo.js';

export type ProxyCallDeps = {
  sessions: SessionService;
  voice: VoiceService;
  messaging: MessagingService;
};

/** Calls whose second run would do the work twice; the socket answers a re-sent callId from memory. */
export const RUN_ONCE: ReadonlySet<ProxyCall['type']> = new Set(['send_message', 'read_inbox']);

/**
 * Answers one tool call from session `id`'s proxy. An AppError is an answer the model should see
 * (`isError` with its message); anything else is a hub bug, logged here and not shown in detail.
 */
export async function answerCall(
  deps: ProxyCallDeps,
  id: string,
  call: ProxyCall,
  log: FastifyBaseLogger,
): Promise<CallAnswer> {
  try {
    return { text: await handleCall(deps, id, call), isError: false };
  } catch (error) {
    if (error instanceof AppError) return { text: error.message, isError: true };
    log.error({ err: error, call: call.type, callId: call.callId }, 'proxy call failed');
    return {
      text: `(switchboard hub failed on ${call.type}: internal error, see the hub's log)`,
      isError: true,
    };
  }
}

async function handleCall(deps: ProxyCallDeps, id: string, call: ProxyCall): Promise<string> {
  switch (call.type) {
    case 'converse':
      return deps.voice.converse(id, {
        callId: call.callId,
        message: call.message,
        waitForResponse: call.waitForResponse,
        ...(call.voice === undefined ? {} : { voice: call.voice }),
      });
    case 'set_status':
      deps.sessions.setStatusText(id, call.text);
      return 'Status updated.';
    case 'whoami': {
      const s = deps.sessions.get(id);
      return JSON.stringify({ id: s.id, name: s.name, cwd: s.cwd, voice: s.voice, state: s.state });
    }
    case 'send_message':
      return sendMessage(deps, id, call);
    case 'read_inbox': {
      const messages = deps.messaging.readInbox(id, true).map((m) => ({
        id: m.id,
        from: m.from,
        fromSessionId: m.fromSessionId,
        kind: m.kind,
        text: m.text,
        sentAt: m.createdAt,
      }));
      return JSON.stringify({ messages });
    }
    case 'list_sessions': {
      const others = deps.sessions
        .list()
        .filter((s) => s.id !== id && s.state !== 'exited')
        .map((s) => ({ id: s.id, name: s.name, folder: s.cwd, state: s.state, status: s.statusText }));
      return JSON.stringify({ sessions: others });
    }
  }
}

function sendMessage(
  deps: ProxyCallDeps,
  id: string,
  call: Extract<ProxyCall, { type: 'send_message' }>,
): string {
  const sender = deps.sessions.get(id);
  const message = deps.messaging.send(call.to, call.body, call.kind, {
    name: sender.name,
    sessionId: sender.id,
  });
  const receiver = deps.sessions.get(message.sessionId);
  const { waits, delivery } =
    call.kind === 'task' && message.kind === 'note'
      ? heldAsNote(receiver)
      : deliveryOutlook(message.kind, receiver);
  return JSON.stringify({
    messageId: message.id,
    to: { id: receiver.id, name: receiver.name },
    kind: message.kind,
    waits,
    delivery,
  });
}

/** A session's task that the receiver does not take (delivery-rules.ts kindOfMessage): said plainly. */
function heldAsNote(receiver: Session): { waits: boolean; delivery: string } {
  const { name } = receiver;
  const why = receiver.shellOnly
    ? `${name} is a shell-only session: what is typed into it runs as a shell command, so it never takes tasks from other sessions`
    : `${name} takes tasks from other sessions only when the person allows it`;
  return {
    waits: true,
    delivery: `Not typed in: ${why}. It waits in ${name}'s inbox as a note (its next turn, or its read_inbox, gets it). To have ${name} act on it, ask the person.`,
  };
}

/**
 * What the sender is told about delivery, from the receiver's state as the message was stored.
 * The messaging service decides the actual moment; this is the sentence a model plans with.
 */
function deliveryOutlook(kind: MessageKind, receiver: Session): { waits: boolean; delivery: string } {
  const { name, state } = receiver;
  if (kind === 'note') {
    return {
      waits: true,
      delivery: `Waits in ${name}'s inbox for its next turn (or its read_inbox); a note does not wake ${name}.`,
    };
  }
  if (receiver.dialog !== null) {
    return {
      waits: true,
      delivery: `Waits in ${name}'s inbox: a dialog is open on its screen; it is typed in once that is answered and ${name} is idle.`,
    };
  }
  if (state === 'idle' || state === 'ready') {
    return { waits: false, delivery: `${name} is idle: it is typed in now as ${name}'s next prompt.` };
  }
  return {
    waits: true,
    delivery: `Waits in ${name}'s inbox: ${name} is ${state}; it is typed in as its next prompt once ${name} is idle.`,
  };
}
