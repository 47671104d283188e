// An orchestrator drives sessions over the hub's MCP endpoint with the SDK's own Client over
// Streamable HTTP: it lists, spawns a session (the stand-in CLI), sends it a task, waits for
// activity and receives the session's reply as an outbound event.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../protocol/messages.js';
import { screenOf, startTestHub, type TestHub } from '../../support/hub-harness.js';

let t: TestHub | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await t?.dispose();
  t = undefined;
});

async function connect(hub: TestHub, token = hub.hub.token): Promise<Client> {
  const c = new Client({ name: 'test-orchestrator', version: '1.0.0' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return c;
}

async function call<T>(
  c: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ value: T; isError: boolean; text: string }> {
  const result = (await c.callTool({ name, arguments: args })) as {
    content: { text: string }[];
    isError?: boolean;
  };
  const text = result.content.map((part) => part.text).join('');
  return {
    value: (result.isError ? undefined : JSON.parse(text)) as T,
    isError: result.isError === true,
    text,
  };
}

describe('the hub over MCP', () => {
  it('lists, spawns, sends, waits for activity and receives the reply', async () => {
    t = await startTestHub();
    const hub = t;
    client = await connect(hub);
    const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(tools).toEqual(
      [
        'interrupt',
        'keystroke',
        'list_sessions',
        'pending_permissions',
        'receive',
        'respond_permission',
        'resume_session',
        'screenshot',
        'send',
        'spawn_session',
        'status',
        'stop_session',
        'wait_for_activity',
      ].sort(),
    );
    expect((await call<{ sessions: unknown[] }>(client, 'list_sessions')).value.sessions).toEqual([]);

    const spawned = await call<{ session: { id: string; name: string } }>(client, 'spawn_session', {
      name: 'worker',
    });
    const id = spawned.value.session.id;
    let cursor = 0;
    const waitFor = async (what: (e: TimelineEvent) => boolean): Promise<TimelineEvent> => {
      for (let i = 0; i < 20; i++) {
        const { value } = await call<{ events: TimelineEvent[]; last: number }>(
          client as Client,
          'wait_for_activity',
          {
            session: 'worker',
            since: cursor,
            timeout_s: 5,
          },
        );
        cursor = value.last;
        const hit = value.events.find(what);
        if (hit !== undefined) return hit;
      }
      throw new Error('no such event');
    };
    await waitFor((e) => e.kind === 'state' && e.data.to === 'ready');

    const sent = await call<{ message: { id: number; kind: string } }>(client, 'send', {
      session: 'worker',
      text: 'Summarize the repository.\nKeep it short.',
    });
    expect(sent.value.message.kind).toBe('task');
    const reply = await waitFor((e) => e.kind === 'message_out');
    expect(String(reply.data.text)).toContain('Summarize the repository.');
    // Typed in once, as one prompt (bracketed paste): the two lines arrived together.
    const screen = screenOf(hub.config.tmuxSocket, hub.hub.sessions.record(id).tmuxSession);
    expect(screen.match(/echo: \[task from orchestrator, message \d+\]/g)).toHaveLength(1);
    expect(String(reply.data.text)).toContain('Keep it short.');

    const all = await call<{ events: TimelineEvent[] }>(client, 'receive', { session: id, since: 0 });
    const kinds = all.value.events.map((e) => e.kind);
    expect(kinds.indexOf('message_in')).toBeLessThan(kinds.indexOf('message_delivered'));
    expect(kinds.indexOf('message_delivered')).toBeLessThan(kinds.indexOf('message_out'));

    const status = await call<{ session: { state: string } }>(client, 'status', { session: 'worker' });
    expect(status.value.session.state).toBe('idle');
  });

  it('answers mistakes with isError results a model can act on, and refuses a wrong token', async () => {
    t = await startTestHub();
    const hub = t;
    client = await connect(hub);
    const unknown = await call(client, 'send', { session: 'ghost', text: 'hi' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/No session "ghost" \(by id, name or folder\)/);
    const cursor = await call(client, 'receive', { session: 'ghost' });
    expect(cursor.isError).toBe(true);
    await expect(connect(hub, 'wrong-token')).rejects.toThrow(/401|Unauthorized|token/i);
  });
});
