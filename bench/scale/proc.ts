// What the kernel says about processes (Linux /proc): CPU seconds, resident memory, the process
// tree. The scale bench charges each process of a session to Switchboard or to Claude Code.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

export type ProcInfo = {
  pid: number;
  ppid: number;
  /** CPU seconds of the process itself. */
  cpuS: number;
  /** CPU seconds of its children that ended and were waited for. */
  childrenCpuS: number;
  rssMb: number;
  cmdline: string;
};

export function procInfo(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const num = (i: number) => Number(fields[i - 3]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return {
      pid,
      ppid: num(4),
      cpuS: (num(14) + num(15)) / TICKS_PER_S,
      childrenCpuS: (num(16) + num(17)) / TICKS_PER_S,
      rssMb: rssKb / 1024,
      cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim(),
    };
  } catch {
    return null; // gone meanwhile
  }
}

/** Every live process. */
export function allProcs(): ProcInfo[] {
  const procs: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = procInfo(Number(name));
    if (info !== null) procs.push(info);
  }
  return procs;
}

/** `root` and everything below it. */
export function tree(root: number, procs: readonly ProcInfo[]): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const walk = (pid: number) => {
    const self = procs.find((p) => p.pid === pid);
    if (self !== undefined) out.push(self);
    for (const child of byParent.get(pid) ?? []) walk(child.pid);
  };
  walk(root);
  return out;
}

/** CPU seconds this process's ended children used (read before and after running one). */
export function ownChildrenCpuS(): number {
  return procInfo(process.pid)?.childrenCpuS ?? 0;
}
