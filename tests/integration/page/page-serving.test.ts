// What the page needs from the hub besides the sockets: the built bundle (public, never with the
// token in it: tests/security/page-token.test.ts) and the recent folders.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../../../server/routes/web-routes.js';
import { startTestHub, type TestHub } from '../../support/hub-harness.js';

let t: TestHub | undefined;
const scratch: string[] = [];
afterEach(async () => {
  await t?.dispose();
  t = undefined;
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the page bundle', () => {
  it('serves the built page and its files without a token', async () => {
    t = await startTestHub();
    const page = await fetch(`${t.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('<sb-app');

    const bundle = readdirSync(join(WEB_DIST, 'app')).find((f) => f.endsWith('.js'));
    expect(bundle, 'npm run build puts the page bundle in dist/web/app').toBeDefined();
    const script = await fetch(`${t.url}/app/${bundle}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const manifest = await fetch(`${t.url}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(((await manifest.json()) as { name: string }).name).toMatch(/Switchboard/);
  });

  it('serves nothing outside the bundle', async () => {
    t = await startTestHub();
    for (const path of ['/app/..%2F..%2Fpackage.json', '/app/.hidden', '/app/nope.js']) {
      expect([401, 404], path).toContain((await fetch(`${t.url}${path}`)).status);
      expect((await t.api('GET', path)).status, path).toBe(404);
    }
    // Nothing else at the root is served, with a token or without.
    expect((await fetch(`${t.url}/package.json`)).status).toBe(404);
    expect((await t.api('GET', '/package.json')).status).toBe(404);
  });
});

describe('recent folders', () => {
  it('lists the folders chosen for sessions, newest first, without hub-made ones', async () => {
    t = await startTestHub();
    const older = mkdtempSync(join(tmpdir(), 'sb-recent-a-'));
    const newer = mkdtempSync(join(tmpdir(), 'sb-recent-b-'));
    scratch.push(older, newer);
    await t.api('POST', '/api/sessions', { name: 'hub-made' });
    expect((await t.api('POST', '/api/sessions', { name: 'a', cwd: older })).status).toBe(201);
    await new Promise((done) => setTimeout(done, 20));
    expect((await t.api('POST', '/api/sessions', { name: 'b', cwd: newer })).status).toBe(201);
    const { folders } = (await (await t.api('GET', '/api/folders/recent')).json()) as { folders: string[] };
    expect(folders).toEqual([newer, older]);
  });
});
