import type { ModelState } from './engine-types.js';

/** An engine as `npm run models` sees it: something to load, with a status to show. */
export type DownloadTarget = {
  load(): Promise<void>;
  status(): ModelState;
  onStatus(listener: (state: ModelState) => void): () => void;
};

export type DownloadOutput = { write(text: string): unknown; isTTY?: boolean; columns?: number };

const BAR_WIDTH = 24;

/**
 * Loads each target in turn, which downloads what is missing, and shows progress: a redrawn bar
 * on a terminal, one line per file and per 10% otherwise (logs, CI). Returns the exit code: 1 when
 * any model could not be had, after printing the engine's message naming model, folder and fix.
 */
export async function downloadModels(
  targets: readonly DownloadTarget[],
  out: DownloadOutput,
): Promise<number> {
  let failed = 0;
  for (const target of targets) {
    const model = target.status().model;
    const line = out.isTTY === true ? new BarLine(out, model) : new PlainLines(out, model);
    const unsubscribe = target.onStatus((state) => line.show(state));
    const started = performance.now();
    try {
      await target.load();
      line.finish(`${model}: ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      line.finish(`${model}: ${error instanceof Error ? error.message : String(error)}${causeOf(error)}`);
    } finally {
      unsubscribe();
    }
  }
  return failed === 0 ? 0 : 1;
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause === undefined) return '';
  const inner = cause instanceof Error && cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `\n  (${cause instanceof Error ? cause.message : String(cause)}${inner})`;
}

class BarLine {
  private drawn = false;

  constructor(
    private readonly out: DownloadOutput,
    private readonly model: string,
  ) {}

  show(state: ModelState): void {
    if (state.state !== 'downloading' && state.state !== 'loading') return;
    const fraction = state.progress ?? 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar =
      state.state === 'loading'
        ? 'loading'
        : `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}%`;
    const text = `${this.model} ${bar} ${state.message ?? ''}`;
    const width = Math.max((this.out.columns ?? 100) - 1, 20);
    this.out.write(`\r\x1b[2K${text.slice(0, width)}`);
    this.drawn = true;
  }

  finish(text: string): void {
    this.out.write(`${this.drawn ? '\r\x1b[2K' : ''}${text}\n`);
  }
}

class PlainLines {
  private lastStep = -1;
  private lastFile: string | null = null;

  constructor(
    private readonly out: DownloadOutput,
    private readonly model: string,
  ) {}

  show(state: ModelState): void {
    if (state.state === 'loading') {
      this.out.write(`${this.model}: loading\n`);
      return;
    }
    if (state.state !== 'downloading') return;
    const step = Math.floor((state.progress ?? 0) * 10);
    const file = state.message?.replace(/:.*$/, '') ?? null;
    if (step === this.lastStep && file === this.lastFile) return;
    this.lastStep = step;
    this.lastFile = file;
    this.out.write(`${this.model}: ${step * 10}% ${state.message ?? ''}\n`);
  }

  finish(text: string): void {
    this.out.write(`${text}\n`);
  }
}
