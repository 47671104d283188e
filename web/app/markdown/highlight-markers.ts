import type { TextRange } from '../../../protocol/voice.js';

/**
 * The spoken sentence's range is in the Markdown source; the highlight is drawn in the rendered
 * HTML. Two marker characters are put into the source at the range's ends, the source is rendered,
 * and the text between the markers is wrapped in <mark> (sanitize.ts). marked has no source
 * positions; markers travel through it as ordinary text.
 *
 * The markers are Unicode punctuation (Po), chosen because marked's emphasis rules treat
 * punctuation next to `*`/`_` like "(" or ",": `**bold**` and `_em_` still parse with a marker
 * beside them. Markdown decides some things by what starts or ends a line, so a marker must not
 * land there: the ends are moved into the content first (a fence's code, a table row's cells,
 * a bare URL without its trailing full stop). Where no safe place exists the highlight is left
 * out (null), never the rendering broken.
 */
export const MARK_START = '\u2e44';
export const MARK_END = '\u2e45';

/** The source with the markers at the range's ends, or null when it cannot be highlighted. */
export function withHighlightMarkers(source: string, range: TextRange | null): string | null {
  if (range === null) return null;
  // A marker character the text holds itself becomes U+FFFD, keeping every offset.
  const text = source.replace(/[\u2e44\u2e45]/g, '\ufffd');
  const start = snapStart(text, Math.max(0, Math.min(range.start, text.length)));
  const end = start === null ? null : snapEnd(text, Math.max(0, Math.min(range.end, text.length)));
  if (start === null || end === null || end <= start) return null;
  return text.slice(0, start) + MARK_START + text.slice(start, end) + MARK_END + text.slice(end);
}

const FENCE_LINE = /^ {0,3}(?:`{3,}|~{3,})/;
/** A line's opening syntax: indentation, quote marks, list bullets, heading marks, a table's pipe. */
const LINE_SYNTAX = /^[ \t]*(?:(?:>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+|#{1,6}[ \t]+)[ \t]*)*\|?[ \t]*/;
/** What GFM drops from the end of a bare URL (so the link stops before it). */
const URL_TAIL = /(?:https?:\/\/|www\.)[^\s<]*?([?!.,:;*_'"~)]+)$/i;

function snapStart(text: string, at: number): number | null {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const line = text.slice(lineStart, lineEnd(text, at));
  if (FENCE_LINE.test(line)) {
    // A code block: its code, from the line after the fence.
    const next = text.indexOf('\n', lineStart);
    return next < 0 ? null : next + 1;
  }
  const syntax = LINE_SYNTAX.exec(line)?.[0].length ?? 0;
  let start = Math.max(at, lineStart + syntax);
  // GFM links "www." only after a space or a line start: keep the space on the marker's far side.
  if (/^www\./i.test(text.slice(start))) {
    if (start > lineStart && /[ \t]/.test(text[start - 1] ?? '')) start--;
    else return null;
  }
  return start;
}

function snapEnd(text: string, at: number): number | null {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  if (FENCE_LINE.test(before) && text.slice(at, lineEnd(text, at)).trim() === '') {
    // After a closing fence: the end of the code's last line instead.
    return lineStart > 0 ? lineStart - 1 : null;
  }
  let end = at;
  // A table row's closing pipe: a marker after it would make a cell of its own.
  if (/^[ \t]*\|/.test(before)) end -= /[ \t]*\|[ \t]*$/.exec(before)?.[0].length ?? 0;
  const url = URL_TAIL.exec(text.slice(lineStart, end));
  if (url !== null) end -= url[1]?.length ?? 0;
  return end;
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}
