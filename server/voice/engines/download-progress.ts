/** What transformers.js passes to `progress_callback` (the fields this module reads). */
export type ProgressEvent = { status: string; file?: string; loaded?: number; total?: number };

export type DownloadSnapshot = {
  /** 0..1 over the files being downloaded; never goes down. */
  progress: number;
  /** A line for people, e.g. "Downloading onnx/model_quantized.onnx: 41.2 MB of 92.4 MB". */
  message: string;
};

const MB = 1024 * 1024;

/**
 * Turns transformers.js's per-file progress events into one number for the page and the CLI.
 * Only the weight files count when any is missing: the JSON files are a few KB and finish first,
 * and would otherwise make the bar jump to 75% before the 90 MB file starts. Sizes are not known
 * before each download starts, so every counted file weighs the same; the result only grows.
 */
export class DownloadProgress {
  private readonly fractions = new Map<string, number>();
  private readonly counted: readonly string[];
  private best = 0;

  constructor(missingFiles: readonly string[]) {
    const weights = missingFiles.filter((file) => file.endsWith('.onnx'));
    this.counted = weights.length > 0 ? weights : missingFiles;
  }

  /** Returns a snapshot when the event is about a counted file, otherwise null. */
  update(event: ProgressEvent): DownloadSnapshot | null {
    const file = event.file;
    if (file === undefined || !this.counted.includes(file)) return null;
    let line = `Downloading ${file}`;
    if (event.status === 'progress' && event.loaded !== undefined) {
      const total = event.total ?? 0;
      this.fractions.set(file, total > 0 ? Math.min(event.loaded / total, 1) : 0);
      line +=
        total > 0
          ? `: ${formatSize(event.loaded, total)} of ${formatSize(total, total)}`
          : `: ${formatSize(event.loaded, event.loaded)}`;
    } else if (event.status === 'done') {
      this.fractions.set(file, 1);
      line = `Downloaded ${file}`;
    } else {
      this.fractions.set(file, this.fractions.get(file) ?? 0);
    }
    let sum = 0;
    for (const counted of this.counted) sum += this.fractions.get(counted) ?? 0;
    this.best = Math.max(this.best, sum / this.counted.length);
    return { progress: this.best, message: line };
  }
}

/** In the unit of `scale` (the file's size), so both numbers of a line read alike. */
function formatSize(bytes: number, scale: number): string {
  return scale >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
