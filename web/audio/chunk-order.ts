/**
 * Puts a turn's speech chunks back in seq order: chunks may arrive (or finish decoding) out of
 * order, but must play in order. Also knows when the last one has been released.
 */
export class ChunkOrder<T> {
  private readonly waiting = new Map<number, T | null>();
  private next = 0;
  private total: number | null = null;

  /** Stores a chunk (null: it failed and is skipped); returns the chunks now playable, in order. */
  put(seq: number, item: T | null): T[] {
    if (seq < this.next || this.waiting.has(seq)) return []; // a duplicate
    this.waiting.set(seq, item);
    const ready: T[] = [];
    while (this.waiting.has(this.next)) {
      const chunk = this.waiting.get(this.next);
      this.waiting.delete(this.next);
      this.next++;
      if (chunk !== null && chunk !== undefined) ready.push(chunk);
    }
    return ready;
  }

  /** The sender is done after `total` chunks. */
  end(total: number): void {
    this.total = total;
  }

  /** Every chunk up to `total` has been released (or skipped). */
  get complete(): boolean {
    return this.total !== null && this.next >= this.total;
  }

  get released(): number {
    return this.next;
  }
}
