// Preloaded by bench/voice/phases.ts into the benchmark's other processes (the client and the
// proxy, through NODE_OPTIONS): appends each garbage collection, with its epoch time, to a file
// per process in BENCH_GC_DIR.
import { appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const dir = process.env.BENCH_GC_DIR;
if (dir !== undefined) {
  const file = join(dir, `${process.pid}-${basename(process.argv[1] ?? 'node')}.jsonl`);
  new PerformanceObserver((list) => {
    let lines = '';
    for (const entry of list.getEntries()) {
      const at = performance.timeOrigin + entry.startTime;
      lines += `${JSON.stringify({ at, ms: entry.duration, kind: entry.detail?.kind ?? 0 })}\n`;
    }
    appendFileSync(file, lines);
  }).observe({ entryTypes: ['gc'] });
}
