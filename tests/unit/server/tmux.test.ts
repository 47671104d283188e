import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { parsePaneList } from '../../../server/tmux/tmux.js';
import { tmuxBaseArgs } from '../../../server/tmux/tmux-runner.js';
import { attachArgs } from '../../../server/terminal/tmux-client.js';

describe('every tmux command', () => {
  it('runs with -u, on the hub socket and config', () => {
    // Regression (issue 12, finding 7): without a UTF-8 locale tmux wrote the tabs of the
    // list-panes format as "_", and the hub marked every running session exited.
    expect(tmuxBaseArgs('switchboard', '/opt/sb/tmux.conf')).toEqual([
      '-u',
      '-L',
      'switchboard',
      '-f',
      '/opt/sb/tmux.conf',
    ]);
  });
  it('an attached client gets its -u from the base arguments, once', () => {
    expect(attachArgs('sb-ab12', true)).not.toContain('-u');
  });
});

describe('reading list-panes', () => {
  it('reads running and dead panes', () => {
    expect(parsePaneList('0:4242:::sb-ab12\n1:4243:3::sb-cd34\n1:4244::9:sb-ef56')).toEqual([
      { tmuxSession: 'sb-ab12', paneDead: false, panePid: 4242, deadStatus: null, deadSignal: null },
      { tmuxSession: 'sb-cd34', paneDead: true, panePid: 4243, deadStatus: 3, deadSignal: null },
      { tmuxSession: 'sb-ef56', paneDead: true, panePid: 4244, deadStatus: null, deadSignal: 9 },
    ]);
  });
  it('keeps a session name whole, whatever a person named a session by hand', () => {
    expect(parsePaneList('0:7:::my session|with:odd_chars')[0]?.tmuxSession).toBe(
      'my session|with:odd_chars',
    );
  });
  it('reads no output as no panes', () => {
    expect(parsePaneList('')).toEqual([]);
  });

  it.each([
    ['a line mangled by a missing locale', 'sb-1_0_123__'],
    ['the old tab-separated format with its tabs turned to "_"', 'sb-1_0_123'],
    ['a pane_dead that is not 0 or 1', '2:123:::sb-1'],
    ['a pid that is not digits', '0:12a:::sb-1'],
    ['an exit status that is not digits', '1:123:x::sb-1'],
    ['a signal that is not digits', '1:123::-9:sb-1'],
    ['a missing field', '0:123::sb-1'],
    ['no session name', '0:123:::'],
    ['an empty line among panes', '0:123:::sb-1\n\n0:124:::sb-2'],
  ])('throws on %s, naming the line, instead of reporting no panes', (_, stdout) => {
    let thrown: unknown;
    try {
      parsePaneList(stdout);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('tmux_failed');
    const bad = stdout.split('\n').find((line) => !/^[01]:\d+:\d*:\d*:.+$/.test(line)) ?? '';
    expect((thrown as AppError).message).toContain(JSON.stringify(bad));
  });
  it('throws on one bad line even when the others read well', () => {
    expect(() => parsePaneList('0:123:::sb-1\nsb-2_0_124__')).toThrow(/"sb-2_0_124__"/);
  });
});
