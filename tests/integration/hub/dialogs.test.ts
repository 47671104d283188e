import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import { startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';

let t: TestHub;
let userFolder: string;
beforeAll(async () => {
  // The stand-in CLI shows Claude Code's workspace trust dialog before it starts.
  t = await startTestHub({ env: { FAKE_CLAUDE_TRUST_DIALOG: '1' } });
  userFolder = mkdtempSync(join(tmpdir(), 'sb-user-project-'));
});
afterAll(async () => {
  await t?.dispose();
  rmSync(userFolder, { recursive: true, force: true });
});

const get = async (id: string) =>
  ((await (await t.api('GET', `/api/sessions/${id}`)).json()) as { session: Session }).session;

describe('start-up dialogs', () => {
  it('answers the trust dialog itself for a folder the hub made', async () => {
    const { session } = (await (await t.api('POST', '/api/sessions', { name: 'own' })).json()) as {
      session: Session;
    };
    await waitFor('ready', async () => (await get(session.id)).state === 'ready');
  });

  it('shows the trust dialog for a folder the person chose, and answers only when told', async () => {
    const created = await t.api('POST', '/api/sessions', { cwd: userFolder });
    expect(created.status).toBe(201);
    const { session } = (await created.json()) as { session: Session };
    const shown = await waitFor('dialog state', async () => {
      const s = await get(session.id);
      return s.state === 'dialog' ? s : undefined;
    });
    expect(shown.dialog).toMatchObject({
      kind: 'trust_folder',
      options: ['Yes, I trust this folder', 'No, exit'],
    });
    // The hub must not have answered it: still waiting a while later.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await get(session.id)).state).toBe('dialog');

    const badOption = await t.api('POST', `/api/sessions/${session.id}/dialog`, { option: 5 });
    expect(badOption.status).toBe(400);
    const answered = await t.api('POST', `/api/sessions/${session.id}/dialog`, { option: 1 });
    expect(answered.status).toBe(200);
    await waitFor('ready after trust', async () => (await get(session.id)).state === 'ready');
  });
});
