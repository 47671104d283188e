// 20 senders x 500 messages into 5 inboxes while readers drain them, through the real hub as its
// own process; mid-run the hub is killed with SIGKILL and started again. Every acknowledged
// message must be read exactly once, in each sender's order; nothing is read twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxMessage } from '../../../protocol/messages.js';
import type { Session } from '../../../protocol/session.js';
import { HubProcess } from '../../support/hub-process.js';
import { waitFor } from '../../support/hub-harness.js';

const SENDERS = 20;
const PER_SENDER = 500;
const INBOXES = 5;
const KILL_AFTER_ACKS = 3_000;

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.dispose();
  hub = undefined;
});

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('messages under load and a hard kill', () => {
  it('delivers every acknowledged message exactly once, in order per sender', async () => {
    hub = await HubProcess.start();
    const h = hub;
    const sessions: Session[] = [];
    for (let i = 0; i < INBOXES; i++) {
      const response = await h.api('POST', '/api/sessions', { name: `inbox-${i}` });
      sessions.push(((await response.json()) as { session: Session }).session);
    }
    await waitFor('sessions ready', async () => {
      const { sessions: all } = (await (await h.api('GET', '/api/sessions')).json()) as {
        sessions: Session[];
      };
      return all.every((s) => s.state === 'ready');
    });

    const acked = new Set<string>();
    const read: { inbox: number; message: InboxMessage }[] = [];
    const readTexts = new Set<string>();
    // Done when every acknowledged message was read. Not a count: a send the hub stored just before
    // the kill, whose 201 never arrived, is read too without being acknowledged (seen: the readers
    // stopped one acknowledged message short).
    const allRead = () => !sending && [...acked].every((text) => readTexts.has(text));
    let sending = true;
    let refused = 0;
    let down = false;

    const sender = async (s: number) => {
      for (let n = 0; n < PER_SENDER; n++) {
        const inbox = (s + n) % INBOXES;
        const text = `${s}:${n}`;
        // Notes stay in the inbox (nothing is typed into the stand-in CLI): the readers take them.
        const body = { text, kind: 'note', from: `sender-${s}` };
        const response = await h
          .api('POST', `/api/sessions/${sessions[inbox]?.id}/messages`, body)
          .catch(() => null);
        if (response?.status === 201) acked.add(text);
        else {
          refused++;
          await pause(50); // the hub is down: this one was not acknowledged; go on
        }
      }
    };
    const reader = async (inbox: number) => {
      // Acknowledges what it processed: a reply lost to the kill comes again, it is never dropped.
      let ack: number | undefined;
      while (!allRead()) {
        const body = ack === undefined ? {} : { ack };
        const response = await h
          .api('POST', `/api/sessions/${sessions[inbox]?.id}/inbox/read`, body)
          .catch(() => null);
        const answer = response?.ok ? await response.json().catch(() => null) : null;
        const messages = (answer as { messages: InboxMessage[] } | null)?.messages ?? [];
        for (const message of messages) {
          read.push({ inbox, message });
          readTexts.add(message.text);
        }
        ack = messages.at(-1)?.id ?? ack;
        await pause(down ? 50 : 5);
      }
    };
    const killer = async () => {
      await waitFor('enough acknowledged', () => acked.size >= KILL_AFTER_ACKS, 60_000);
      down = true;
      await h.kill();
      await pause(300);
      await h.launch();
      down = false;
    };

    const readers = Array.from({ length: INBOXES }, (_, i) => reader(i));
    await Promise.all([...Array.from({ length: SENDERS }, (_, s) => sender(s)), killer()]);
    sending = false;
    await Promise.race([Promise.all(readers), pause(60_000)]);

    const texts = read.map((r) => r.message.text);
    expect(new Set(texts).size, 'no message read twice').toBe(texts.length);
    const missing = [...acked].filter((text) => !texts.includes(text));
    expect(missing, 'acknowledged but never read').toEqual([]);
    // The kill really happened mid-run: some sends were refused while the hub was down.
    expect(acked.size).toBeGreaterThan(KILL_AFTER_ACKS);
    expect(refused).toBeGreaterThan(0);
    expect(acked.size + refused).toBe(SENDERS * PER_SENDER);

    // Per sender, in each inbox, messages come out in the order they were sent.
    for (let inbox = 0; inbox < INBOXES; inbox++) {
      const bySender = new Map<string, number>();
      for (const { message } of read
        .filter((r) => r.inbox === inbox)
        .sort((a, b) => a.message.id - b.message.id)) {
        const [s, n] = message.text.split(':').map(Number) as [number, number];
        expect(n, `sender ${s} order in inbox ${inbox}`).toBeGreaterThan(bySender.get(String(s)) ?? -1);
        bySender.set(String(s), n);
        expect(message.from).toBe(`sender-${s}`);
      }
    }
  }, 180_000);
});
