import { describe, expect, it } from 'vitest';
import { addressee } from '../../../web/app/state/dictation.js';

const sessions = [
  { id: 'a1', name: 'api-service', state: 'idle' as const },
  { id: 'w1', name: 'web', state: 'busy' as const },
  { id: 't1', name: 'tests', state: 'idle' as const },
  { id: 'x1', name: 'old', state: 'exited' as const },
];

describe('speaking first to a session by name', () => {
  it('addresses the session named first, as speech recognition writes it', () => {
    expect(addressee('API service, run the tests.', sessions)).toEqual({
      sessionId: 'a1',
      text: 'run the tests.',
    });
    expect(addressee('web: rebuild the bundle', sessions)).toEqual({
      sessionId: 'w1',
      text: 'rebuild the bundle',
    });
  });

  it('needs the pause after the name: otherwise the words are the prompt', () => {
    expect(addressee('tests are failing, fix them', sessions)).toBeNull();
    expect(addressee('run the tests', sessions)).toBeNull();
  });

  it('ignores names of exited sessions and names that are not sessions', () => {
    expect(addressee('old, wake up', sessions)).toBeNull();
    expect(addressee('Hello, can you hear me?', sessions)).toBeNull();
  });
});
