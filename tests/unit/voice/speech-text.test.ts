import { describe, expect, it } from 'vitest';
import { chunkForSpeech, splitSentences } from '../../../server/voice/speech-text/chunker.js';
import { makeSpeakable } from '../../../server/voice/speech-text/speakable.js';
import { cleanTranscript } from '../../../server/voice/speech-text/transcript-filter.js';

describe('makeSpeakable', () => {
  it('drops Markdown syntax but keeps the words', () => {
    expect(makeSpeakable('## Plan\n- **Fix** the _parser_\n- Ship it')).toBe('Plan\nFix the parser\nShip it');
  });
  it('never reads code blocks aloud', () => {
    const spoken = makeSpeakable('Here it is:\n```ts\nconst a = 1;\nconst b = 2;\nconst c = 3;\n```\nDone.');
    expect(spoken).toBe("Here it is:\nThere's a code block on screen.\nDone.");
    expect(makeSpeakable('Run:\n```sh\nnpm test\n```')).toBe('Run:\nnpm test');
  });
  it('says where a link goes instead of spelling the URL', () => {
    expect(makeSpeakable('See https://github.com/org/repo/pull/12 for details.')).toBe(
      'See a link to github.com for details.',
    );
    expect(makeSpeakable('Read [the guide](https://docs.example.com/x).')).toBe('Read the guide.');
  });
  it('shortens file paths to the file and its folder', () => {
    expect(makeSpeakable('I changed /home/me/src/api/server.ts today.')).toBe(
      'I changed server.ts in api today.',
    );
    expect(makeSpeakable('Open `src/voice/floor.ts`.')).toBe('Open floor.ts in voice.');
  });
  it('reads tables as phrases', () => {
    expect(makeSpeakable('| name | state |\n|---|---|\n| api | busy |')).toBe('name, state\napi, busy');
  });
});

describe('chunkForSpeech', () => {
  it('splits into sentences, keeping abbreviations and numbers whole', () => {
    expect(splitSentences('Version 3.5 is out. It works, e.g. on Linux! Does it? Yes…')).toEqual([
      'Version 3.5 is out.',
      'It works, e.g. on Linux!',
      'Does it?',
      'Yes…',
    ]);
  });
  it('cuts a long first sentence at a clause so the first audio comes early', () => {
    const chunks = chunkForSpeech(
      'I looked through the whole repository for the failing test, and found that the parser drops the last token. Fixed.',
    );
    expect(chunks[0]).toBe('I looked through the whole repository for the failing test,');
    expect(chunks[1]).toBe('and found that the parser drops the last token.');
    expect(chunks[2]).toBe('Fixed.');
  });
  it('keeps every word, in order', () => {
    const text = 'One two three. '.repeat(20) + 'A'.repeat(10) + ' ' + 'word '.repeat(100);
    expect(chunkForSpeech(text).join(' ').split(/\s+/)).toEqual(text.trim().split(/\s+/));
    expect(chunkForSpeech(text).every((c) => c.length <= 300)).toBe(true);
  });
  it('gives nothing for text with no words', () => {
    expect(chunkForSpeech('... --- !!!')).toEqual([]);
  });
});

describe('cleanTranscript', () => {
  it.each([
    '',
    '  ',
    'Thank you.',
    'you',
    ' You ',
    '[BLANK_AUDIO]',
    '(silence)',
    '♪♪',
    'Thanks for watching!',
  ])('drops %j', (raw) => {
    expect(cleanTranscript(raw)).toBeNull();
  });
  it.each(['Okay.', 'Yes.', 'No, stop.', 'Thank you, that works.'])('keeps %j', (raw) => {
    expect(cleanTranscript(raw)).toBe(raw);
  });
});
