import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiErrorSchema } from '../../protocol/errors.js';
import type { Session } from '../../protocol/session.js';
import { TOKEN_FILE_NAME } from '../auth/token.js';
import type { HubConfig } from '../config.js';
import { findSession } from '../sessions/session-ref.js';

/** A thin REST client for the CLI; it reads the same config as the hub to find it. */
export class HubClient {
  private constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async fromConfig(config: HubConfig): Promise<HubClient> {
    const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
    const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
    let token = config.token;
    if (token === undefined) {
      const path = join(config.dataDir, TOKEN_FILE_NAME);
      try {
        token = (await readFile(path, 'utf8')).trim();
      } catch {
        throw new Error(`No token at ${path}: start the hub first (switchboard), or set SWITCHBOARD_TOKEN.`);
      }
    }
    return new HubClient(baseUrl, token);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error(`Cannot reach the hub at ${this.baseUrl}: is it running? (start it with: switchboard)`);
    }
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const parsed = apiErrorSchema.safeParse(json);
      throw new Error(parsed.success ? parsed.data.error.message : `HTTP ${response.status}: ${text}`);
    }
    return json as T;
  }

  async sessions(): Promise<Session[]> {
    return (await this.request<{ sessions: Session[] }>('GET', '/api/sessions')).sessions;
  }

  /** Finds a session by id or name, as the hub does. */
  async resolve(idOrName: string): Promise<Session> {
    return findSession(await this.sessions(), idOrName);
  }
}
