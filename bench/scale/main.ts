// npm run bench:scale — what Switchboard itself costs per session, beside what Claude Code costs.
// The real hub (its own process), N sessions of the real Claude Code CLI (BENCH_SESSIONS, default
// 10) against the scripted Messages API, each given one busy turn of 15 tool calls (Bash `true`,
// pre-allowed in the temporary HOME's settings), then idle. From /proc (proc.ts) each process is
// charged to Switchboard (the session's MCP proxy, its SessionStart hook process, its share of the
// hub and of the tmux server) or to Claude Code (the CLI and what it ran). Then, all N idle: the
// hub's CPU, and the state-change latency from a hook's POST to the page socket. Targets are
// ratios (absolute figures do not carry between machines): overhead_ratio <= 0.05, proxy RSS <=
// 1.25 x a bare `node` measured in the same run, hub idle CPU <= 1 %. Last line: one JSON object.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { Session } from '../../protocol/session.js';
import { CLAUDE_BIN, makeClaudeHome } from '../../tests/support/claude-home.js';
import { HubProcess } from '../../tests/support/hub-process.js';
import { startScriptedAnthropic, type MessagesRequest } from '../../tests/support/scripted-anthropic.js';
import { percentile, printTable, round1 } from '../support/stats.js';
import { allProcs, ownChildrenCpuS, procInfo, tree, type ProcInfo } from './proc.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10);
const TOOL_CALLS = 15;
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 10);
const LATENCY_ROUNDS = 5;
const POST_HOOK = fileURLToPath(new URL('../../dist/bundled/mcp-proxy/post-hook.js', import.meta.url));

/** Tool results since the prompt that started this turn: the script's position in the turn. */
function toolResultsThisTurn(request: MessagesRequest): number {
  let count = 0;
  for (const message of [...request.messages].reverse()) {
    if (message.role !== 'user') continue;
    const blocks = typeof message.content === 'string' ? [{ type: 'text' }] : message.content;
    const results = blocks.filter((b) => b.type === 'tool_result').length;
    if (results === 0 && blocks.some((b) => b.type === 'text')) break;
    count += results;
  }
  return count;
}

const cpuOf = (procs: readonly ProcInfo[]) => procs.reduce((sum, p) => sum + p.cpuS + p.childrenCpuS, 0);
const isProxy = (p: ProcInfo) => p.cmdline.includes('mcp-proxy/main.js');

async function main(): Promise<void> {
  const api = await startScriptedAnthropic({
    fallback: (request) =>
      toolResultsThisTurn(request) < TOOL_CALLS
        ? { toolUse: { name: 'Bash', input: { command: 'true', description: 'One check' } } }
        : { text: 'All checks pass.' },
  });
  const home = await makeClaudeHome({
    apiKey: 'sk-ant-bench-0123456789abcdefghij',
    baseUrl: api.url,
    proxyUrl: api.url,
    userSettings: { permissions: { allow: ['Bash(true)'] } },
  });
  const hub = await HubProcess.start({ ...home.env, SWITCHBOARD_CLAUDE_BIN: CLAUDE_BIN });
  try {
    const hubPid = hub.pid ?? 0;
    const hubCpu = () => cpuOf([procInfo(hubPid)].filter((p): p is ProcInfo => p !== null));
    const bare = await bareNodeRssMb();
    const hookCpuS = await commandHookCpuS(hub.url);

    const started = performance.now();
    const hubBefore = hubCpu();
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const created = await hub.api('POST', '/api/sessions', { name: `s${i}`, prompt: 'Run the checks.' });
      if (created.status !== 201) throw new Error(`spawn: HTTP ${created.status} ${await created.text()}`);
      sessions.push(((await created.json()) as { session: Session }).session);
    }
    await waitAllIdle(hub, sessions, 15 * 60_000);
    const busyS = (performance.now() - started) / 1000;
    const procs = allProcs();
    const panes = panePids(hub.socket);
    const tmuxServer = procInfo(procs.find((p) => p.pid === [...panes.values()][0])?.ppid ?? 0);
    let claudeCpu = 0;
    let proxyCpu = 0;
    const proxyRss: number[] = [];
    for (const session of sessions) {
      const pane = panes.get(session.tmuxSession);
      if (pane === undefined) throw new Error(`no pane for ${session.name}`);
      const own = tree(pane, procs);
      const proxies = own.filter(isProxy);
      proxyCpu += cpuOf(proxies);
      proxyRss.push(...proxies.map((p) => p.rssMb));
      // The SessionStart command hook ended and was reaped by Claude Code: in its children's CPU.
      claudeCpu += cpuOf(own.filter((p) => !isProxy(p))) - hookCpuS;
    }
    const hubShare = (hubCpu() - hubBefore) / SESSIONS;
    const tmuxShare = tmuxServer === null ? 0 : cpuOf([tmuxServer]) / SESSIONS;
    const switchboardPerSession = proxyCpu / SESSIONS + hookCpuS + hubShare + tmuxShare;
    const claudePerSession = claudeCpu / SESSIONS;

    // All idle: what the hub costs doing nothing but holding N sessions.
    const idleBefore = hubCpu();
    await new Promise((r) => setTimeout(r, IDLE_S * 1000));
    const hubIdlePct = ((hubCpu() - idleBefore) / IDLE_S) * 100;
    const latencies = await stateLatencies(hub, sessions);
    const hubRss = procInfo(hubPid)?.rssMb ?? 0;

    const proxyMb = percentile(proxyRss, 50);
    const result = {
      sessions: SESSIONS,
      tool_calls: TOOL_CALLS,
      busy_wall_s: round1(busyS),
      switchboard_cpu_per_busy_session_s: round3(switchboardPerSession),
      claude_cpu_per_busy_session_s: round3(claudePerSession),
      overhead_ratio: round3(switchboardPerSession / claudePerSession),
      proxy_cpu_per_session_s: round3(proxyCpu / SESSIONS),
      hook_process_cpu_s: round3(hookCpuS),
      hub_cpu_per_session_s: round3(hubShare),
      tmux_cpu_per_session_s: round3(tmuxShare),
      proxy_rss_mb: round1(proxyMb),
      bare_node_rss_mb: round1(bare),
      proxy_rss_ratio: round3(proxyMb / bare),
      hub_rss_mb: round1(hubRss),
      hub_idle_cpu_pct: round3(hubIdlePct),
      state_latency_p50_ms: round1(percentile(latencies, 50)),
      state_latency_p99_ms: round1(percentile(latencies, 99)),
    };
    printTable(
      [
        'sessions',
        'switchboard cpu s',
        'claude cpu s',
        'ratio',
        'proxy MB',
        'bare node MB',
        'hub MB',
        'hub idle %',
        'state p99 ms',
      ],
      [
        [
          SESSIONS,
          result.switchboard_cpu_per_busy_session_s,
          result.claude_cpu_per_busy_session_s,
          result.overhead_ratio,
          result.proxy_rss_mb,
          result.bare_node_rss_mb,
          result.hub_rss_mb,
          result.hub_idle_cpu_pct,
          result.state_latency_p99_ms,
        ],
      ],
    );
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `targets: overhead_ratio <= 0.05 (${met(result.overhead_ratio <= 0.05)}), proxy RSS <= 1.25 x bare node (${result.proxy_rss_ratio} x: ${met(result.proxy_rss_ratio <= 1.25)}), hub idle CPU <= 1 % (${met(result.hub_idle_cpu_pct <= 1)})`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await hub.dispose();
    await api.close();
    await home.cleanup();
  }
}

async function waitAllIdle(hub: HubProcess, sessions: readonly Session[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { sessions: now } = (await (await hub.api('GET', '/api/sessions?state=live')).json()) as {
      sessions: Session[];
    };
    const idle = now.filter((s) => sessions.some((b) => b.id === s.id) && s.state === 'idle').length;
    if (idle === sessions.length) return;
    if (Date.now() > deadline) {
      throw new Error(
        `only ${idle} of ${sessions.length} sessions idle: ${now.map((s) => `${s.name}:${s.state}`).join(' ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** tmux session name -> its pane's pid. */
function panePids(socket: string): Map<string, number> {
  const out = execFileSync('tmux', ['-L', socket, 'list-panes', '-a', '-F', '#{session_name} #{pane_pid}'], {
    encoding: 'utf8',
  });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([name, pid]) => [name ?? '', Number(pid)]),
  );
}

/** A bare `node` idling, measured like the proxies: its resident memory after it settled. */
async function bareNodeRssMb(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 3_000));
  const rss = procInfo(child.pid ?? 0)?.rssMb ?? Number.NaN;
  child.kill();
  await once(child, 'exit');
  return rss;
}

/** The CPU of one command hook run (mcp-proxy/post-hook.ts), as SessionStart runs it. */
async function commandHookCpuS(hubUrl: string): Promise<number> {
  const runs = 5;
  const before = ownChildrenCpuS();
  for (let i = 0; i < runs; i++) {
    const child = spawn(process.execPath, [POST_HOOK], {
      stdio: ['pipe', 'ignore', 'ignore'],
      env: {
        PATH: process.env.PATH ?? '',
        SWITCHBOARD_SESSION_ID: 'bench',
        SWITCHBOARD_HUB_URL: hubUrl,
        SWITCHBOARD_SESSION_TOKEN: 'not-a-session-token',
        SWITCHBOARD_PERMISSION_TIMEOUT_S: '120',
      },
    });
    child.stdin.end(JSON.stringify({ hook_event_name: 'SessionStart', session_id: 'x', source: 'startup' }));
    await once(child, 'exit');
  }
  return (ownChildrenCpuS() - before) / runs;
}

/** From a hook's POST (Claude Code's HTTP hook) to the session's new state on the page socket. */
async function stateLatencies(hub: HubProcess, sessions: readonly Session[]): Promise<number[]> {
  const socket = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(hub.token)}`);
  const waiting = new Map<string, { state: string; resolve: () => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; session?: Session };
    if (message.type !== 'session_status' || message.session === undefined) return;
    const wait = waiting.get(message.session.id);
    if (wait !== undefined && wait.state === message.session.state) {
      waiting.delete(message.session.id);
      wait.resolve();
    }
  });
  await once(socket, 'open');
  const latencies: number[] = [];
  try {
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      for (const session of sessions) {
        const token = sessionToken(hub.dataDir, session.id);
        for (const [event, state] of [
          ['UserPromptSubmit', 'busy'],
          ['Stop', 'idle'],
        ] as const) {
          const seen = new Promise<void>((resolve) => waiting.set(session.id, { state, resolve }));
          const sent = performance.now();
          const response = await fetch(`${hub.url}/hooks/${session.id}/claude`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              hook_event_name: event,
              session_id: session.claudeSessionId,
              prompt: 'x',
            }),
          });
          await response.arrayBuffer();
          await seen;
          latencies.push(performance.now() - sent);
        }
      }
    }
  } finally {
    socket.close();
  }
  return latencies;
}

function sessionToken(dataDir: string, sessionId: string): string {
  const config = JSON.parse(readFileSync(join(dataDir, 'sessions', sessionId, 'mcp.json'), 'utf8')) as {
    mcpServers: { switchboard: { env: { SWITCHBOARD_SESSION_TOKEN: string } } };
  };
  return config.mcpServers.switchboard.env.SWITCHBOARD_SESSION_TOKEN;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
