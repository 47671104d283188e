// The follower on the real CLI's file (tests/fixtures/claude-transcripts/story.jsonl) written the
// way Claude Code writes it: in pieces, a line cut in the middle, growing while it is followed;
// then a hub restart, and a file replaced by a shorter one. Real SQLite, real files.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { SqliteEventStore } from '../../../server/events/event-store.js';
import { Timeline } from '../../../server/events/timeline.js';
import { ClaudeTranscriptFollower } from '../../../server/transcript/claude-transcript-follower.js';
import { FollowStore } from '../../../server/transcript/follow-store.js';
import { TranscriptLog } from '../../../server/transcript/transcript-log.js';

const STORY = readFileSync(
  join(import.meta.dirname, '../../fixtures/claude-transcripts/story.jsonl'),
  'utf8',
);
const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } as unknown as FastifyBaseLogger;

let dir: string;
let db: Db;
let path: string;
const followers: ClaudeTranscriptFollower[] = [];
const percents: number[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-follow-'));
  db = openDatabase(join(dir, 'hub.db'));
  path = join(dir, 'session.jsonl');
  percents.length = 0;
});

afterEach(async () => {
  for (const follower of followers.splice(0)) await follower.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A follower as the hub makes one; a second one on the same database is the hub restarted. */
function startFollower(pollMs = 60_000): { follower: ClaudeTranscriptFollower; transcript: TranscriptLog } {
  const transcript = new TranscriptLog(new Timeline(new SqliteEventStore(db)));
  const follower = new ClaudeTranscriptFollower({
    store: new FollowStore(db),
    transcript,
    setContextPercent: (_id, percent) => percents.push(percent),
    log,
    pollMs,
  });
  followers.push(follower);
  return { follower, transcript };
}

const texts = (transcript: TranscriptLog) => transcript.list('s1').map((e) => `${e.kind}: ${e.text}`);

describe('ClaudeTranscriptFollower', () => {
  it('waits for the end of a cut line, and reads each line once as the file grows', async () => {
    const { follower, transcript } = startFollower();
    const cut = STORY.indexOf('Done, 3 files changed.');
    writeFileSync(path, STORY.slice(0, cut));
    await follower.follow('s1', path);
    expect(texts(transcript)).toEqual([
      'prompt: Make three files.',
      'tool: printf a > one.txt && printf b > two.txt && printf c > three.txt',
      'tool_result: done',
    ]);
    // Hooks and polls read again and again: nothing new, nothing twice.
    await follower.poke('s1');
    await follower.follow('s1', path);
    expect(texts(transcript)).toHaveLength(3);

    appendFileSync(path, STORY.slice(cut));
    await follower.poke('s1');
    expect(texts(transcript).slice(3)).toEqual([
      'reply: Done, 3 files changed.',
      'prompt: [task from api, message 1]\nNow run the tests.',
      'reply: Tests pass.',
    ]);
    expect(percents.at(-1)).toBeGreaterThan(0);
  });

  it('sees a file grow between hooks (its poll)', async () => {
    const { follower, transcript } = startFollower(20);
    const half = STORY.indexOf('\n', STORY.length / 2) + 1;
    writeFileSync(path, STORY.slice(0, half));
    await follower.follow('s1', path);
    const before = texts(transcript).length;
    appendFileSync(path, STORY.slice(half));
    await vi.waitFor(() => expect(texts(transcript).at(-1)).toBe('reply: Tests pass.'), { timeout: 5_000 });
    expect(before).toBeLessThan(texts(transcript).length);
  });

  it('after a restart goes on where it was, and still names the result of a call made before', async () => {
    const first = startFollower();
    const lines = STORY.split('\n');
    const callLine = lines.findIndex((l) => l.includes('"tool_use"'));
    writeFileSync(path, `${lines.slice(0, callLine + 1).join('\n')}\n`);
    await first.follower.follow('s1', path);
    await first.follower.close();
    expect(texts(first.transcript)).toHaveLength(2);

    appendFileSync(path, lines.slice(callLine + 1).join('\n'));
    const second = startFollower();
    second.follower.resume('s1');
    await second.follower.poke('s1');
    const entries = second.transcript.list('s1');
    expect(entries.map((e) => e.kind)).toEqual(['prompt', 'tool', 'tool_result', 'reply', 'prompt', 'reply']);
    expect(entries[2]?.tool).toMatchObject({ name: 'Bash', toolUseId: 'toolu_scripted_3' });
  });

  it('reads a file that shrank (replaced) from its start', async () => {
    const { follower, transcript } = startFollower();
    writeFileSync(path, STORY);
    await follower.follow('s1', path);
    expect(texts(transcript)).toHaveLength(6);
    const reply = STORY.split('\n').find((l) => l.includes('Tests pass.')) ?? '';
    writeFileSync(path, `${reply.replace('Tests pass.', 'Started over.')}\n`);
    await follower.poke('s1');
    expect(texts(transcript).at(-1)).toBe('reply: Started over.');
    expect(texts(transcript)).toHaveLength(7);
  });

  it('does not read through a link (the session owns the folder; the link could lead anywhere)', async () => {
    const { follower, transcript } = startFollower();
    const elsewhere = join(dir, 'elsewhere.jsonl');
    writeFileSync(elsewhere, STORY);
    symlinkSync(elsewhere, path);
    await follower.follow('s1', path);
    expect(texts(transcript)).toEqual([]);
  });

  it('waits for a file Claude Code has not written yet, and forgets a forgotten session', async () => {
    const { follower, transcript } = startFollower();
    await follower.follow('s1', path);
    expect(texts(transcript)).toEqual([]);
    writeFileSync(path, STORY);
    await follower.poke('s1');
    expect(texts(transcript)).toHaveLength(6);
    follower.forget('s1');
    expect(new FollowStore(db).get('s1')).toBeUndefined();
  });
});
