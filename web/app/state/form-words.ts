/**
 * The hub names a request's fields as its API does (`cwd`); a form names them as its labels do
 * ("Folder"). This puts the hub's sentence into the form's words, so an error points at a field
 * the person can see.
 */

export type FieldIssue = { path: string; message: string };

/** The New session dialog's labels for the fields of `POST /api/sessions`. */
export const NEW_SESSION_LABELS: Readonly<Record<string, string>> = {
  cwd: 'Folder',
  name: 'Name',
  voice: 'Voice',
  prompt: 'First prompt',
};

/**
 * "Folder does not exist: "~/x"" for the hub's `cwd does not exist: "~/x"`. Issues on fields the
 * form has no label for keep the hub's name; without issues, the hub's sentence stands.
 */
export function inFormWords(
  error: { message: string; issues: readonly FieldIssue[] },
  labels: Readonly<Record<string, string>>,
): string {
  if (error.issues.length === 0) return error.message;
  return error.issues.map((issue) => `${labels[issue.path] ?? issue.path} ${issue.message}`).join('; ');
}
