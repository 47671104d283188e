import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, waitFor, type TestHub } from '../../support/hub-harness.js';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'switchboard.js');

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.dispose();
});

/** Runs the built `switchboard` command against the test hub, found through the same variables. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    SWITCHBOARD_PORT: String(t.config.port),
    SWITCHBOARD_DATA_DIR: t.config.dataDir,
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the switchboard CLI', () => {
  it('spawns, lists and stops sessions by name', async () => {
    const spawned = await cli('spawn', '--name', 'from-cli');
    expect(spawned.stderr).toBe('');
    expect(spawned.stdout).toMatch(/^spawned from-cli \([0-9a-f]{8}\) in .*workspaces\/from-cli/);
    await waitFor('ready', async () => (await cli('list')).stdout.includes('ready'));
    const listed = await cli('list');
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATE/);
    expect(listed.stdout).toMatch(/from-cli\s+ready/);

    const stopped = await cli('stop', 'from-cli');
    expect(stopped.stdout).toMatch(/^stopped from-cli/);
    expect((await cli('list')).stdout).toContain('no sessions');
  });

  it('sends a message and tails the session until it replies', async () => {
    await cli('spawn', '--name', 'tailed');
    await waitFor('ready', async () => /tailed\s+ready/.test((await cli('list')).stdout));
    const tailer = spawn(process.execPath, [CLI, 'tail', 'tailed', '--since', '0'], {
      env: {
        ...process.env,
        SWITCHBOARD_PORT: String(t.config.port),
        SWITCHBOARD_DATA_DIR: t.config.dataDir,
      },
    });
    let out = '';
    tailer.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    try {
      const sent = await cli('send', 'tailed', 'hello', 'from', 'the', 'cli');
      expect(sent.stdout).toMatch(/^sent task \d+ to tailed/);
      await waitFor('the reply in the tail', () => /-> echo: \[task from cli, message \d+\]/.test(out));
      expect(out).toMatch(/<- cli \(task\): hello from the cli/);
      expect(out).toMatch(/delivered \(typed\)/);
    } finally {
      tailer.kill(); // by pid: the process this test started
    }
    const unknown = await cli('send', 'nobody', 'hi');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/No session "nobody" \(by id, name or folder\)/);
  });

  it('says what is wrong, with a non-zero exit', async () => {
    const unknown = await cli('stop', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No session "nobody" (by id, name or folder)');
    const badName = await cli('spawn', '--name', '../x');
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/name: must be 1-64 characters/);
    const usage = await cli('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });

  it('tells the person when no hub is running', async () => {
    const env = { ...process.env, SWITCHBOARD_PORT: '1', SWITCHBOARD_DATA_DIR: t.config.dataDir };
    const result = await run(process.execPath, [CLI, 'list'], { env }).catch((e: { stderr: string }) => e);
    expect(result.stderr).toMatch(/Cannot reach the hub at http:\/\/127\.0\.0\.1:1/);
  });
});
