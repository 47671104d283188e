// Issue 13, point 3: the spoken-sentence highlight vanished on sentences whose spoken form
// differs from the text (a URL read as "a link to …", a code block announced). Each chunk the hub
// speaks now carries its range in the message as written.
import { describe, expect, it } from 'vitest';
import { chunkWithSource } from '../../../server/voice/speech-text/chunker.js';
import { MappedText } from '../../../server/voice/speech-text/mapped-text.js';
import { makeSpeakableMapped } from '../../../server/voice/speech-text/speakable.js';

/** Each chunk as [spoken, the source text it came from]. */
function sourced(message: string): [string, string | null][] {
  return chunkWithSource(makeSpeakableMapped(message)).map(({ text, source }) => [
    text,
    source === null ? null : message.slice(source.start, source.end),
  ]);
}

describe('MappedText', () => {
  it('maps kept characters to themselves and a replacement to its whole match', () => {
    const m = MappedText.of('say **hi** now').replace(/\*\*(.+?)\*\*/g, '$1');
    expect(m.text).toBe('say hi now');
    expect(m.sourceOf(0, 3)).toEqual({ start: 0, end: 3 });
    expect(m.sourceOf(4, 6)).toEqual({ start: 4, end: 10 });
    expect(m.sourceOf(7, 10)).toEqual({ start: 11, end: 14 });
    expect(m.sourceOf(3, 3)).toBeNull();
  });

  it('composes rewrites: a later rewrite of a rewritten part still points at the original', () => {
    const m = MappedText.of('a `x` b')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/x/g, 'ex');
    expect(m.text).toBe('a ex b');
    expect(m.sourceOf(2, 4)).toEqual({ start: 2, end: 5 });
  });

  it('refuses a pattern without the g flag (it would rewrite only the first match)', () => {
    expect(() => MappedText.of('a').replace(/a/, 'b')).toThrow(/global/);
  });
});

describe('chunks carry their source', () => {
  it('a sentence with a URL read as "a link to …" points at the sentence with the URL', () => {
    const message = 'The PR is up. See https://github.com/org/repo/pull/12 for details. Shall I merge?';
    expect(sourced(message)).toEqual([
      ['The PR is up.', 'The PR is up.'],
      ['See a link to github.com for details.', 'See https://github.com/org/repo/pull/12 for details.'],
      ['Shall I merge?', 'Shall I merge?'],
    ]);
  });

  it('an announced code block points at the whole block', () => {
    const message = 'Here it is:\n```ts\nconst a = 1;\nconst b = 2;\n```\nDone.';
    expect(sourced(message)).toEqual([
      ['Here it is:', 'Here it is:'],
      ["There's a code block on screen.", '```ts\nconst a = 1;\nconst b = 2;\n```'],
      ['Done.', 'Done.'],
    ]);
  });

  it('Markdown syntax stays inside the range, list bullets and heading marks outside', () => {
    const message = '## Plan\n- **Fix** the [parser](https://x.io/p).\n- Ship `src/web/app.ts`.';
    expect(sourced(message)).toEqual([
      ['Plan', 'Plan'],
      ['Fix the parser.', '**Fix** the [parser](https://x.io/p).'],
      ['Ship app.ts in web.', 'Ship `src/web/app.ts`.'],
    ]);
  });

  it('a table row points at its row', () => {
    const message = '| name | state |\n|---|---|\n| api | busy |';
    expect(sourced(message)).toEqual([
      ['name, state', '| name | state |'],
      ['api, busy', '| api | busy |'],
    ]);
  });

  it('a long first sentence cut at a clause gives two ranges that meet', () => {
    const message =
      'I looked through the whole repository for the failing test, and found that the parser drops the last token.';
    const [first, second] = chunkWithSource(makeSpeakableMapped(message));
    expect(message.slice(first?.source?.start, first?.source?.end)).toBe(
      'I looked through the whole repository for the failing test,',
    );
    expect(message.slice(second?.source?.start, second?.source?.end)).toBe(
      'and found that the parser drops the last token.',
    );
  });

  it('a repeated sentence points at each of its occurrences in turn', () => {
    expect(chunkWithSource(makeSpeakableMapped('Yes. No. Yes.')).map((c) => c.source?.start)).toEqual([
      0, 5, 9,
    ]);
  });
});
