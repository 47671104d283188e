import { execa } from 'execa';

/**
 * Opens `url` in the person's browser: `$BROWSER` when set (the usual convention), else the
 * platform's opener. On a machine without a desktop (ssh, a server) there is none, and false
 * says so; the caller has printed the URL anyway.
 */
export async function openInBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const command = opener(env);
  if (command === null) return false;
  try {
    const child = execa(command[0], [...command.slice(1), url], { detached: true, stdio: 'ignore' });
    child.unref();
    await Promise.race([child, new Promise((done) => setTimeout(done, 1_000))]);
    return true;
  } catch {
    return false;
  }
}

function opener(env: NodeJS.ProcessEnv): [string, ...string[]] | null {
  if (env.BROWSER !== undefined && env.BROWSER.trim() !== '') return [env.BROWSER.trim()];
  if (process.platform === 'darwin') return ['open'];
  if (process.platform === 'win32') return ['explorer.exe'];
  return env.DISPLAY !== undefined || env.WAYLAND_DISPLAY !== undefined ? ['xdg-open'] : null;
}
