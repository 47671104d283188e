import type { CreateSessionRequest } from '../../../protocol/session.js';
import { describeError, HubApiError, type HubApi } from '../api/hub-api.js';
import { inFormWords, NEW_SESSION_LABELS } from '../state/form-words.js';
import type { HubData } from './hub-data.js';

export type SessionActionDeps = {
  api: () => HubApi | null;
  data: HubData;
  say: (text: string) => void;
  notify: (text: string, kind: 'error' | 'info') => void;
  /** Shows a session (after creating it). */
  show: (sessionId: string) => void;
};

const OFFLINE = 'Not connected to the hub.';

/**
 * What the person does to sessions over REST. Requests a component waits on resolve with the
 * hub's error sentence (or null); the others show it as a notice. Each answer's session is
 * applied at once, so the page does not wait for the socket's echo.
 */
export class SessionActions {
  constructor(private readonly deps: SessionActionDeps) {}

  /** From the New session dialog: a refusal comes back in the dialog's words ("Folder …"). */
  readonly create = (request: CreateSessionRequest): Promise<string | null> =>
    this.answer(
      async (api) => {
        const session = await api.createSession(request);
        this.deps.data.upsert(session);
        this.deps.show(session.id);
        this.deps.say(`Started ${session.name}.`);
      },
      (error) =>
        error instanceof HubApiError ? inFormWords(error, NEW_SESSION_LABELS) : describeError(error),
    );

  readonly reply = (sessionId: string, text: string): Promise<string | null> =>
    this.answer(async (api) => this.deps.data.upsert(await api.reply(sessionId, text)));

  /** Text for a session that is not asking anything: it goes into its inbox. */
  readonly message = (sessionId: string, text: string): Promise<string | null> =>
    this.answer(async (api) => {
      await api.sendMessage(sessionId, text);
      this.deps.say(`Sent to ${this.deps.data.nameOf(sessionId)}.`);
    });

  /** What the person said first (push-to-talk), once they let it go; the dictation says so itself. */
  readonly spoken = (sessionId: string, text: string): Promise<string | null> =>
    this.answer(async (api) => api.sendMessage(sessionId, text, { spoken: true }));

  readonly answerDialog = (sessionId: string, option: number): Promise<string | null> =>
    this.answer(async (api) => this.deps.data.upsert(await api.answerDialog(sessionId, option)));

  async setMuted(sessionId: string, muted: boolean): Promise<void> {
    const error = await this.answer(async (api) =>
      this.deps.data.upsert(await api.setMuted(sessionId, muted)),
    );
    if (error !== null) this.deps.notify(error, 'error');
    else this.deps.say(`${this.deps.data.nameOf(sessionId)} ${muted ? 'muted' : 'unmuted'}.`);
  }

  async setSessionTasks(sessionId: string, accept: boolean): Promise<void> {
    const error = await this.answer(async (api) =>
      this.deps.data.upsert(await api.setSessionTasks(sessionId, accept)),
    );
    const name = this.deps.data.nameOf(sessionId);
    if (error !== null) this.deps.notify(error, 'error');
    else
      this.deps.say(
        accept
          ? `Other sessions' tasks are now typed into ${name}.`
          : `Other sessions' tasks now wait in ${name}'s inbox as notes.`,
      );
  }

  async setVoice(sessionId: string, settings: { voice?: string; speed?: number }): Promise<void> {
    const error = await this.answer(async (api) =>
      this.deps.data.upsert(await api.setVoice(sessionId, settings)),
    );
    if (error !== null) this.deps.notify(error, 'error');
  }

  async stop(sessionId: string): Promise<void> {
    const name = this.deps.data.nameOf(sessionId);
    // The answer is archived: adopting it closes the tab (it is in Past sessions now).
    const error = await this.answer(async (api) => this.deps.data.upsert(await api.stopSession(sessionId)));
    if (error !== null) this.deps.notify(error, 'error');
    else this.deps.say(`Stopped ${name}. It is in Past sessions.`);
  }

  /** Continues a past session's conversation and shows it; resolves with the hub's refusal, or null. */
  readonly resume = (sessionId: string): Promise<string | null> =>
    this.answer(async (api) => {
      const session = await api.resumeSession(sessionId);
      this.deps.data.upsert(session);
      this.deps.show(session.id);
      this.deps.say(`Resumed ${session.name}.`);
    });

  /** Deletes a past session and its history; resolves with the hub's refusal, or null. */
  readonly forget = (sessionId: string, name: string): Promise<string | null> =>
    this.answer(async (api) => {
      await api.forgetSession(sessionId);
      this.deps.say(`Forgot ${name}.`);
    });

  private async answer(
    action: (api: HubApi) => Promise<unknown>,
    describe: (error: unknown) => string = describeError,
  ): Promise<string | null> {
    const api = this.deps.api();
    if (api === null) return OFFLINE;
    try {
      await action(api);
      return null;
    } catch (error) {
      return describe(error);
    }
  }
}
