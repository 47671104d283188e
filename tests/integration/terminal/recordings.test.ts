// Terminal recordings: asciinema v2 files per session, off by default, rotated by size under a cap,
// listed and downloaded over REST, resumed by the next hub. Tiny sizes make rotation quick here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../protocol/session.js';
import type { Recordings } from '../../../protocol/terminal.js';
import { startTestHub, typeLine, waitFor, type TestHub } from '../../support/hub-harness.js';
import { screenText, shellSession } from './terminal-client.js';

const FILE_BYTES = Math.round(0.008 * 1024 * 1024);
const CAP_BYTES = Math.round(0.048 * 1024 * 1024);

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({
    env: { SWITCHBOARD_RECORDING_FILE_MB: '0.008', SWITCHBOARD_RECORDING_CAP_MB: '0.048' },
  });
});
afterAll(async () => {
  await t?.dispose();
});

async function recordings(session: Session): Promise<Recordings> {
  const response = await t.api('GET', `/api/sessions/${session.id}/recordings`);
  expect(response.status).toBe(200);
  return (await response.json()) as Recordings;
}

async function setRecording(session: Session, enabled: boolean): Promise<Recordings> {
  const response = await t.api('PUT', `/api/sessions/${session.id}/recording`, { enabled });
  expect(response.status).toBe(200);
  return (await response.json()) as Recordings;
}

const dirOf = (session: Session) => join(t.config.dataDir, 'recordings', session.id);

/** Parses a .cast file: a header line, then [seconds, "o", text] events. */
function parseCast(text: string) {
  const [header, ...events] = text.trimEnd().split('\n');
  return {
    header: JSON.parse(header ?? '{}') as Record<string, unknown>,
    events: events.map((line) => JSON.parse(line) as [number, string, string]),
  };
}

describe('recordings', () => {
  it('are off by default, and record what the terminal shows once on', async () => {
    const shell = await shellSession(t, 'rec-basic');
    expect(await recordings(shell)).toEqual({ enabled: false, recordings: [] });

    const on = await setRecording(shell, true);
    expect(on.enabled).toBe(true);
    expect(on.recordings).toHaveLength(1);
    typeLine(t.config.tmuxSocket, shell.tmuxSession, 'echo recorded-$((6*7))');
    const [file] = on.recordings;
    expect(file!.name).toMatch(/^\d{8}T\d{9}Z\.cast$/);
    expect(Math.abs(Date.parse(file!.startedAt) - Date.now())).toBeLessThan(60_000);
    await waitFor('the output in the file', () =>
      readFileSync(join(dirOf(shell), file!.name), 'utf8').includes('recorded-42'),
    );

    const { header, events } = parseCast(readFileSync(join(dirOf(shell), file!.name), 'utf8'));
    expect(header).toMatchObject({ version: 2, width: 200, height: 51, title: 'rec-basic' });
    expect(events.length).toBeGreaterThan(0);
    for (const [time, kind, text] of events) {
      expect(time).toBeGreaterThanOrEqual(0);
      expect(kind).toBe('o');
      expect(typeof text).toBe('string');
    }
    const times = events.map(([time]) => time);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const off = await setRecording(shell, false);
    expect(off.enabled).toBe(false);
    const sizeAfterOff = (await recordings(shell)).recordings[0]!.size;
    typeLine(t.config.tmuxSocket, shell.tmuxSession, 'echo not-recorded');
    await waitFor('echo done', async () => /^not-recorded$/m.test(await screenText(t, shell.id)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await recordings(shell)).recordings).toEqual([expect.objectContaining({ size: sizeAfterOff })]);
  });

  it('rotate by size and keep the folder under the cap, oldest files deleted first', async () => {
    const shell = await shellSession(t, 'rec-rotate');
    const first = (await setRecording(shell, true)).recordings[0]!.name;
    // ~80 KB of output, in bursts a quarter of a second apart (a file lives at least 250 ms).
    for (let burst = 0; burst < 8; burst++) {
      typeLine(t.config.tmuxSocket, shell.tmuxSession, `seq -f 'burst-${burst}-line-%g' 1 500`);
      await waitFor(`burst ${burst}`, async () =>
        new RegExp(`^burst-${burst}-line-500$`, 'm').test(await screenText(t, shell.id)),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const { recordings: files } = await recordings(shell);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.map((f) => f.name)).not.toContain(first);
    expect(files.map((f) => f.name)).toEqual(files.map((f) => f.name).sort());
    // When a file starts, the older ones are cut down to leave it room under the cap.
    const older = files.slice(0, -1).reduce((sum, f) => sum + f.size, 0);
    expect(older).toBeLessThanOrEqual(CAP_BYTES - FILE_BYTES);
    // A file rotates once past the size (but lives at least 250 ms, so one burst may run over).
    for (const file of files.slice(0, -1)) expect(file.size).toBeGreaterThanOrEqual(FILE_BYTES);
    // Every file stands alone: it starts with a header and tmux's full redraw of the screen.
    for (const file of files) {
      const { header, events } = parseCast(readFileSync(join(dirOf(shell), file.name), 'utf8'));
      expect(header.version).toBe(2);
      expect(events.length).toBeGreaterThan(0);
    }
    await setRecording(shell, false);
  });

  it('download with a strict name, and nothing else', async () => {
    const shell = await shellSession(t, 'rec-download');
    const name = (await setRecording(shell, true)).recordings[0]!.name;
    typeLine(t.config.tmuxSocket, shell.tmuxSession, 'echo downloaded');
    await setRecording(shell, false);

    const response = await t.api('GET', `/api/sessions/${shell.id}/recordings/${name}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-asciicast');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="rec-download-${name}"`);
    expect(await response.text()).toBe(readFileSync(join(dirOf(shell), name), 'utf8'));

    const bad = ['..%2F..%2Ftoken', '%2E%2E', 'token', `${name}.bak`, '.recording-on', 'recording-on'];
    for (const candidate of bad) {
      const refused = await t.api('GET', `/api/sessions/${shell.id}/recordings/${candidate}`);
      expect([400, 404]).toContain(refused.status);
    }
    const missing = await t.api('GET', `/api/sessions/${shell.id}/recordings/20000101T000000000Z.cast`);
    expect(missing.status).toBe(404);
    expect((await t.api('GET', `/api/sessions/nope/recordings/${name}`)).status).toBe(404);
    expect((await t.api('GET', `/api/sessions/${shell.id}/recordings/${name}`, undefined, null)).status).toBe(
      401,
    );
  });

  it('refuse a bad body and an exited session', async () => {
    const spawned = await t.api('POST', '/api/sessions', { name: 'rec-bad', command: 'exit 3' });
    const { session: shell } = (await spawned.json()) as { session: Session };
    expect((await t.api('PUT', `/api/sessions/${shell.id}/recording`, { enabled: 'yes' })).status).toBe(400);
    await waitFor('exited', async () => {
      const response = await t.api('GET', `/api/sessions/${shell.id}`);
      return ((await response.json()) as { session: Session }).session.state === 'exited';
    });
    expect((await t.api('PUT', `/api/sessions/${shell.id}/recording`, { enabled: true })).status).toBe(409);
  });

  it('go on after a hub restart', async () => {
    const shell = await shellSession(t, 'rec-restart');
    await setRecording(shell, true);
    await t.stop();
    await t.restart();
    const after = await recordings(shell);
    expect(after.enabled).toBe(true);
    expect(after.recordings).toHaveLength(2);
    typeLine(t.config.tmuxSocket, shell.tmuxSession, 'echo after-$((50+5))');
    await waitFor('recorded after the restart', () =>
      readFileSync(join(dirOf(shell), after.recordings[1]!.name), 'utf8').includes('after-55'),
    );
    await setRecording(shell, false);
  });
});
