import { describe, expect, it } from 'vitest';
import type { PermissionRequest } from '../../../protocol/permissions.js';
import { parseVoiceDecision, spokenQuestion } from '../../../server/permissions/permission-voice.js';

const request = (toolName: string, toolInput: Record<string, unknown>): PermissionRequest => ({
  id: 'perm_000000000001',
  sessionId: 's1',
  sessionName: 'api-service',
  sessionCwd: '/work/project',
  toolName,
  toolInput,
  suggestions: [],
  via: 'hook',
  state: 'pending',
  createdAt: '2026-11-21T00:00:00.000Z',
  expiresAt: '2026-11-21T00:02:00.000Z',
  decidedAt: null,
  decidedBy: null,
  message: null,
  updatedInput: null,
  scope: null,
  sessionRule: null,
});

describe('spoken permission decisions', () => {
  it.each([
    ['Allow.', 'allow'],
    ['Yes.', 'allow'],
    ['Yeah, sure', 'allow'],
    ['Deny', 'deny'],
    ['No.', 'deny'],
    ['Always.', 'always'],
    ['always allow it', 'always'],
  ])('"%s" decides %s', (heard, decision) => {
    expect(parseVoiceDecision(heard)).toBe(decision);
  });

  it('decides nothing on other words', () => {
    expect(parseVoiceDecision('banana')).toBeNull();
    expect(parseVoiceDecision('')).toBeNull();
    expect(parseVoiceDecision('what was that?')).toBeNull();
  });

  it('Regression guard: a "no" anywhere never allows', () => {
    expect(parseVoiceDecision("No, don't allow that")).toBe('deny');
    expect(parseVoiceDecision('yes no')).toBe('deny');
    expect(parseVoiceDecision('not always')).toBe('deny');
  });
});

describe('the spoken question', () => {
  it('says who wants to run what', () => {
    expect(spokenQuestion(request('Bash', { command: 'npm   test\n' }))).toBe(
      'api-service wants to run: npm test. Allow?',
    );
    expect(spokenQuestion(request('Write', { file_path: '/tmp/a.txt', content: 'x' }))).toBe(
      'api-service wants to use Write on /tmp/a.txt. Allow?',
    );
    expect(spokenQuestion(request('mcp__github__create_issue', {}))).toBe(
      'api-service wants to use github create_issue. Allow?',
    );
  });

  it('clips a long command', () => {
    const spoken = spokenQuestion(request('Bash', { command: 'x'.repeat(500) }));
    expect(spoken.length).toBeLessThan(200);
    expect(spoken).toMatch(/…\. Allow\?$/);
  });
});
