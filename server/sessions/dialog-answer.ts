import { AppError } from '../errors.js';
import { detectDialog } from './dialogs.js';
import type { SessionService } from './session-service.js';
import type { Tmux } from '../tmux/tmux.js';

/**
 * A person's answer to a start-up dialog: the hub re-reads the screen first and types the
 * option's number only if that dialog, with that option, is still showing.
 */
export async function answerDialog(
  sessions: SessionService,
  tmux: Tmux,
  id: string,
  option: number,
): Promise<void> {
  const record = sessions.record(id);
  const dialog = detectDialog(await tmux.capturePane(record.tmuxSession));
  if (dialog === null) throw new AppError('conflict', `Session "${record.name}" shows no dialog now.`);
  if (option > dialog.options.length) {
    throw new AppError(
      'validation_failed',
      `The dialog has ${dialog.options.length} options; got ${option}.`,
      {
        issues: [{ path: 'option', message: `must be between 1 and ${dialog.options.length}` }],
      },
    );
  }
  await tmux.sendKeys(record.tmuxSession, [String(option)]);
}
