// A folder the person types for a new session: `~` means their home, as in a shell.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveUserFolder } from '../../../server/sessions/workspace.js';

const home = realpathSync(mkdtempSync(join(tmpdir(), 'sb-home-')));
mkdirSync(join(home, 'work', 'api'), { recursive: true });
writeFileSync(join(home, 'notes.txt'), 'not a folder');
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('a folder the person chose', () => {
  it('expands ~ and ~/… to the home folder', async () => {
    expect(await resolveUserFolder('~', home)).toBe(home);
    expect(await resolveUserFolder('~/', home)).toBe(home);
    expect(await resolveUserFolder('~/work/api', home)).toBe(join(home, 'work', 'api'));
  });

  it("refuses another user's home and relative paths, naming the field and what was typed", async () => {
    await expect(resolveUserFolder('~root/x', home)).rejects.toThrow(
      /^cwd "~root\/x": only ~ and ~\/… .* not another user's/,
    );
    await expect(resolveUserFolder('work/api', home)).rejects.toThrow(
      'cwd must be an absolute path or start with ~/ (got "work/api")',
    );
  });

  it('says when the expanded folder does not exist or is a file, in the words that were typed', async () => {
    await expect(resolveUserFolder('~/nowhere', home)).rejects.toThrow('cwd does not exist: "~/nowhere"');
    await expect(resolveUserFolder('~/notes.txt', home)).rejects.toThrow(
      'cwd is not a directory: "~/notes.txt"',
    );
  });
});
