import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDialog, highlightedOption } from '../../../server/sessions/dialogs.js';

/** Real capture-pane screens of Claude Code 2.1.197 (see tests/fixtures/screens/README.md). */
const screen = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'screens', `${name}.txt`), 'utf8');

describe('start-up dialog detection on real screens', () => {
  it('recognises the workspace trust dialog, its options and the highlighted one', () => {
    const s = screen('trust-folder');
    expect(detectDialog(s)).toMatchObject({
      kind: 'trust_folder',
      options: ['Yes, I trust this folder', 'No, exit'],
    });
    expect(detectDialog(s)?.text).toContain('Accessing workspace:');
    expect(highlightedOption(s)).toBe(1);
  });

  it('recognises the custom API key dialog, whose default is No', () => {
    const s = screen('custom-api-key');
    expect(detectDialog(s)).toMatchObject({ kind: 'api_key', options: ['Yes', 'No (recommended)'] });
    expect(highlightedOption(s)).toBe(2);
  });

  it('recognises each onboarding step', () => {
    expect(detectDialog(screen('onboarding-theme'))).toMatchObject({ kind: 'onboarding' });
    expect(detectDialog(screen('onboarding-theme'))?.options).toHaveLength(7);
    expect(detectDialog(screen('onboarding-security-notes'))?.kind).toBe('onboarding');
    expect(detectDialog(screen('onboarding-offline-preflight'))?.kind).toBe('onboarding');
  });

  it.each(['ready', 'busy', 'permission-mcp-tool', 'permission-write-file'])(
    'sees no start-up dialog on the %s screen',
    (name) => {
      expect(detectDialog(screen(name))).toBeNull();
    },
  );
});
