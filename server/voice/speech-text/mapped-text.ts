import type { TextRange } from '../../../protocol/voice.js';

/**
 * A string rewritten step by step that still knows where each of its characters came from in the
 * original. makeSpeakable rewrites what a session wrote (a URL becomes "a link to github.com", a
 * code block "There's a code block on screen."); the page highlights the sentence being spoken in
 * the text as written, so every spoken chunk must carry its range there. Word matching cannot find
 * a reworded sentence; tracking each rewrite can.
 *
 * What stays true: each character's source range is non-decreasing along the string (rewrites
 * replace a match in place), so a substring's source range is [first char's start, last char's end).
 */
export class MappedText {
  private constructor(
    readonly text: string,
    /** Per character: where its source starts and ends in the original. */
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
  ) {}

  static of(text: string): MappedText {
    const starts = Array.from({ length: text.length }, (_, i) => i);
    return new MappedText(
      text,
      starts,
      starts.map((i) => i + 1),
    );
  }

  /**
   * Like String.replace with a global pattern. A replacement's characters all come from the whole
   * match: "**green**" -> "green" maps back to "**green**", which is what a highlight should cover.
   */
  replace(
    pattern: RegExp,
    replacement: string | ((match: string, ...groups: string[]) => string),
  ): MappedText {
    if (!pattern.global) throw new Error('MappedText.replace needs a global pattern');
    let text = '';
    const starts: number[] = [];
    const ends: number[] = [];
    let at = 0;
    for (const match of this.text.matchAll(pattern)) {
      const index = match.index;
      this.copy(at, index, starts, ends);
      text += this.text.slice(at, index);
      const groups = match.slice(1).map((g) => g ?? '');
      const replaced =
        typeof replacement === 'string'
          ? replacement.replace(/\$(\d)/g, (_m, n: string) => groups[Number(n) - 1] ?? '')
          : replacement(match[0], ...groups);
      const end = index + match[0].length;
      // An empty match at the end has no characters of its own: it borrows its neighbour's place.
      const from = this.starts[index] ?? this.ends[index - 1] ?? 0;
      const to = end > index ? (this.ends[end - 1] ?? from) : from;
      for (let i = 0; i < replaced.length; i++) {
        starts.push(from);
        ends.push(to);
      }
      text += replaced;
      at = end;
    }
    this.copy(at, this.text.length, starts, ends);
    text += this.text.slice(at);
    return new MappedText(text, starts, ends);
  }

  /** Where the characters [start, end) of this text came from; null for an empty range. */
  sourceOf(start: number, end: number): TextRange | null {
    if (end <= start) return null;
    const from = this.starts[start];
    const to = this.ends[end - 1];
    return from === undefined || to === undefined ? null : { start: from, end: to };
  }

  private copy(from: number, to: number, starts: number[], ends: number[]): void {
    for (let i = from; i < to; i++) {
      starts.push(this.starts[i] as number);
      ends.push(this.ends[i] as number);
    }
  }
}
