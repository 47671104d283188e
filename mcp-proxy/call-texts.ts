import { PROXY_CLOSE } from '../protocol/proxy.js';
import type { ProxyCall } from '../protocol/proxy.js';

/**
 * The texts a model sees when the hub cannot answer. Each says what happened to the call and
 * whether trying again can help, because the model decides its next step from this sentence alone.
 */

export function formatDuration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1_000)} s`;
}

/** Why the hub link stopped for good after the hub closed with `code`, or undefined to keep retrying. */
export function fatalCloseText(code: number): string | undefined {
  switch (code) {
    case PROXY_CLOSE.unknownSession:
      return '(switchboard hub does not know this session any more: nothing was delivered. The session was probably closed on the hub; do not retry.)';
    case PROXY_CLOSE.badToken:
      return "(switchboard hub rejected this session's token: nothing was delivered. Restart the session from the hub; do not retry.)";
    case PROXY_CLOSE.protocolMismatch:
      return '(switchboard hub speaks a different protocol version than this proxy: nothing was delivered. Restart the session so it uses the current proxy; do not retry.)';
    case PROXY_CLOSE.replaced:
      return "(another switchboard proxy took over this session's connection to the hub, so this one stopped: nothing was delivered.)";
    default:
      return undefined;
  }
}

export const SHUTTING_DOWN_TEXT = '(switchboard proxy is shutting down: the call was not delivered)';
export const CANCELLED_TEXT = '(call cancelled before the hub answered)';

/** The answer to a call that waited `giveUpMs` for the hub; `sent` says whether the hub may have seen it. */
export function giveUpText(call: ProxyCall, giveUpMs: number, sent: boolean): string {
  const prefix = `switchboard hub unreachable for ${formatDuration(giveUpMs)}`;
  switch (call.type) {
    case 'converse':
      return sent
        ? `(${prefix}: the message may not have reached the user and no reply came back)`
        : `(${prefix}: the message was not delivered)`;
    case 'set_status':
      return `(${prefix}: the status was not set)`;
    case 'whoami':
      return `(${prefix}: could not ask the hub who this session is)`;
    case 'send_message':
      return sent
        ? `(${prefix}: the message may have been sent; sending it again could deliver it twice)`
        : `(${prefix}: the message was not sent)`;
    case 'read_inbox':
      return sent
        ? `(${prefix}: the inbox may have been read on the hub but the answer was lost; messages that were taken will not come again)`
        : `(${prefix}: the inbox was not read; its messages still wait)`;
    case 'list_sessions':
      return `(${prefix}: could not list the sessions)`;
  }
}

export function hubErrorText(code: string, message: string): string {
  return `(switchboard hub error ${code}: ${message})`;
}
