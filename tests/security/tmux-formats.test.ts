// Issue 12, finding 4: tmux expands formats in some of its arguments. A folder named
// `proj#(touch PWNED)` ran `touch` through `new-session -c` before any trust dialog, and one
// named with `#{session_name}` or `#S` silently ran the session in the hub's own folder while
// the API reported the folder asked for. tmux arguments are data: these tests spawn in such
// folders (and with such prompts, commands and environment values) and check that the session
// runs exactly there, gets exactly that, and that nothing ran.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../protocol/session.js';
import { screenOf, startTestHub, waitFor, type TestHub } from '../support/hub-harness.js';

// Each `#(…)` would touch a marker of its own: a relative one lands in the directory tmux runs
// its jobs in (the hub's), `cd;` first sends it to HOME. Folder names cannot hold a "/".
const MARK = `sb-pwned-${process.pid}`;
const FOLDERS = [
  `job#(touch ${MARK}-rel)`,
  `home-job#(cd;touch ${MARK}-home)`,
  'format#{session_name}',
  'short#S',
  'hash##x',
  // Not a format, but tmux's command separator: new-session failed on this one.
  'ends;',
  `all#(cd;touch ${MARK}-all)#{pane_id}#S##`,
];
const CLAUDE_FOLDER = `claude#(cd;touch ${MARK}-claude)#{pane_id}#S##`;

let t: TestHub;
let root: string;
let home: string;
beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'sb-formats-')));
  // HOME reaches sessions through `new-session -e`: it is named with formats too.
  home = join(root, 'home#{session_name}#S##');
  mkdirSync(home);
  for (const folder of [...FOLDERS, CLAUDE_FOLDER]) mkdirSync(join(root, folder));
  t = await startTestHub({ env: { HOME: home } });
});
afterAll(async () => {
  await t?.dispose();
  // Only a failing run leaves this one, in the hub's (the test runner's) folder.
  rmSync(join(process.cwd(), `${MARK}-rel`), { force: true });
  rmSync(root, { recursive: true, force: true });
});

async function spawn(body: object): Promise<Session> {
  const response = await t.api('POST', '/api/sessions', body);
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return (JSON.parse(text) as { session: Session }).session;
}

const get = async (id: string) =>
  ((await (await t.api('GET', `/api/sessions/${id}`)).json()) as { session: Session }).session;

/** The folder the session's program really runs in, from /proc (not from what tmux or the API say). */
function paneCwd(session: Session): string {
  const pid = execFileSync(
    'tmux',
    ['-L', t.config.tmuxSocket, 'display-message', '-p', '-t', `=${session.tmuxSession}:`, '#{pane_pid}'],
    { encoding: 'utf8' },
  ).trim();
  return readlinkSync(`/proc/${pid}/cwd`);
}

/** The marker files of these kinds a `#(touch …)` made, wherever one can look. */
function markersFound(...kinds: string[]): string[] {
  const folders = [...FOLDERS, CLAUDE_FOLDER].map((f) => join(root, f));
  const places = [root, home, process.cwd(), t.config.dataDir, ...folders];
  const names = kinds.map((kind) => `${MARK}-${kind}`);
  return places.flatMap((place) => names.map((name) => join(place, name))).filter((path) => existsSync(path));
}

/** Waits for a file the session writes (in one write), and returns its contents. */
const output = (path: string) =>
  waitFor(`${path} written`, () => (existsSync(path) && readFileSync(path, 'utf8')) || undefined);

describe('tmux arguments are data', () => {
  it('a shell-only session runs exactly in a folder named with #(), #{}, #S or ##, and nothing runs', async () => {
    for (const [i, name] of FOLDERS.entries()) {
      const folder = join(root, name);
      const out = join(root, `pwd-${i}`);
      // An absolute output path: a session run in the wrong folder still reports where it ran.
      const session = await spawn({ command: `pwd -P > '${out}'; exec sleep 600`, cwd: folder });
      expect(session.cwd).toBe(folder);
      expect((await output(out)).trim(), name).toBe(folder);
      expect(paneCwd(session), name).toBe(folder);
      expect((await get(session.id)).cwd).toBe(folder);
    }
    expect(markersFound('rel', 'home', 'all')).toEqual([]);
  });

  it('a Claude Code session runs exactly in such a folder too', async () => {
    const folder = join(root, CLAUDE_FOLDER);
    const session = await spawn({ cwd: folder });
    expect(session.cwd).toBe(folder);
    await waitFor('ready', async () => (await get(session.id)).state === 'ready');
    expect(paneCwd(session)).toBe(folder);
    expect(markersFound('claude')).toEqual([]);
  });

  it('a first prompt with formats in it reaches Claude Code unchanged, and runs nothing', async () => {
    const prompt = `#{pane_id} #(cd;touch ${MARK}-prompt) #S ## ends;`;
    const session = await spawn({ prompt });
    // The stand-in Claude echoes its first prompt; tmux's 200 columns hold it on one line.
    await waitFor('the echo', () =>
      screenOf(t.config.tmuxSocket, session.tmuxSession).includes(`echo: ${prompt}`),
    );
    expect(markersFound('prompt')).toEqual([]);
  });

  it("a command line and the hub's environment reach the session unchanged, and run nothing", async () => {
    const out = join(root, 'literal');
    const words = `#{session_name} #S ## #(cd;touch ${MARK}-command)`;
    await spawn({ command: `printf '%s|%s' '${words}' "$HOME" > '${out}'; exec sleep 600` });
    expect(await output(out)).toBe(`${words}|${home}`);
    expect(markersFound('command')).toEqual([]);
  });
});
