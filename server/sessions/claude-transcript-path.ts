import { join } from 'node:path';

/**
 * Where Claude Code saves a conversation, for a session no hook has told the hub about (its hooks'
 * `transcript_path` is the first choice): `<config dir>/projects/<cwd>/<session id>.jsonl`, the
 * config dir being CLAUDE_CONFIG_DIR or ~/.claude, and the folder name the cwd with every character
 * outside [A-Za-z0-9] turned into `-` (past 200 characters cut, with a hash of the whole path:
 * read from the 2.1.197 bundle, as tests/support/claude-home.ts projectDirName).
 */
export function claudeTranscriptPath(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  claudeSessionId: string,
): string | null {
  const configDir = env.CLAUDE_CONFIG_DIR ?? (env.HOME === undefined ? undefined : join(env.HOME, '.claude'));
  if (configDir === undefined) return null;
  return join(configDir, 'projects', projectFolderName(cwd), `${claudeSessionId}.jsonl`);
}

function projectFolderName(cwd: string): string {
  const name = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (name.length <= 200) return name;
  let hash = 0;
  for (let i = 0; i < cwd.length; i++) hash = ((hash << 5) - hash + cwd.charCodeAt(i)) | 0;
  return `${name.slice(0, 200)}-${Math.abs(hash).toString(36)}`;
}
