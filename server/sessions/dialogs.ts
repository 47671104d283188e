import type { DialogKind, SessionDialog } from '../../protocol/session.js';

/**
 * Start-up dialogs of Claude Code, recognised on a `capture-pane` screen. Each is identified by
 * phrases that stay stable across versions; the fixtures in tests/fixtures/screens pin them.
 */
const SIGNATURES: { kind: DialogKind; phrases: RegExp[] }[] = [
  {
    kind: 'trust_folder',
    phrases: [/Yes, I trust this folder/i, /Do you trust the files in this folder/i, /Accessing workspace/i],
  },
  { kind: 'api_key', phrases: [/Detected a custom API key/i, /Do you want to use this API key/i] },
  {
    kind: 'onboarding',
    phrases: [
      /Choose the text style/i,
      /Let's get started/i,
      /Select login method/i,
      /Security notes:/i,
      // Onboarding's own connectivity check, which fails offline: the person must see why it waits.
      /Unable to connect to Anthropic services/i,
    ],
  },
];

const OPTION_LINE = /^\s*(?:[❯>›]\s*)?(\d)\.\s+(.+?)\s*$/u;

/** The dialog on this screen, or null when none of the known start-up dialogs is showing. */
export function detectDialog(screen: string): SessionDialog | null {
  const signature = SIGNATURES.find(({ phrases }) => phrases.some((phrase) => phrase.test(screen)));
  if (signature === undefined) return null;
  return { kind: signature.kind, text: dialogText(screen), options: dialogOptions(screen) };
}

/** Numbered choices in screen order: ["Yes, I trust this folder", "No, exit"]. */
export function dialogOptions(screen: string): string[] {
  const options: string[] = [];
  for (const line of screen.split('\n')) {
    const match = OPTION_LINE.exec(stripBoxDrawing(line));
    if (match?.[1] !== undefined && match[2] !== undefined && Number(match[1]) === options.length + 1) {
      options.push(match[2]);
    }
  }
  return options;
}

/** Which option the dialog's cursor (❯) is on, 1-based, or null. */
export function highlightedOption(screen: string): number | null {
  for (const line of screen.split('\n')) {
    const match = /^\s*[❯>›]\s*(\d)\./u.exec(stripBoxDrawing(line));
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return null;
}

function stripBoxDrawing(line: string): string {
  return line.replace(/[│┃╭╮╰╯─━]/gu, ' ');
}

/** The screen without blank lines and box borders, for showing the dialog to a person. */
function dialogText(screen: string): string {
  return screen
    .split('\n')
    .map((line) => stripBoxDrawing(line).trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
