import { afterEach, describe, expect, it, vi } from 'vitest';
import { startToolsHarness, textOf } from './support/tools-harness.js';
import type { ToolsHarness } from './support/tools-harness.js';

// Every wait here is for an event on loopback; a missing behaviour should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 10_000 });

let harness: ToolsHarness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

async function setup(options: { giveUpMs?: number } = {}): Promise<ToolsHarness> {
  harness = await startToolsHarness(options);
  return harness;
}

describe('session-to-session tools', () => {
  it('are listed with descriptions a model can act on, and send_message defaults to a task', async () => {
    const { client } = await setup();
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of ['send_message', 'read_inbox', 'list_sessions']) {
      expect(byName.get(name)?.description?.length ?? 0, name).toBeGreaterThan(100);
    }
    const send = byName.get('send_message');
    expect(send?.inputSchema.required).toEqual(['to', 'body']);
    expect(send?.inputSchema.properties?.kind).toMatchObject({ enum: ['task', 'note'], default: 'task' });
    expect(send?.description).toMatch(/id.*name.*folder/);
  });

  it('send_message forwards to, body and kind (task unless told) and returns the hub answer', async () => {
    const { hub, client } = await setup();
    const answer = '{"messageId":7,"to":{"id":"s2","name":"beta"},"kind":"task","waits":false}';
    const task = client.callTool({ name: 'send_message', arguments: { to: 'beta', body: 'Run the tests.' } });
    const call = await hub.waitForCall('send_message');
    expect(call.frame).toEqual({
      type: 'send_message',
      callId: call.frame.callId,
      to: 'beta',
      body: 'Run the tests.',
      kind: 'task',
    });
    hub.answer(call.frame.callId, answer);
    expect(await task).toMatchObject({ content: [{ type: 'text', text: answer }], isError: false });

    const note = client.callTool({
      name: 'send_message',
      arguments: { to: 'api', body: 'FYI: main is green.', kind: 'note' },
    });
    const second = await hub.waitForCall('send_message', 2);
    expect(second.frame).toMatchObject({ to: 'api', body: 'FYI: main is green.', kind: 'note' });
    hub.answer(second.frame.callId, '{"messageId":8,"waits":true}');
    expect(textOf(await note)).toBe('{"messageId":8,"waits":true}');
  });

  it("send_message shows the hub's refusal (an ambiguous name lists the candidates) as an error", async () => {
    const { hub, client } = await setup();
    const result = client.callTool({ name: 'send_message', arguments: { to: 'api', body: 'hi' } });
    const call = await hub.waitForCall('send_message');
    const refusal = '"api" matches several sessions: api (id s1, /a/api); api-2 (id s2, /b/api). Use an id.';
    hub.answer(call.frame.callId, refusal, true);
    expect(await result).toMatchObject({ content: [{ text: refusal }], isError: true });
  });

  it('send_message refuses an empty body or an unknown kind without bothering the hub', async () => {
    const { hub, client } = await setup();
    const empty = await client.callTool({ name: 'send_message', arguments: { to: 'beta', body: '' } });
    expect(empty.isError).toBe(true);
    const urgent = await client.callTool({
      name: 'send_message',
      arguments: { to: 'beta', body: 'now!', kind: 'urgent' },
    });
    expect(urgent.isError).toBe(true);
    expect(textOf(urgent)).toMatch(/kind/);
    expect(hub.framesOfType('send_message')).toEqual([]);
  });

  it('read_inbox and list_sessions ask the hub and return its answer', async () => {
    const { hub, client } = await setup();
    const inbox = client.callTool({ name: 'read_inbox', arguments: {} });
    const read = await hub.waitForCall('read_inbox');
    expect(read.frame).toEqual({ type: 'read_inbox', callId: read.frame.callId });
    hub.answer(read.frame.callId, '{"messages":[]}');
    expect(await inbox).toMatchObject({ content: [{ text: '{"messages":[]}' }], isError: false });

    const sessions = client.callTool({ name: 'list_sessions', arguments: {} });
    const list = await hub.waitForCall('list_sessions');
    expect(list.frame).toEqual({ type: 'list_sessions', callId: list.frame.callId });
    hub.answer(list.frame.callId, '{"sessions":[{"id":"s2","name":"beta"}]}');
    expect(textOf(await sessions)).toBe('{"sessions":[{"id":"s2","name":"beta"}]}');
  });

  it('re-sends an unanswered send_message with the same callId after a lost connection', async () => {
    // The hub answers a callId it has already run with its first answer: the message is sent once.
    const { hub, client } = await setup();
    const result = client.callTool({ name: 'send_message', arguments: { to: 'beta', body: 'Deploy.' } });
    const first = await hub.waitForCall('send_message');
    hub.dropConnections();
    const again = await hub.waitForCall('send_message', 2);
    expect(again.connection).toBe(2);
    expect(again.frame).toEqual(first.frame);
    hub.answer(first.frame.callId, '{"messageId":3}');
    expect(textOf(await result)).toBe('{"messageId":3}');
  });

  it('says a message was not sent when the hub stays away', async () => {
    const { hub, link, client } = await setup({ giveUpMs: 200 });
    await vi.waitFor(() => expect(link.connected).toBe(true));
    await hub.stop();
    await vi.waitFor(() => expect(link.connected).toBe(false));
    const sent = await client.callTool({ name: 'send_message', arguments: { to: 'beta', body: 'hi' } });
    expect(sent).toMatchObject({ isError: true });
    expect(textOf(sent)).toMatch(/hub unreachable for 200 ms: the message was not sent/);
    const inbox = await client.callTool({ name: 'read_inbox', arguments: {} });
    expect(textOf(inbox)).toMatch(/the inbox was not read; its messages still wait/);
    const sessions = await client.callTool({ name: 'list_sessions', arguments: {} });
    expect(textOf(sessions)).toMatch(/could not list the sessions/);
  });
});
