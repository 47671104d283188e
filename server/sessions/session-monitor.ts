import { existsSync, readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Session } from '../../protocol/session.js';
import { TMUX_PREFIX } from './names.js';
import { detectDialog, highlightedOption } from './dialogs.js';
import type { SessionService } from './session-service.js';
import type { PaneInfo, Tmux } from '../tmux/tmux.js';

export type MonitorDeps = {
  sessions: SessionService;
  tmux: Tmux;
  log: FastifyBaseLogger;
  /** 0 turns the idle timeout off. */
  idleTimeoutMs: number;
  now: () => number;
};

/**
 * States in which a start-up dialog can be on screen. Claude Code runs no hook before its
 * dialogs are answered, so once SessionStart said `ready` the screen needs no more reading.
 */
const DIALOG_WATCH_STATES = new Set(['starting', 'dialog']);

/**
 * Asking tmux means spawning it, and spawning from the hub stalls its event loop for a few ms (a
 * fork of a big process): a voice round trip that meets one is that much slower. So on Linux a
 * running session's health is read without tmux, from its pane's process in /proc; tmux is asked
 * while a session starts (a dialog may appear), when the process is gone or its pid not known yet,
 * and every FULL_CHECK_EVERY_TICKS ticks (a pane whose tmux session was killed while its program
 * ignored the hang-up would otherwise go unnoticed). Elsewhere tmux is asked every
 * PROBELESS_CHECK_EVERY_TICKS ticks.
 */
const FULL_CHECK_EVERY_TICKS = 60;
const PROBELESS_CHECK_EVERY_TICKS = 5;

/**
 * Whether a process still runs, from /proc/<pid>/stat (Linux: see CAN_PROBE_PROCESSES). A zombie
 * counts as gone: tmux 3.3a can leave a pane's exited program unreaped for a long time, and a
 * plain `kill(pid, 0)` would call it alive. A pid reused by another program within a tick would
 * only delay noticing until the next full check.
 */
export function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S ...": the program's name may hold spaces and parentheses; the state follows the last ")".
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X' && state !== '';
}

const CAN_PROBE_PROCESSES = existsSync('/proc/self/stat');

/** Don't press a key into the same dialog again before Claude had time to redraw. */
const ANSWER_COOLDOWN_MS = 3_000;

/**
 * The fallback eyes on every session: is its pane alive, is a start-up dialog showing, has it
 * been idle too long. Hooks remain the source of truth for everything else.
 */
export class SessionMonitor {
  private readonly lastAnswer = new Map<string, number>();
  /** Session id -> the pid of its pane's program, from the last tmux listing. */
  private readonly panePids = new Map<string, number>();
  private ticks = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: MonitorDeps) {}

  start(intervalMs = 1_000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every session; never overlaps itself, never throws. */
  tick(): Promise<void> {
    this.running ??= this.check()
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'session check failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<void> {
    const live = this.deps.sessions.list().filter((s) => s.state !== 'exited');
    this.ticks++;
    if (live.length === 0) return;
    const askTmux = CAN_PROBE_PROCESSES
      ? this.ticks % FULL_CHECK_EVERY_TICKS === 0 ||
        live.some((s) => DIALOG_WATCH_STATES.has(s.state) || !this.paneProcessRuns(s.id))
      : this.ticks % PROBELESS_CHECK_EVERY_TICKS === 0 || live.some((s) => DIALOG_WATCH_STATES.has(s.state));
    if (askTmux) await this.checkPanes(live.map((s) => s.id));
    for (const session of live) this.enforceIdleTimeout(session.id);
  }

  /**
   * Reads every pane from tmux: gone or dead panes end their session; start-up dialogs are watched.
   * A listing tmux refused or the hub could not read throws before any session is touched (tick
   * logs it): only a listing read in full says that a session is gone.
   */
  private async checkPanes(ids: string[]): Promise<void> {
    const panes = new Map<string, PaneInfo>();
    for (const pane of await this.deps.tmux.listPanes()) panes.set(pane.tmuxSession, pane);
    this.panePids.clear();
    for (const id of ids) {
      const record = this.deps.sessions.record(id);
      const pane = panes.get(record.tmuxSession);
      if (pane === undefined || pane.paneDead) {
        const program = record.command === null ? 'Claude Code' : 'the command';
        const exitReason = pane === undefined ? 'the tmux session is gone' : describeExit(pane, program);
        this.deps.sessions.apply(id, { type: 'pane_gone' }, { exitReason });
        continue;
      }
      this.panePids.set(id, pane.panePid);
      if (DIALOG_WATCH_STATES.has(record.state)) await this.watchDialog(id);
    }
  }

  private paneProcessRuns(id: string): boolean {
    const pid = this.panePids.get(id);
    return pid !== undefined && processRuns(pid);
  }

  private async watchDialog(id: string): Promise<void> {
    const record = this.deps.sessions.record(id);
    const screen = await this.deps.tmux.capturePane(record.tmuxSession);
    const dialog = detectDialog(screen);
    if (dialog === null) {
      if (record.state === 'dialog') this.deps.sessions.apply(id, { type: 'dialog_gone' });
      return;
    }
    if (record.state !== 'dialog' || record.dialog?.text !== dialog.text) {
      this.deps.sessions.showDialog(id, dialog);
    }
    // Trust is answered only for folders the hub made, and only when the screen shows the
    // cursor on "Yes": the hub never presses Enter without reading what it confirms.
    if (dialog.kind !== 'trust_folder' || !record.ownsFolder) return;
    const choice = highlightedOption(screen);
    const chosen = choice === null ? undefined : dialog.options[choice - 1];
    if (chosen === undefined || !/^Yes\b/i.test(chosen)) return;
    const now = this.deps.now();
    if (now - (this.lastAnswer.get(id) ?? 0) < ANSWER_COOLDOWN_MS) return;
    this.lastAnswer.set(id, now);
    this.deps.log.info({ sessionId: id, option: chosen }, 'answering the trust dialog for a hub-made folder');
    await this.deps.tmux.sendKeys(record.tmuxSession, ['Enter']);
  }

  private enforceIdleTimeout(id: string): void {
    if (this.deps.idleTimeoutMs <= 0) return;
    const record = this.deps.sessions.record(id);
    if (record.state !== 'idle' && record.state !== 'ready') return;
    const idleFor = this.deps.now() - Date.parse(record.lastActivityAt);
    if (idleFor < this.deps.idleTimeoutMs) return;
    const seconds = Math.round(this.deps.idleTimeoutMs / 1000);
    const limit = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
    this.deps.log.info({ sessionId: id }, 'stopping an idle session');
    void this.deps.tmux
      .killSession(record.tmuxSession)
      .then(() =>
        this.deps.sessions.apply(
          id,
          { type: 'pane_gone' },
          { exitReason: `stopped after being idle for ${limit}` },
        ),
      )
      .catch((error: unknown) => this.deps.log.warn({ err: error, sessionId: id }, 'idle stop failed'));
  }
}

/** Why a dead pane stopped, naming what ran in it: Claude Code, or a shell-only session's command. */
function describeExit(pane: PaneInfo, program: 'Claude Code' | 'the command'): string {
  if (pane.deadSignal !== null) return `${program} was killed by signal ${pane.deadSignal}`;
  if (pane.deadStatus !== null) return `${program} exited with status ${pane.deadStatus}`;
  return `${program} exited`;
}

/**
 * After a hub restart: sessions whose tmux session still runs keep their state (their proxies
 * reconnect by themselves); the others (a reboot took the tmux server) are marked exited, and
 * their ids returned: they can be resumed (SWITCHBOARD_RESUME_ON_START does it at once). When
 * tmux cannot be read, nothing is marked: the monitor's first passes ask tmux again (no pane pid
 * is known yet) and decide.
 */
export async function readoptSessions(
  deps: Pick<MonitorDeps, 'sessions' | 'tmux' | 'log'>,
): Promise<string[]> {
  let listing: PaneInfo[];
  try {
    listing = await deps.tmux.listPanes();
  } catch (error) {
    deps.log.warn({ err: error }, 'could not list tmux panes at start; sessions keep their state for now');
    return [];
  }
  const gone: string[] = [];
  const panes = new Map(listing.map((pane) => [pane.tmuxSession, pane]));
  const known = new Set<string>();
  for (const session of deps.sessions.list()) {
    known.add(session.tmuxSession);
    const pane = panes.get(session.tmuxSession);
    const runs = pane !== undefined && !pane.paneDead;
    if (session.state === 'exited') {
      if (runs) bringBack(deps, session);
      continue;
    }
    if (runs) {
      deps.log.info({ sessionId: session.id, state: session.state }, 're-adopted session');
    } else {
      deps.sessions.apply(session.id, { type: 'pane_gone' }, { exitReason: 'gone while the hub was down' });
      gone.push(session.id);
    }
  }
  for (const name of panes.keys()) {
    if (name.startsWith(TMUX_PREFIX) && !known.has(name)) {
      deps.log.warn({ tmuxSession: name }, 'a tmux session on the hub socket has no record; left alone');
    }
  }
  return gone;
}

/**
 * A record marked exited whose tmux session still runs on this hub's socket. Before the data-dir
 * lock (server/lock/hub-lock.ts), a second hub on the same data dir saw none of this hub's
 * panes on its own socket and marked every live session so, for good. The pane is this record's
 * (its name comes from the record's unique id, and only this hub makes sessions on its socket),
 * and no way of ending a session leaves its pane running (a stop, like the idle timeout, kills
 * the pane), so the record is what is wrong: the session comes back (out of Past sessions).
 * (So does one that Claude Code's SessionEnd hook marked exited while Claude went on, as on
 * `/clear`.) As `ready`, the state SessionStart gives: what Claude is doing is not known, the
 * next hook says (busy, idle, …) and the proxy reconnects by itself; for a shell-only session
 * ready is the only live state. A program that is just ending shows a dead pane to the monitor's
 * next check, which marks it exited again with its exit status. Unless another live session took
 * its name meanwhile: names stay unambiguous, so that record stays exited.
 */
function bringBack(deps: Pick<MonitorDeps, 'sessions' | 'log'>, session: Session): void {
  const clash = deps.sessions.list().some((s) => s.state !== 'exited' && s.name === session.name);
  if (clash) {
    deps.log.warn(
      { sessionId: session.id, name: session.name, tmuxSession: session.tmuxSession },
      'a session marked exited still runs in tmux, but its name is taken by a live session; left exited',
    );
    return;
  }
  deps.sessions.bringBack(session.id);
  deps.log.warn(
    { sessionId: session.id, exitReason: session.exitReason },
    'a session marked exited still runs in tmux: brought back as ready',
  );
}
