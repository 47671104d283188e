import type { FastifyBaseLogger } from 'fastify';
import { sessionChoices } from '../../protocol/permission-suggestions.js';
import type { PermissionDecision, PermissionRequest } from '../../protocol/permissions.js';
import type { VoiceService } from '../voice/voice-service.js';
import type { PermissionService } from './permission-service.js';

export type VoiceDecision = 'allow' | 'deny' | 'always';

/**
 * What a spoken answer decides, or null when it decides nothing. A "no" anywhere wins over a
 * "yes" ("no, don't allow it"): a misheard answer must never allow.
 */
export function parseVoiceDecision(heard: string): VoiceDecision | null {
  const words = heard
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const has = (...options: string[]) => words.some((w) => options.includes(w));
  if (has('no', 'nope', 'deny', 'denied', "don't", 'dont', 'not', 'stop', 'cancel', 'never', 'reject'))
    return 'deny';
  if (has('always')) return 'always';
  if (has('yes', 'yeah', 'yep', 'allow', 'allowed', 'sure', 'okay', 'ok', 'approve', 'approved'))
    return 'allow';
  return null;
}

const MAX_SPOKEN_DETAIL = 140;

/** "api-service wants to run: npm test. Allow?" — short enough to listen to. */
export function spokenQuestion(request: PermissionRequest): string {
  const input = request.toolInput;
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : undefined);
  const clip = (value: string) =>
    value.length > MAX_SPOKEN_DETAIL ? `${value.slice(0, MAX_SPOKEN_DETAIL)}…` : value;
  const command = text('command');
  const file = text('file_path') ?? text('path');
  const what =
    command !== undefined
      ? `wants to run: ${clip(command.replace(/\s+/g, ' ').trim())}`
      : file !== undefined
        ? `wants to use ${request.toolName} on ${clip(file)}`
        : `wants to use ${request.toolName.replace(/^mcp__([^_]+)__/, '$1 ')}`;
  return `${request.sessionName} ${what}. Allow?`;
}

const RETRY_PREFIX = 'Please say allow, deny, or always.';

/**
 * Speaks each new permission prompt on the voice floor (when a page can play it: in hands-free
 * mode it waits its turn, otherwise it plays when the floor is free) and decides it from the
 * answer. Anything else repeats the question once; then the prompt stays in the inbox.
 */
export class PermissionVoice {
  /** Permission id -> the floor turn asking it. */
  private readonly asking = new Map<string, string>();

  constructor(
    private readonly deps: { permissions: PermissionService; voice: VoiceService; log: FastifyBaseLogger },
  ) {
    deps.permissions.onChange((request) => this.onChange(request));
  }

  private onChange(request: PermissionRequest): void {
    const turnId = this.asking.get(request.id);
    if (request.state === 'pending' && turnId === undefined) return this.ask(request, 1);
    if (request.state !== 'pending' && turnId !== undefined) {
      // Decided from the page or an orchestrator meanwhile: stop asking.
      this.asking.delete(request.id);
      this.deps.voice.withdraw(turnId);
    }
  }

  private ask(request: PermissionRequest, attempt: 1 | 2): void {
    const question = spokenQuestion(request);
    const turnId = this.deps.voice.askAloud(
      request.sessionId,
      attempt === 1 ? question : `${RETRY_PREFIX} ${question}`,
      (heard) => this.answer(request, attempt, heard),
    );
    if (turnId !== null) this.asking.set(request.id, turnId);
  }

  private answer(request: PermissionRequest, attempt: 1 | 2, heard: string | null): void {
    this.asking.delete(request.id);
    const decision = heard === null ? null : parseVoiceDecision(heard);
    if (decision === null) {
      if (attempt === 1 && this.deps.permissions.get(request.id).state === 'pending') this.ask(request, 2);
      return;
    }
    // "Always" allows as narrowly as Claude Code suggests ("npm test *"), else the whole tool.
    const suggested = sessionChoices(request.toolName, request.suggestions)[0];
    const body: PermissionDecision =
      decision === 'deny'
        ? { behavior: 'deny', message: `Denied by voice ("${heard}").` }
        : decision === 'always'
          ? suggested === undefined
            ? { behavior: 'allow', scope: 'session' }
            : { behavior: 'allow', suggestion: suggested.index }
          : { behavior: 'allow', scope: 'once' };
    try {
      this.deps.permissions.decide(request.id, body, 'voice');
    } catch (error) {
      // Decided elsewhere between the question and the answer: the first decision stands.
      this.deps.log.info({ permissionId: request.id, err: error }, 'voice decision came too late');
    }
  }
}
