// Claude Code's own permission suggestions, as the real CLI (2.1.197) sent them, made choices the
// person can take for one session; anything else (another tool, a deny, a relative folder) is not
// offered, and a taken choice is what the hook tells Claude Code to add.
import { describe, expect, it } from 'vitest';
import { asSessionRule, sessionChoices } from '../../../protocol/permission-suggestions.js';
import { hookDecisionOutput, type PermissionRequest } from '../../../protocol/permissions.js';

const bashRule = {
  type: 'addRules',
  rules: [{ toolName: 'Bash', ruleContent: 'npm test *' }],
  behavior: 'allow',
  destination: 'localSettings',
};
const acceptEdits = { type: 'setMode', mode: 'acceptEdits', destination: 'session' };
const outsideFolder = { type: 'addDirectories', directories: ['/tmp/sb-perm-x'], destination: 'session' };

describe('permission suggestions', () => {
  it("offers the CLI's own rules, for this session whatever destination it proposed", () => {
    const choices = sessionChoices('Bash', [outsideFolder, acceptEdits, bashRule]);
    expect(choices.map((c) => [c.index, c.label])).toEqual([
      [0, '/tmp/sb-perm-x'],
      [1, 'accept every edit'],
      [2, 'npm test *'],
    ]);
    expect(choices[2]!.rule).toEqual({ ...bashRule, destination: 'session' });
  });

  it('never offers a rule for another tool, a deny, a folder that is not absolute, or junk', () => {
    const other = { ...bashRule, rules: [{ toolName: 'Write' }] };
    const deny = { ...bashRule, behavior: 'deny' };
    const relative = { ...outsideFolder, directories: ['src'] };
    expect(
      sessionChoices('Bash', [other, deny, relative, null, 'x', { type: 'addRules', rules: [] }]),
    ).toEqual([]);
    expect(asSessionRule('Bash', { ...bashRule, rules: [{ toolName: 'Bash', ruleContent: 7 }] })).toBeNull();
  });

  it('a taken rule is what the hook answer adds; without one, the whole tool', () => {
    const request = {
      toolName: 'Bash',
      state: 'allowed',
      scope: 'session',
      updatedInput: null,
      message: null,
      sessionRule: asSessionRule('Bash', bashRule),
    } as unknown as PermissionRequest;
    expect(hookDecisionOutput(request)).toMatchObject({
      hookSpecificOutput: {
        decision: {
          behavior: 'allow',
          updatedPermissions: [{ ...bashRule, destination: 'session' }],
        },
      },
    });
    expect(hookDecisionOutput({ ...request, sessionRule: null })).toMatchObject({
      hookSpecificOutput: {
        decision: {
          updatedPermissions: [{ type: 'addRules', rules: [{ toolName: 'Bash' }], destination: 'session' }],
        },
      },
    });
  });
});
