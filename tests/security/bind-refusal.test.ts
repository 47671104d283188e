import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubExitedError, HubProcess } from '../support/hub-process.js';

/**
 * The hub serves the person's sessions and their decisions over plain HTTP: on anything but
 * loopback that would put the token and every login on the network in the clear. It refuses to
 * start there unless TLS is in front (SWITCHBOARD_ALLOW_INSECURE_BIND=1).
 */
describe('a non-loopback bind', () => {
  const started: HubProcess[] = [];
  afterEach(async () => {
    for (const hub of started.splice(0)) await hub.dispose();
  });

  for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
    it(`is refused for SWITCHBOARD_HOST=${host}, with the way out named, before the data dir is touched`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sb-bind-'));
      const outcome = await HubProcess.start({ SWITCHBOARD_HOST: host }, { dataDir }).then(
        (hub) => {
          started.push(hub);
          return hub;
        },
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(HubExitedError);
      const exited = outcome as HubExitedError;
      expect(exited.exitCode).toBe(2);
      expect(exited.stderr).toContain(`refusing to listen on ${host} without TLS`);
      expect(exited.stderr).toContain('tailscale serve');
      expect(exited.stderr).toContain('SWITCHBOARD_ALLOW_INSECURE_BIND=1');
      // No token, no database, no lock: a refused start leaves nothing behind.
      expect(readdirSync(dataDir)).toEqual([]);
      rmSync(dataDir, { recursive: true, force: true });
    });
  }

  it('starts on a wildcard address when the person says a TLS proxy is in front', async () => {
    const hub = await HubProcess.start({ SWITCHBOARD_HOST: '0.0.0.0', SWITCHBOARD_ALLOW_INSECURE_BIND: '1' });
    started.push(hub);
    // HubProcess reaches it on 127.0.0.1, which a wildcard bind includes.
    expect((await fetch(`${hub.url}/health`)).status).toBe(200);
    expect(existsSync(join(hub.dataDir, 'switchboard.db'))).toBe(true);
  });
});
