import { describe, expect, it } from 'vitest';
import { isValidSessionName, nameFromFolder, uniqueName } from '../../../server/sessions/names.js';

describe('session names', () => {
  it.each(['api', 'api-service', 'a', 'A1_b.c-d', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(isValidSessionName(name)).toBe(true);
  });
  it.each(['', '../x', '.hidden', '-flag', 'a b', 'a/b', 'x'.repeat(65), 'naïve', 'a;rm'])(
    'refuses %j',
    (name) => {
      expect(isValidSessionName(name)).toBe(false);
    },
  );
  it('derives a valid name from any folder', () => {
    expect(nameFromFolder('/home/me/api service')).toBe('api-service');
    expect(nameFromFolder('/home/me/.dotfiles')).toBe('dotfiles');
    expect(nameFromFolder('/')).toBe('session');
    expect(isValidSessionName(nameFromFolder(`/tmp/${'ü'.repeat(80)}x`))).toBe(true);
  });
  it('numbers a taken name and stays within 64 characters', () => {
    expect(uniqueName('api', new Set())).toBe('api');
    expect(uniqueName('api', new Set(['api', 'api-2']))).toBe('api-3');
    expect(uniqueName('x'.repeat(64), new Set(['x'.repeat(64)]))).toHaveLength(64);
  });
});
