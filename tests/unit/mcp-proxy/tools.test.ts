import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HubLink } from '../../../mcp-proxy/hub-link.js';
import type { FakeHub } from './support/fake-hub.js';
import { startToolsHarness } from './support/tools-harness.js';

// Every wait here is for an event on loopback; a missing behaviour should fail fast, not after 60 s.
vi.setConfig({ testTimeout: 10_000 });

const sessionId = 'sess-1';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The proxy's tools with their real link to a fake hub (support/tools-harness.ts), stopped after each test. */
async function setup(): Promise<{ hub: FakeHub; link: HubLink; client: Client }> {
  const harness = await startToolsHarness();
  cleanups.push(() => harness.dispose());
  return harness;
}

describe('proxy tools', () => {
  it('converse forwards wait_for_response and voice, and returns the hub answer', async () => {
    const { hub, client } = await setup();
    const result = client.callTool({
      name: 'converse',
      arguments: { message: 'Done. Anything else?', wait_for_response: false, voice: 'bm_george' },
    });
    const call = await hub.waitForCall('converse');
    expect(call.frame).toEqual({
      type: 'converse',
      callId: call.frame.callId,
      message: 'Done. Anything else?',
      waitForResponse: false,
      voice: 'bm_george',
    });
    hub.answer(call.frame.callId, '(message shown to the user; not waiting for an answer)');
    expect(await result).toMatchObject({
      content: [{ type: 'text', text: '(message shown to the user; not waiting for an answer)' }],
      isError: false,
    });
  });

  it('converse marks a hub failure as isError for the model', async () => {
    const { hub, client } = await setup();
    const result = client.callTool({ name: 'converse', arguments: { message: 'hi' } });
    const call = await hub.waitForCall('converse');
    expect(call.frame).toMatchObject({ waitForResponse: true });
    expect(call.frame).not.toHaveProperty('voice');
    hub.answer(call.frame.callId, '(session muted)', true);
    expect(await result).toMatchObject({ content: [{ text: '(session muted)' }], isError: true });
  });

  it('converse refuses a malformed voice before bothering the hub', async () => {
    const { hub, client } = await setup();
    const result = await client.callTool({
      name: 'converse',
      arguments: { message: 'hi', voice: 'Not A Voice' },
    });
    expect(result.isError).toBe(true);
    expect(hub.framesOfType('converse')).toEqual([]);
  });

  it('set_status sends the text', async () => {
    const { hub, client } = await setup();
    const result = client.callTool({ name: 'set_status', arguments: { text: 'running tests' } });
    const call = await hub.waitForCall('set_status');
    expect(call.frame).toMatchObject({ text: 'running tests' });
    hub.answer(call.frame.callId, 'Status updated.');
    expect(await result).toMatchObject({ content: [{ text: 'Status updated.' }], isError: false });
  });

  it('whoami asks the hub while it is there, and answers from the last welcome while it is away', async () => {
    const { hub, link, client } = await setup();
    await vi.waitFor(() => expect(link.connected).toBe(true));
    const fresh = client.callTool({ name: 'whoami', arguments: {} });
    const call = await hub.waitForCall('whoami');
    hub.answer(call.frame.callId, '{"id":"sess-1","name":"renamed"}');
    expect(await fresh).toMatchObject({ content: [{ text: '{"id":"sess-1","name":"renamed"}' }] });

    await hub.stop();
    await vi.waitFor(() => expect(link.connected).toBe(false));
    const cached = await client.callTool({ name: 'whoami', arguments: {} });
    expect(cached.isError).toBe(false);
    const [content] = cached.content as Array<{ type: string; text: string }>;
    expect(JSON.parse(content?.text ?? '')).toMatchObject({
      id: sessionId,
      name: 'alpha',
      cwd: '/tmp/alpha',
      voice: 'af_heart',
      note: expect.stringContaining('hub unreachable'),
    });
  });
});
