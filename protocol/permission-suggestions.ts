/**
 * Claude Code's own suggestions for a permission prompt (`permission_suggestions` of its
 * PermissionRequest hook), made something the person can pick: "Always allow `npm test *` in this
 * session" instead of the whole tool. Seen from Claude Code 2.1.197 (tests pin them):
 *   Bash  -> {type: "addRules", rules: [{toolName: "Bash", ruleContent: "npm test *"}],
 *             behavior: "allow", destination: "localSettings"}
 *   Write -> {type: "setMode", mode: "acceptEdits", destination: "session"}
 *   Bash touching a file outside the folder -> {type: "addDirectories", directories: [dir],
 *             destination: "session"} and the setMode above
 * Whatever destination Claude Code proposed, the hub applies a choice to this session only: the
 * person decides for the session in front of them, never for the project's settings files.
 * Shared by the hub (which applies a choice) and the page (which offers them). Pure.
 */

export type SessionRule =
  | {
      type: 'addRules';
      rules: { toolName: string; ruleContent?: string }[];
      behavior: 'allow';
      destination: 'session';
    }
  | { type: 'setMode'; mode: 'acceptEdits'; destination: 'session' }
  | { type: 'addDirectories'; directories: string[]; destination: 'session' };

export type SuggestionChoice = {
  /** Index into the request's suggestions: what the decision names. */
  index: number;
  /** What the person reads: "npm test *", "Bash", "accept every edit". */
  label: string;
  rule: SessionRule;
};

/** The suggestions the person can take for this session, each with its index and words. */
export function sessionChoices(toolName: string, suggestions: readonly unknown[]): SuggestionChoice[] {
  const choices: SuggestionChoice[] = [];
  suggestions.forEach((suggestion, index) => {
    const rule = asSessionRule(toolName, suggestion);
    if (rule !== null) choices.push({ index, label: labelOf(rule), rule });
  });
  return choices;
}

/** The rule for one suggestion, or null when it is not one the hub applies (for another tool, a deny…). */
export function asSessionRule(toolName: string, suggestion: unknown): SessionRule | null {
  if (typeof suggestion !== 'object' || suggestion === null) return null;
  const s = suggestion as Record<string, unknown>;
  if (s.type === 'setMode' && s.mode === 'acceptEdits') {
    return { type: 'setMode', mode: 'acceptEdits', destination: 'session' };
  }
  if (s.type === 'addDirectories') {
    const dirs = s.directories;
    if (!Array.isArray(dirs) || dirs.length === 0 || dirs.length > 20) return null;
    if (!dirs.every((d) => typeof d === 'string' && d.startsWith('/') && d.length <= 1_000)) return null;
    return { type: 'addDirectories', directories: dirs as string[], destination: 'session' };
  }
  if (s.type !== 'addRules' || s.behavior !== 'allow' || !Array.isArray(s.rules) || s.rules.length === 0)
    return null;
  const rules: { toolName: string; ruleContent?: string }[] = [];
  for (const item of s.rules as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const r = item as Record<string, unknown>;
    // A prompt for one tool never opens another.
    if (r.toolName !== toolName) return null;
    if (r.ruleContent !== undefined && (typeof r.ruleContent !== 'string' || r.ruleContent.length > 500))
      return null;
    rules.push(r.ruleContent === undefined ? { toolName } : { toolName, ruleContent: r.ruleContent });
  }
  return { type: 'addRules', rules, behavior: 'allow', destination: 'session' };
}

function labelOf(rule: SessionRule): string {
  if (rule.type === 'setMode') return 'accept every edit';
  if (rule.type === 'addDirectories') return rule.directories.join(', ');
  return rule.rules.map((r) => r.ruleContent ?? `all ${r.toolName}`).join(', ');
}
