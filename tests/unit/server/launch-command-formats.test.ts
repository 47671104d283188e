import { describe, expect, it } from 'vitest';
import { buildNewSessionArgs, tmuxLiteral } from '../../../server/sessions/launch-command.js';

const spec = (cwd: string, env: Record<string, string> = {}, command = ['/usr/bin/claude']) =>
  buildNewSessionArgs({ tmuxSession: 'sb-ab12', cwd, env, command });
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('tmux arguments are data', () => {
  it('escapes every "#" of the folder, where tmux expands formats', () => {
    // Regression (issue 12, finding 4): `-c '/p#(touch PWNED)'` ran touch.
    expect(after(spec('/p#(touch PWNED)'), '-c')).toBe('/p##(touch PWNED)');
    expect(after(spec('/a#{session_name}/b#S/c##'), '-c')).toBe('/a##{session_name}/b##S/c####');
    expect(after(spec('/plain/folder'), '-c')).toBe('/plain/folder');
  });
  it('keeps a folder ending in ";" from ending the tmux command', () => {
    expect(after(spec('/x/ends;'), '-c')).toBe('/x/ends\\;');
  });
  it('passes -e values and command words as given: tmux 3.3a expands neither', () => {
    const args = spec('/x', { HOME: '/h#{pane_id}#S' }, ['/usr/bin/claude', '--', '#(id) #{pane_id}']);
    expect(after(args, '-e')).toBe('HOME=/h#{pane_id}#S');
    expect(args.slice(args.indexOf('--') + 1)).toEqual(['/usr/bin/claude', '--', '#(id) #{pane_id}']);
  });
  it('tmuxLiteral doubles each "#" and nothing else', () => {
    expect(tmuxLiteral('a#b##c#')).toBe('a##b####c##');
    expect(tmuxLiteral('no hash')).toBe('no hash');
  });
});
