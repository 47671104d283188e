import type { Readable } from 'node:stream';

/** A hook's JSON is small; anything larger is not a hook payload. */
const MAX_PAYLOAD_BYTES = 1_000_000;

/**
 * Reads stdin to its end. Claude Code closes it after writing the payload; if it stays open longer
 * than `timeoutMs`, whatever arrived so far is used (the JSON parse then decides).
 */
export function readAll(stream: Readable, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_PAYLOAD_BYTES) {
        clearTimeout(timer);
        stream.off('data', onData);
        stream.pause();
        reject(new Error(`payload is larger than ${MAX_PAYLOAD_BYTES} bytes`));
        return;
      }
      chunks.push(buffer);
    };
    const timer = setTimeout(finish, timeoutMs);
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
