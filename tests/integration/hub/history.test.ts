// History outlives sessions (issue 13, point 6): stop keeps, forget deletes, search finds, resume
// continues with `claude --resume`, and a reboot leaves sessions resumable (or resumes them).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResult } from '../../../protocol/history.js';
import type { Session } from '../../../protocol/session.js';
import type { TranscriptEntry } from '../../../protocol/transcript.js';
import { spawnReady, startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';

/** A hub whose fake Claude saves conversations in a temporary config dir and logs its argv. */
async function historyHub(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-history-'));
  const argsFile = join(dir, 'args.jsonl');
  const t = await startTestHub({
    env: { CLAUDE_CONFIG_DIR: join(dir, 'claude'), FAKE_CLAUDE_ARGS_FILE: argsFile, ...env },
  });
  return {
    t,
    dir,
    /** Every command line the fake Claude was started with, oldest first. */
    launches: (): string[][] =>
      existsSync(argsFile)
        ? readFileSync(argsFile, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as string[])
        : [],
    async dispose() {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Rig = Awaited<ReturnType<typeof historyHub>>;

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`HTTP ${response.status}: ${text}`);
  }
}

const getSession = async (t: TestHub, id: string) =>
  (await json<{ session: Session }>(await t.api('GET', `/api/sessions/${id}`))).session;
const transcript = async (t: TestHub, id: string) =>
  (await json<{ entries: TranscriptEntry[] }>(await t.api('GET', `/api/sessions/${id}/transcript`))).entries;

/** The session says `text` (converse without waiting) and it is in its transcript. */
async function say(t: TestHub, session: Session, text: string): Promise<void> {
  typeLine(t.config.tmuxSocket, session.tmuxSession, `note ${text}`);
  await waitFor(`"${text}" in the transcript`, async () =>
    (await transcript(t, session.id)).some((e) => e.text.includes(text)),
  );
}

async function stop(t: TestHub, id: string): Promise<Session> {
  const response = await t.api('DELETE', `/api/sessions/${id}`);
  expect(response.status).toBe(200);
  return (await json<{ session: Session }>(response)).session;
}

async function resume(t: TestHub, id: string): Promise<Response> {
  return t.api('POST', `/api/sessions/${id}/resume`, {});
}

async function expect409(response: Response, reason: RegExp): Promise<void> {
  const body = await json<{ error: { code: string; message: string } }>(response);
  expect(response.status, body.error.message).toBe(409);
  expect(body.error.message).toMatch(reason);
}

describe('stop, list, search, forget and resume', () => {
  let rig: Rig;
  let t: TestHub;
  beforeAll(async () => {
    rig = await historyHub();
    t = rig.t;
  });
  afterAll(async () => {
    await rig?.dispose();
  });

  let kept: Session;

  it('stopping keeps the session, its transcript and its timeline; it is listed as exited', async () => {
    kept = await spawnReady(t, 'kept');
    await say(t, kept, 'the flamingo deploys on tuesday');
    const live = await spawnReady(t, 'still-running');

    const stopped = await stop(t, kept.id);
    expect(stopped).toMatchObject({
      id: kept.id,
      state: 'exited',
      archived: true,
      exitReason: 'stopped over the API',
      resumable: true,
    });
    expect((await transcript(t, kept.id)).map((e) => e.text)).toContain('the flamingo deploys on tuesday');
    // Claude's own end (SessionEnd, the monitor's "tmux session is gone") does not replace who stopped it.
    await new Promise((r) => setTimeout(r, 600));
    expect((await getSession(t, kept.id)).exitReason).toBe('stopped over the API');

    const list = async (query: string) =>
      (await json<{ sessions: Session[] }>(await t.api('GET', `/api/sessions${query}`))).sessions.map(
        (s) => s.name,
      );
    expect(await list('?state=exited')).toEqual(['kept']);
    expect(await list('?state=live')).toEqual(['still-running']);
    expect(await list('')).toEqual(['kept', 'still-running']);
    expect(await list('?limit=1')).toEqual(['kept']);
    expect((await t.api('GET', '/api/sessions?state=gone')).status).toBe(400);
    expect((await t.api('GET', '/api/sessions?limit=0')).status).toBe(400);
    await stop(t, live.id);
  });

  it('finds a word said in a stopped session, with a plain-text snippet', async () => {
    const search = async (query: string) => t.api('GET', `/api/history/search?${query}`);
    const found = await json<{ results: HistoryResult[] }>(await search('q=flamin&state=exited'));
    expect(found.results.map((r) => r.session.id)).toEqual([kept.id]);
    const [match] = found.results[0]?.matches ?? [];
    expect(match?.snippet).toContain('the flamingo deploys on tuesday');
    expect(match?.highlights.map(([a, b]) => match.snippet.slice(a, b))).toEqual(['flamingo']);
    // Query syntax is searched as text, never a syntax error.
    expect((await search(`q=${encodeURIComponent('flamingo OR "')}`)).status).toBe(200);
    expect((await json<{ results: unknown[] }>(await search('q=flamingo&state=live'))).results).toEqual([]);
    expect((await json<{ results: unknown[] }>(await search('q=penguin'))).results).toEqual([]);

    const empty = await search('q=');
    expect(empty.status).toBe(400);
    expect((await json<{ error: { message: string } }>(empty)).error.message).toMatch(/q: must not be empty/);
    const noWord = await search(`q=${encodeURIComponent('\u0001')}`);
    expect(noWord.status).toBe(400);
    expect((await json<{ error: { message: string } }>(noWord)).error.message).toMatch(/q: .*no word/);
    expect((await search('q=a&limit=1000')).status).toBe(400);
  });

  it('resumes with claude --resume <its Claude session id>, same id and name, a new token', async () => {
    const before = t.hub.sessions.record(kept.id);
    const response = await resume(t, kept.id);
    expect(response.status, await response.clone().text()).toBe(200);
    const { session } = await json<{ session: Session }>(response);
    expect(session).toMatchObject({ id: kept.id, name: 'kept', archived: false, exitReason: null });
    expect(session.state).not.toBe('exited');

    expect(t.hub.sessions.record(kept.id).proxyToken).not.toBe(before.proxyToken);
    await waitFor('resumed and connected', async () => {
      const s = await getSession(t, kept.id);
      return s.state === 'ready' && s.proxyConnected;
    });
    const args = rig.launches().at(-1) ?? [];
    expect(args[args.indexOf('--resume') + 1]).toBe(before.claudeSessionId);
    expect(args).not.toContain('--session-id');
    // The earlier transcript is still there, and the resumed session adds to it.
    await say(t, session, 'back again');
    expect((await transcript(t, kept.id)).map((e) => e.text)).toEqual(
      expect.arrayContaining(['the flamingo deploys on tuesday', 'back again']),
    );
  });

  it('refuses to resume with 409 and the reason', async () => {
    await expect409(await resume(t, kept.id), /is running/);

    const shell = await json<{ session: Session }>(
      await t.api('POST', '/api/sessions', { name: 'shell', command: 'sleep 600' }),
    );
    await stop(t, shell.session.id);
    await expect409(await resume(t, shell.session.id), /shell-only/);

    const silent = await spawnReady(t, 'silent');
    const silentStopped = await stop(t, silent.id);
    expect(silentStopped.resumable).toBe(false);
    await expect409(await resume(t, silent.id), /saved no conversation/);

    const folder = join(rig.dir, 'project');
    mkdirSync(folder);
    const moved = await json<{ session: Session }>(
      await t.api('POST', '/api/sessions', { name: 'moved', cwd: folder }),
    );
    await waitFor('moved ready', async () => (await getSession(t, moved.session.id)).proxyConnected);
    await say(t, moved.session, 'about to move');
    await stop(t, moved.session.id);
    rmSync(folder, { recursive: true });
    await expect409(await resume(t, moved.session.id), /folder .* is gone/);

    const first = await spawnReady(t, 'twin');
    await say(t, first, 'first twin');
    await stop(t, first.id);
    const second = await spawnReady(t, 'twin');
    await expect409(await resume(t, first.id), /running session is named "twin"/);
    await stop(t, second.id);

    expect((await resume(t, 'nope')).status).toBe(404);
  });

  it('forgets a session: 204, then its record and history are gone, its folder stays', async () => {
    const doomed = await spawnReady(t, 'doomed');
    await say(t, doomed, 'the pelican is secret');
    const filesDir = join(t.config.dataDir, 'sessions', doomed.id);
    expect(existsSync(filesDir)).toBe(true);
    expect((await t.api('PUT', `/api/sessions/${doomed.id}/recording`, { enabled: true })).status).toBe(200);
    const recordings = join(t.config.dataDir, 'recordings', doomed.id);
    await waitFor('a recording', () => existsSync(recordings));

    expect((await t.api('DELETE', `/api/sessions/${doomed.id}?forget=maybe`)).status).toBe(400);
    // Forgetting a running session stops it first.
    expect((await t.api('DELETE', `/api/sessions/${doomed.id}?forget=1`)).status).toBe(204);
    expect((await t.api('GET', `/api/sessions/${doomed.id}`)).status).toBe(404);
    expect((await t.api('GET', `/api/sessions/${doomed.id}/transcript`)).status).toBe(404);
    expect((await t.api('DELETE', `/api/sessions/${doomed.id}?forget=1`)).status).toBe(404);
    const found = await json<{ results: unknown[] }>(await t.api('GET', '/api/history/search?q=pelican'));
    expect(found.results).toEqual([]);
    expect(existsSync(filesDir)).toBe(false);
    expect(existsSync(recordings)).toBe(false);
    expect(existsSync(doomed.cwd)).toBe(true);
  });
});

describe('over MCP', () => {
  it('stop_session keeps, resume_session continues, stop_session {forget: true} deletes', async () => {
    const rig = await historyHub();
    const client = new Client({ name: 'test-orchestrator', version: '1.0.0' });
    try {
      const { t } = rig;
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${t.url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${t.hub.token}` } },
        }),
      );
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = (await client.callTool({ name, arguments: args })) as {
          content: { text: string }[];
          isError?: boolean;
        };
        const text = result.content.map((part) => part.text).join('');
        return { isError: result.isError === true, text };
      };
      const s = await spawnReady(t, 'orchestrated');
      await say(t, s, 'the heron flies');
      const stopped = await call('stop_session', { session: 'orchestrated' });
      expect(JSON.parse(stopped.text)).toMatchObject({
        stopped: {
          id: s.id,
          state: 'exited',
          exitReason: 'stopped by an orchestrator (MCP)',
          resumable: true,
        },
      });
      const exited = JSON.parse((await call('list_sessions', { state: 'exited' })).text) as {
        sessions: { id: string }[];
      };
      expect(exited.sessions.map((x) => x.id)).toEqual([s.id]);
      // By name: the exited session answers to it (none running has it).
      expect((await call('resume_session', { session: 'orchestrated' })).isError).toBe(false);
      const again = await call('resume_session', { session: s.id });
      expect(again).toMatchObject({ isError: true, text: expect.stringMatching(/is running/) });
      expect(await call('stop_session', { session: s.id, forget: true })).toMatchObject({ isError: false });
      expect((await t.api('GET', `/api/sessions/${s.id}`)).status).toBe(404);
    } finally {
      await client.close();
      await rig.dispose();
    }
  });
});

describe('after a reboot (tmux gone when the hub starts)', () => {
  const reboot = async (t: TestHub) => {
    await t.stop();
    execFileSync('tmux', ['-L', t.config.tmuxSocket, 'kill-server'], { stdio: 'ignore' });
    // kill-server returns before the server is gone; a hub started meanwhile still sees the panes.
    await waitFor('the tmux server to be gone', () => {
      try {
        execFileSync('tmux', ['-L', t.config.tmuxSocket, 'list-sessions'], { stdio: 'ignore' });
        return false;
      } catch {
        return true;
      }
    });
    await t.restart();
  };

  it('lists the sessions as resumable, still as tabs (not archived)', async () => {
    const rig = await historyHub();
    try {
      const s = await spawnReady(rig.t, 'rebooted');
      await say(rig.t, s, 'before the reboot');
      await reboot(rig.t);
      expect(await getSession(rig.t, s.id)).toMatchObject({
        state: 'exited',
        exitReason: 'gone while the hub was down',
        resumable: true,
        archived: false,
      });
      expect(rig.launches()).toHaveLength(1);
    } finally {
      await rig.dispose();
    }
  });

  it('resumes them by itself with SWITCHBOARD_RESUME_ON_START=1', async () => {
    const rig = await historyHub({ SWITCHBOARD_RESUME_ON_START: '1' });
    try {
      const s = await spawnReady(rig.t, 'comes-back');
      await say(rig.t, s, 'before the reboot');
      const quiet = await spawnReady(rig.t, 'never-spoke');
      await reboot(rig.t);
      await waitFor('resumed and connected', async () => {
        const current = await getSession(rig.t, s.id);
        return current.state === 'ready' && current.proxyConnected;
      });
      const last = rig.launches().at(-1) ?? [];
      expect(last[last.indexOf('--resume') + 1]).toBe(s.claudeSessionId);
      // Nothing saved, nothing to resume: it waits, exited, with its reason.
      expect(await getSession(rig.t, quiet.id)).toMatchObject({ state: 'exited', resumable: false });
    } finally {
      await rig.dispose();
    }
  });
});
