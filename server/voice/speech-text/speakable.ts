/**
 * Turns what a model writes (Markdown, code, URLs, paths) into what a person wants to hear.
 * Pure functions; the rules are deliberately conservative: drop what cannot be spoken well and
 * say where it is, rather than read symbols aloud.
 */
import { MappedText } from './mapped-text.js';

const FENCED_CODE = /```[^\n]*\n[\s\S]*?(```|$)/g;
const INLINE_CODE = /`([^`\n]+)`/g;
const MARKDOWN_LINK = /\[([^\]]+)\]\((?:[^)\s]+)\)/g;
const URL = /\bhttps?:\/\/[^\s)>\]]+/gi;
const PATH = /(?<![\w@])(?:~|\.{1,2})?(?:\/[\w.@-]+){2,}\/?/g;

export function makeSpeakable(text: string): string {
  return makeSpeakableMapped(text).text;
}

/** makeSpeakable, keeping where each spoken character came from (for the page's highlight). */
export function makeSpeakableMapped(text: string): MappedText {
  return (
    MappedText.of(text)
      .replace(FENCED_CODE, (block) => `\n${speakCodeBlock(block)}\n`)
      .replace(MARKDOWN_LINK, '$1')
      .replace(URL, (url) => ` ${speakUrl(url)} `)
      .replace(INLINE_CODE, (_m, code: string) => (looksLikePath(code) ? speakPath(code) : code))
      .replace(PATH, (path) => speakPath(path))
      // Headings, emphasis, list bullets, block quotes, table pipes.
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/^\s*>\s?/gm, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])/g, '$1')
      .replace(/^[ \t]*\|?[ \t:|-]+\|[ \t:|-]*$/gm, '')
      .replace(/^[ \t]*\|(.*?)\|?[ \t]*$/gm, (_m, row: string) =>
        row
          .split('|')
          .map((cell) => cell.trim())
          .join(', '),
      )
      // Each line's blanks collapsed and trimmed, empty lines dropped (no `m` flag: it would
      // also treat \r as a line end, and lines are split at \n only).
      .replace(/[ \t]+/g, ' ')
      .replace(/(?<=^|\n)[^\S\n]+|[^\S\n]+(?=\n|$)/g, '')
      .replace(/\n{2,}/g, '\n')
      .replace(/^\n+|\n+$/g, '')
  );
}

/** A one-line snippet is read as is; anything longer is only announced. */
function speakCodeBlock(block: string): string {
  const lines = block
    .split('\n')
    .slice(1)
    .filter((line) => !line.startsWith('```') && line.trim() !== '');
  const only = lines[0]?.trim();
  return lines.length === 1 && only !== undefined && only.length <= 60
    ? only
    : "There's a code block on screen.";
}

/** "https://github.com/org/repo/pull/12" -> "a link to github.com". */
function speakUrl(url: string): string {
  try {
    return `a link to ${new globalThis.URL(url).hostname.replace(/^www\./, '')}`;
  } catch {
    return 'a link';
  }
}

function looksLikePath(text: string): boolean {
  return /^(?:~|\.{1,2})?\/?(?:[\w.@-]+\/)+[\w.@-]*$/.test(text);
}

/** "/home/me/src/api/server.ts" -> "server.ts in api": the part a listener can follow. */
function speakPath(path: string): string {
  const parts = path
    .split('/')
    .filter((part) => part !== '' && part !== '~' && part !== '.' && part !== '..');
  const file = parts.at(-1);
  const folder = parts.at(-2);
  if (file === undefined) return path;
  return folder === undefined ? file : `${file} in ${folder}`;
}
