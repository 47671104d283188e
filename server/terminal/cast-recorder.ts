import { createWriteStream, type WriteStream } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.js';
import type { TerminalAttacher, TerminalClient, TerminalSize } from './tmux-client.js';

/**
 * Recording files: `20250101T120000123Z.cast`, the UTC start time to the millisecond. Names of
 * one session only ever grow (a clash takes the next millisecond), so sorting them sorts by age.
 */
export const CAST_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.cast$/;

/** The start time a recording's name encodes, as ISO. */
export function castStartedAt(name: string): string | null {
  const m = CAST_NAME.exec(name);
  if (m === null) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

export function castName(at: Date): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}.cast`;
}

/** Recording files in `dir`, oldest first, with their sizes. */
export async function listCasts(dir: string): Promise<{ name: string; size: number }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => CAST_NAME.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, size: (await stat(join(dir, name))).size };
      } catch {
        return null; // deleted meanwhile by the cap
      }
    }),
  );
  return files.filter((file) => file !== null);
}

export type CastRecorderOptions = {
  dir: string;
  tmuxSession: string;
  title: string;
  attacher: TerminalAttacher;
  /** A file is closed and a new one started past this size. */
  fileBytes: number;
  /** The session's files never add up to more than this: the oldest are deleted. */
  capBytes: number;
  now: () => number;
  log: FastifyBaseLogger;
};

/**
 * A file lives at least this long: its first bytes are a full redraw of the screen, which must
 * never by itself trigger the next rotation (a redraw larger than the file size would loop).
 */
const MIN_FILE_MS = 250;

type CastFile = { stream: WriteStream; name: string; startedAt: number; bytes: number };

/**
 * Records one session's terminal as asciinema v2 files through its own read-only tmux client.
 * Rotation is by size and loses nothing: the next file starts at once, and tmux redraws the
 * whole screen into it, so every file also plays on its own. The oldest files are deleted to
 * keep the session's folder under the cap.
 */
export class CastRecorder {
  private client: TerminalClient | undefined;
  private file: CastFile | undefined;
  private size: TerminalSize = { cols: 80, rows: 24 };
  private lastName = '';
  /** Cap enforcement and file closing, one after another. */
  private housekeeping: Promise<void> = Promise.resolve();
  private stopped = false;
  private endListener: (() => void) | undefined;

  constructor(private readonly options: CastRecorderOptions) {}

  /** Called when the tmux client ends by itself (the session is gone), not after stop(). */
  onEnd(listener: () => void): void {
    this.endListener = listener;
  }

  async start(): Promise<void> {
    const o = this.options;
    const size = await o.attacher.screenSize(o.tmuxSession);
    if (size === null) throw new AppError('conflict', "The session's terminal is gone: nothing to record.");
    this.size = size;
    this.lastName = (await listCasts(o.dir)).at(-1)?.name ?? '';
    if (this.stopped) return;
    this.openFile();
    const decoder = new StringDecoder('utf8');
    const client = o.attacher.attach(o.tmuxSession, { readOnly: true, size });
    this.client = client;
    client.onData((bytes) => {
      const text = decoder.write(bytes);
      if (text.length > 0) this.output(text);
    });
    client.onExit(() => {
      if (this.stopped) return;
      this.stopped = true;
      this.closeFile();
      void this.housekeeping.then(() => this.endListener?.());
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.client?.kill();
    this.client = undefined;
    this.closeFile();
    await this.housekeeping;
  }

  private output(text: string): void {
    const file = this.file;
    if (file === undefined) return;
    const now = this.options.now();
    const elapsed = Number(((now - file.startedAt) / 1000).toFixed(6));
    this.writeLine(file, JSON.stringify([elapsed, 'o', text]));
    if (file.bytes >= this.options.fileBytes && now - file.startedAt >= MIN_FILE_MS) this.rotate();
  }

  private rotate(): void {
    this.closeFile();
    this.openFile();
    const client = this.client;
    if (client !== undefined) {
      void this.options.attacher
        .redraw(client)
        .catch((error: unknown) => this.options.log.warn({ err: error }, 'recording redraw failed'));
    }
  }

  private openFile(): void {
    const o = this.options;
    const startedAt = o.now();
    const last = Date.parse(castStartedAt(this.lastName) ?? '');
    const name = castName(new Date(Number.isNaN(last) ? startedAt : Math.max(startedAt, last + 1)));
    this.lastName = name;
    const stream = createWriteStream(join(o.dir, name), { flags: 'wx', mode: 0o600 });
    stream.on('error', (error) => o.log.warn({ err: error, file: name }, 'recording write failed'));
    this.file = { stream, name, startedAt, bytes: 0 };
    const header = {
      version: 2,
      width: this.size.cols,
      height: this.size.rows,
      timestamp: Math.floor(startedAt / 1000),
      title: o.title,
      env: { TERM: 'xterm-256color' },
    };
    this.writeLine(this.file, JSON.stringify(header));
    this.after(() => this.enforceCap(name));
  }

  private writeLine(file: CastFile, line: string): void {
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    file.bytes += bytes.length;
    file.stream.write(bytes);
  }

  private closeFile(): void {
    const file = this.file;
    this.file = undefined;
    if (file !== undefined) this.after(() => new Promise<void>((resolve) => file.stream.end(resolve)));
  }

  private after(task: () => Promise<void>): void {
    this.housekeeping = this.housekeeping
      .then(task)
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'recording housekeeping failed'));
  }

  /** As a file starts, the older ones must leave it room to grow to its full size. */
  private async enforceCap(current: string): Promise<void> {
    const budget = this.options.capBytes - this.options.fileBytes;
    const files = (await listCasts(this.options.dir)).filter((f) => f.name !== current);
    let total = files.reduce((sum, f) => sum + f.size, 0);
    for (const old of files) {
      if (total <= budget) break;
      await unlink(join(this.options.dir, old.name)).catch(() => undefined);
      total -= old.size;
      this.options.log.info({ file: old.name }, 'deleted the oldest recording (over the cap)');
    }
  }
}
