import { describe, expect, it } from 'vitest';
import {
  applyPermissionMessage,
  applyRequest,
  arrivalAnnouncement,
  bulkOffers,
  decisionWords,
  EMPTY_BOOK,
  inboxOrder,
  newlyPending,
  pendingBySession,
  permissionGroups,
  RECENT_LIMIT,
  requestSummary,
} from '../../../web/app/state/permissions.js';
import { permission } from './fixtures.js';

const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const decided = (id: string, state: 'allowed' | 'denied', minute: number, decidedBy = 'page') =>
  permission({ id, state, decidedAt: at(minute), decidedBy });

describe('the permission book', () => {
  it('takes the pending list on connect and each change after it', () => {
    const a = permission({ id: 'p1' });
    const b = permission({ id: 'p2', sessionId: 'web' });
    let book = applyPermissionMessage(EMPTY_BOOK, { type: 'permission_list', requests: [a, b] });
    expect([...book.pending.keys()]).toEqual(['p1', 'p2']);

    book = applyPermissionMessage(book, { type: 'permission', request: decided('p1', 'allowed', 5) });
    expect([...book.pending.keys()]).toEqual(['p2']);
    expect(book.recent.map((r) => r.id)).toEqual(['p1']);
  });

  it('replaces the pending set on a reconnect, keeping the decisions it saw', () => {
    let book = applyPermissionMessage(EMPTY_BOOK, {
      type: 'permission_list',
      requests: [permission({ id: 'p1' }), permission({ id: 'p2' })],
    });
    book = applyRequest(book, decided('p1', 'denied', 3));
    // While away, p2 expired and p3 arrived.
    book = applyPermissionMessage(book, { type: 'permission_list', requests: [permission({ id: 'p3' })] });
    expect([...book.pending.keys()]).toEqual(['p3']);
    expect(book.recent.map((r) => r.id)).toEqual(['p1']);
  });

  it('never puts a decided request back to pending (a late echo of the ask)', () => {
    // Regression: the REST answer to "allow" can arrive before the socket's own "pending" message.
    let book = applyRequest(EMPTY_BOOK, decided('p1', 'allowed', 2));
    book = applyRequest(book, permission({ id: 'p1' }));
    expect(book.pending.size).toBe(0);
    book = applyPermissionMessage(book, { type: 'permission_list', requests: [permission({ id: 'p1' })] });
    expect(book.pending.size).toBe(0);
  });

  it('keeps the newest decisions first, a bounded number of them', () => {
    let book = EMPTY_BOOK;
    for (let i = 0; i < RECENT_LIMIT + 3; i++) book = applyRequest(book, decided(`p${i}`, 'allowed', i));
    expect(book.recent).toHaveLength(RECENT_LIMIT);
    expect(book.recent[0]?.id).toBe(`p${RECENT_LIMIT + 2}`);
    // The same request decided again (its message came twice) is listed once.
    book = applyRequest(book, decided(`p${RECENT_LIMIT + 2}`, 'allowed', 59));
    expect(book.recent.filter((r) => r.id === `p${RECENT_LIMIT + 2}`)).toHaveLength(1);
  });

  it('tells which requests are new', () => {
    const before = applyRequest(EMPTY_BOOK, permission({ id: 'p1' }));
    const after = applyRequest(before, permission({ id: 'p2' }));
    expect(newlyPending(before, after).map((r) => r.id)).toEqual(['p2']);
  });
});

describe('the inbox groups', () => {
  const pending = new Map(
    [
      permission({ id: 'w2', sessionId: 'web', createdAt: at(9) }),
      permission({ id: 'a1', sessionId: 'api', createdAt: at(5) }),
      permission({ id: 'w1', sessionId: 'web', createdAt: at(2) }),
      permission({ id: 'x1', sessionId: 'zzz-gone', createdAt: at(1) }),
    ].map((r) => [r.id, r]),
  );

  it('groups by session in tab order, oldest request first, unknown sessions last', () => {
    const groups = permissionGroups(pending, ['web', 'api']);
    expect(groups.map((g) => [g.sessionId, g.requests.map((r) => r.id)])).toEqual([
      ['web', ['w1', 'w2']],
      ['api', ['a1']],
      ['zzz-gone', ['x1']],
    ]);
    expect(inboxOrder(groups).map((r) => r.id)).toEqual(['w1', 'w2', 'a1', 'x1']);
  });

  it('shows one session only when asked to', () => {
    expect(permissionGroups(pending, ['web', 'api'], 'api').map((g) => g.sessionId)).toEqual(['api']);
    expect(permissionGroups(pending, [], 'nobody')).toEqual([]);
  });

  it('counts pending requests per session', () => {
    expect(Object.fromEntries(pendingBySession(pending))).toEqual({ web: 2, api: 1, 'zzz-gone': 1 });
  });

  it('offers "allow all" for tools with two or more requests, most first', () => {
    const requests = [
      permission({ id: '1', toolName: 'Write' }),
      permission({ id: '2', toolName: 'Bash' }),
      permission({ id: '3', toolName: 'Write' }),
      permission({ id: '4', toolName: 'Edit' }),
      permission({ id: '5', toolName: 'Edit' }),
      permission({ id: '6', toolName: 'Write' }),
    ];
    expect(bulkOffers(requests)).toEqual([
      { toolName: 'Write', count: 3 },
      { toolName: 'Edit', count: 2 },
    ]);
  });
});

describe('what the page says about requests', () => {
  it('summarizes a request by its command or file', () => {
    expect(requestSummary(permission({ id: '1' }))).toBe('Bash: npm test');
    expect(
      requestSummary(permission({ id: '2', toolName: 'Write', toolInput: { file_path: '/a/b.ts' } })),
    ).toBe('Write: /a/b.ts');
    expect(requestSummary(permission({ id: '3', toolName: 'mcp__db__query', toolInput: { sql: 'x' } }))).toBe(
      'mcp__db__query',
    );
    const long = requestSummary(permission({ id: '4', toolInput: { command: `echo ${'x'.repeat(300)}` } }));
    expect(long.length).toBeLessThanOrEqual(127);
    expect(long.endsWith('…')).toBe(true);
  });

  it('announces requests from background sessions only', () => {
    const fromApi = permission({ id: '1', sessionId: 'api' });
    expect(arrivalAnnouncement([fromApi], 'api')).toBeNull();
    expect(arrivalAnnouncement([fromApi], 'web')).toBe(
      'api asks permission for Bash: npm test. Open the permissions inbox to answer.',
    );
    const two = [fromApi, permission({ id: '2', sessionId: 'docs' })];
    expect(arrivalAnnouncement(two, null)).toBe(
      '2 new permission requests from api, docs. Open the permissions inbox to answer.',
    );
    expect(arrivalAnnouncement([], null)).toBeNull();
  });

  it('says how a request ended and who decided', () => {
    expect(
      decisionWords({
        state: 'allowed',
        decidedBy: 'page',
        scope: 'once',
        toolName: 'Bash',
        sessionRule: null,
      }),
    ).toBe('allowed in the browser');
    expect(
      decisionWords({
        state: 'allowed',
        decidedBy: 'voice',
        scope: 'session',
        toolName: 'Bash',
        sessionRule: null,
      }),
    ).toBe('allowed for the session by voice');
    const npmTest = {
      type: 'addRules',
      rules: [{ toolName: 'Bash', ruleContent: 'npm test *' }],
      behavior: 'allow',
      destination: 'session',
    };
    expect(
      decisionWords({
        state: 'allowed',
        decidedBy: 'page',
        scope: 'session',
        toolName: 'Bash',
        sessionRule: npmTest,
      }),
    ).toBe('allowed for the session (npm test *) in the browser');
    expect(
      decisionWords({
        state: 'denied',
        decidedBy: 'mcp:orchestrator',
        scope: null,
        toolName: 'Bash',
        sessionRule: null,
      }),
    ).toBe('denied by orchestrator');
    expect(
      decisionWords({ state: 'denied', decidedBy: 'api', scope: null, toolName: 'Bash', sessionRule: null }),
    ).toBe('denied over the API');
    expect(
      decisionWords({ state: 'expired', decidedBy: 'hub', scope: null, toolName: 'Bash', sessionRule: null }),
    ).toBe('expired (Claude Code asks in its terminal)');
  });
});
