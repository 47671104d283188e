import { randomUUID } from 'node:crypto';
import { hubToProxySchema, PROXY_PROTOCOL_VERSION } from '../protocol/proxy.js';
import type { ProxyCall, ProxySessionInfo, ProxyToHub } from '../protocol/proxy.js';
import { reconnectDelayMs } from './backoff.js';
import {
  CANCELLED_TEXT,
  SHUTTING_DOWN_TEXT,
  fatalCloseText,
  formatDuration,
  hubErrorText,
} from './call-texts.js';
import { systemClock } from './clock.js';
import type { Cancel, Clock } from './clock.js';
import { connectWebSocket } from './hub-socket.js';
import type { HubSocket, HubSocketFactory } from './hub-socket.js';
import { errorMessage } from './log.js';
import type { Log } from './log.js';
import { PendingCalls } from './pending-calls.js';
import type { CallOutcome, PendingCall } from './pending-calls.js';

export type { CallOutcome } from './pending-calls.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A tool call as the tools make it; the link adds the callId. */
export type CallRequest = DistributiveOmit<ProxyCall, 'callId'>;

export interface HubLinkOptions {
  /** `ws(s)://<hub>/proxy/<sessionId>` */
  url: URL;
  sessionId: string;
  token: string;
  pid: number;
  /** How long a call waits for an unreachable hub before it is answered with an error. */
  giveUpMs: number;
  log: Log;
  connect?: HubSocketFactory;
  clock?: Clock;
  newCallId?: () => string;
  /** A socket that opens but never says welcome is dropped and retried after this long. */
  welcomeTimeoutMs?: number;
  /** How long `close()` waits for the hub to acknowledge the close frame. */
  closeGraceMs?: number;
}

interface Connection {
  socket: HubSocket | undefined;
  welcomed: boolean;
  cancelWelcomeTimer: Cancel | undefined;
  readonly closed: Promise<void>;
  markClosed(): void;
}

/**
 * The proxy's one connection to the hub. It reconnects for ever with backoff (100 ms doubling to 2 s),
 * re-sends every unanswered call with its original callId after each welcome (the hub de-duplicates),
 * answers a call that waited `giveUpMs` for the hub with an error instead of leaving it hanging, and
 * stops for good when the hub says the session or token is no longer valid.
 */
export class HubLink {
  readonly #options: HubLinkOptions;
  readonly #connect: HubSocketFactory;
  readonly #clock: Clock;
  readonly #newCallId: () => string;
  readonly #log: Log;
  readonly #pending: PendingCalls;
  #connection: Connection | undefined;
  #attempt = 0;
  #cancelReconnect: Cancel | undefined;
  #started = false;
  /** Set once the link has stopped for good: the answer to every pending and future call. */
  #stoppedText: string | undefined;
  #session: ProxySessionInfo | undefined;
  /** One warning per outage, not one per retry. */
  #outageReported = false;
  #everWelcomed = false;

  constructor(options: HubLinkOptions) {
    this.#options = options;
    this.#connect = options.connect ?? connectWebSocket;
    this.#clock = options.clock ?? systemClock;
    this.#newCallId = options.newCallId ?? randomUUID;
    this.#log = options.log;
    this.#pending = new PendingCalls(this.#clock, options.giveUpMs, options.log);
  }

  /** True while a connection is open and the hub has said welcome. */
  get connected(): boolean {
    return this.#connection?.welcomed === true;
  }

  /** The session as of the latest welcome. */
  get session(): ProxySessionInfo | undefined {
    return this.#session;
  }

  start(): void {
    if (this.#started || this.#stoppedText !== undefined) return;
    this.#started = true;
    this.#openConnection();
  }

  /** Sends a call and resolves with the hub's answer, or with an error text; never rejects. */
  call(request: CallRequest, signal?: AbortSignal): Promise<CallOutcome> {
    if (this.#stoppedText !== undefined) return Promise.resolve({ text: this.#stoppedText, isError: true });
    if (signal?.aborted === true) return Promise.resolve({ text: CANCELLED_TEXT, isError: true });
    const frame = { ...request, callId: this.#newCallId() } as ProxyCall;
    const { call, outcome } = this.#pending.add(frame, signal);
    const connection = this.#connection;
    if (connection?.welcomed === true) this.#send(connection, call);
    else this.#pending.startGiveUp(call);
    return outcome;
  }

  /** Stops reconnecting, answers pending calls, and closes the socket (waiting briefly for the hub). */
  async close(): Promise<void> {
    if (this.#stoppedText === undefined) this.#stop(SHUTTING_DOWN_TEXT);
    const connection = this.#connection;
    if (connection === undefined) return;
    connection.cancelWelcomeTimer?.();
    try {
      connection.socket?.close(1000, 'proxy exiting');
    } catch (error) {
      this.#log.warn(`closing the hub connection failed: ${errorMessage(error)}`);
      return;
    }
    let cancelGrace: Cancel | undefined;
    const grace = new Promise<void>((resolve) => {
      cancelGrace = this.#clock.schedule(this.#options.closeGraceMs ?? 500, resolve);
    });
    await Promise.race([connection.closed, grace]);
    cancelGrace?.();
  }

  #openConnection(): void {
    this.#cancelReconnect = undefined;
    if (this.#stoppedText !== undefined) return;
    let markClosed = (): void => {};
    const closed = new Promise<void>((resolve) => {
      markClosed = resolve;
    });
    const connection: Connection = {
      socket: undefined,
      welcomed: false,
      cancelWelcomeTimer: undefined,
      closed,
      markClosed,
    };
    this.#connection = connection;
    const isCurrent = (): boolean => this.#connection === connection;
    const { url, token } = this.#options;
    try {
      connection.socket = this.#connect(url, token, {
        onOpen: () => {
          if (isCurrent()) this.#onOpen(connection);
        },
        onMessage: (text) => {
          if (isCurrent()) this.#onMessage(connection, text);
        },
        onError: (error) => {
          if (isCurrent()) this.#onError(connection, error);
        },
        onClose: (code, reason) => {
          connection.markClosed();
          if (isCurrent()) this.#onClose(connection, code, reason);
        },
      });
    } catch (error) {
      this.#onError(connection, error instanceof Error ? error : new Error(String(error)));
      connection.markClosed();
      this.#onClose(connection, 1006, 'could not create the socket');
    }
  }

  #onOpen(connection: Connection): void {
    const { sessionId, pid } = this.#options;
    const hello: ProxyToHub = { type: 'hello', protocolVersion: PROXY_PROTOCOL_VERSION, sessionId, pid };
    this.#sendFrame(connection, hello);
    const timeoutMs = this.#options.welcomeTimeoutMs ?? 5_000;
    connection.cancelWelcomeTimer = this.#clock.schedule(timeoutMs, () => {
      if (connection.welcomed) return;
      this.#log.warn(`the hub did not say welcome within ${formatDuration(timeoutMs)}; reconnecting`);
      connection.socket?.terminate();
    });
  }

  #onMessage(connection: Connection, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.#log.warn(`ignored a frame from the hub that is not JSON: ${text.slice(0, 200)}`);
      return;
    }
    const parsed = hubToProxySchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}`,
      );
      this.#log.warn(`ignored a malformed frame from the hub: ${issues.join('; ').slice(0, 500)}`);
      return;
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'welcome':
        this.#onWelcome(connection, frame.protocolVersion, frame.session);
        return;
      case 'result':
        if (!this.#pending.settle(frame.callId, { text: frame.text, isError: frame.isError })) {
          this.#log.info(`ignored a result for call ${frame.callId}, which is no longer waiting`);
        }
        return;
      case 'error': {
        const text = hubErrorText(frame.code, frame.message);
        if (frame.callId === undefined || !this.#pending.settle(frame.callId, { text, isError: true })) {
          this.#log.warn(`hub reported ${frame.code}: ${frame.message}`);
        }
        return;
      }
    }
  }

  #onWelcome(connection: Connection, protocolVersion: number, session: ProxySessionInfo): void {
    this.#session = session;
    // A second welcome on the same connection must not send every pending call again.
    if (connection.welcomed) return;
    connection.welcomed = true;
    connection.cancelWelcomeTimer?.();
    connection.cancelWelcomeTimer = undefined;
    if (protocolVersion !== PROXY_PROTOCOL_VERSION) {
      this.#log.warn(`hub speaks proxy protocol ${protocolVersion}, this proxy ${PROXY_PROTOCOL_VERSION}`);
    }
    const again = this.#everWelcomed;
    this.#everWelcomed = true;
    this.#attempt = 0;
    this.#outageReported = false;
    const resending = this.#pending.size;
    this.#log.info(
      `${again ? 'reconnected' : 'connected'} to the hub as session ${session.id} (${session.name})` +
        (resending > 0 ? `; re-sending ${resending} unanswered call(s)` : ''),
    );
    this.#pending.stopAllGiveUps();
    for (const call of this.#pending.values()) this.#send(connection, call);
  }

  #onError(connection: Connection, error: Error): void {
    if (this.#stoppedText !== undefined) return;
    if (connection.welcomed) {
      this.#log.warn(`hub connection error: ${errorMessage(error)}`);
    } else if (!this.#outageReported) {
      this.#outageReported = true;
      this.#log.warn(
        `cannot reach the hub at ${this.#options.url.origin}: ${errorMessage(error)}; retrying until it is back`,
      );
    }
  }

  #onClose(connection: Connection, code: number, reason: string): void {
    connection.cancelWelcomeTimer?.();
    this.#connection = undefined;
    if (this.#stoppedText !== undefined) return;
    const why = `code ${code}${reason === '' ? '' : `, ${reason}`}`;
    const fatal = fatalCloseText(code);
    if (fatal !== undefined) {
      this.#log.error(`the hub closed the connection for good (${why}); no more reconnects`);
      this.#stop(fatal);
      return;
    }
    if (connection.welcomed) {
      this.#outageReported = true;
      this.#log.warn(`lost the hub connection (${why}); reconnecting`);
    }
    this.#pending.startAllGiveUps();
    const delay = reconnectDelayMs(this.#attempt);
    this.#attempt += 1;
    this.#cancelReconnect = this.#clock.schedule(delay, () => this.#openConnection());
  }

  #send(connection: Connection, call: PendingCall): void {
    if (this.#sendFrame(connection, call.frame)) call.sent = true;
  }

  #sendFrame(connection: Connection, frame: ProxyToHub): boolean {
    try {
      connection.socket?.send(JSON.stringify(frame));
      return connection.socket !== undefined;
    } catch (error) {
      // The close handler re-sends unanswered calls after the next welcome.
      this.#log.warn(`could not send ${frame.type} to the hub: ${errorMessage(error)}`);
      return false;
    }
  }

  #stop(text: string): void {
    this.#stoppedText = text;
    this.#cancelReconnect?.();
    this.#cancelReconnect = undefined;
    this.#pending.settleAll({ text, isError: true });
  }
}
