import { describe, expect, it } from 'vitest';
import { inFormWords, NEW_SESSION_LABELS } from '../../../web/app/state/form-words.js';

describe("the hub's refusal in the New session dialog's words", () => {
  it('names the field as its label does, not as the API does', () => {
    const error = {
      message: 'cwd does not exist: "~/nowhere"',
      issues: [{ path: 'cwd', message: 'does not exist: "~/nowhere"' }],
    };
    expect(inFormWords(error, NEW_SESSION_LABELS)).toBe('Folder does not exist: "~/nowhere"');
  });

  it('joins several issues, keeps unknown fields as named, and keeps a sentence without issues', () => {
    const error = {
      message: 'two problems',
      issues: [
        { path: 'name', message: 'must start with a letter or digit' },
        { path: 'model', message: 'must be a Claude model name' },
      ],
    };
    expect(inFormWords(error, NEW_SESSION_LABELS)).toBe(
      'Name must start with a letter or digit; model must be a Claude model name',
    );
    expect(inFormWords({ message: 'The hub cannot be reached.', issues: [] }, NEW_SESSION_LABELS)).toBe(
      'The hub cannot be reached.',
    );
  });
});
