import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { processRuns } from '../../../server/sessions/session-monitor.js';
import { waitFor } from '../../support/hub-harness.js';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('processRuns (the session monitor probe)', () => {
  it('sees a running process', () => {
    expect(processRuns(process.pid)).toBe(true);
  });

  it('calls a pid with no process, or no pid at all, gone', () => {
    expect(processRuns(2 ** 22 + 12345)).toBe(false); // above Linux's pid_max
    expect(processRuns(0)).toBe(false);
    expect(processRuns(Number.NaN)).toBe(false);
  });

  it('calls an exited but unreaped program (a zombie) gone, as tmux can leave a pane program', async () => {
    // The shell starts a short `sleep` in the background, prints its pid and becomes a long
    // `sleep`, which never reaps it: the short one ends after the exec and stays a zombie. (A
    // child that ended before the exec could be reaped by the shell itself.)
    const parent = spawn('sh', ['-c', 'sleep 0.5 & echo $!; exec sleep 30'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    started.push(parent.pid!);
    const zombie = Number(
      await new Promise<string>((resolve) => parent.stdout.once('data', (d) => resolve(String(d)))),
    );
    await waitFor(
      'the zombie',
      () => {
        try {
          process.kill(zombie, 0); // still "exists" for a signal-0 probe...
          return !processRuns(zombie); // ...but is not running
        } catch {
          return false;
        }
      },
      5_000,
    );
    expect(processRuns(parent.pid!)).toBe(true);
  });
});
