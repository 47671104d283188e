import DOMPurify, { type Config } from 'dompurify';
import { MARK_END, MARK_START } from './highlight-markers.js';

/**
 * The last word on what HTML a session's text may become: DOMPurify with an allow-list of the
 * elements Markdown makes (no forms, media, frames, SVG, MathML, styles or scripts; no event or
 * style attributes; URLs only http:, https: and mailto:). markdown-html.ts already escapes every
 * tag it did not make itself; this catches whatever that layer ever lets through.
 */
const CONFIG: Config = {
  ALLOWED_TAGS: [
    'a',
    'blockquote',
    'br',
    'code',
    'del',
    'em',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'li',
    'mark',
    'ol',
    'p',
    'pre',
    'strong',
    'table',
    'tbody',
    'td',
    'th',
    'thead',
    'tr',
    'ul',
  ],
  ALLOWED_ATTR: ['href', 'title', 'align', 'start'],
  ALLOWED_URI_REGEXP: /^(?:https?:\/\/|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};

/** Block-level parents and siblings: a <mark> of bare whitespace there would draw an empty line. */
const BLOCKS = new Set([
  'BLOCKQUOTE',
  'BODY',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'TABLE',
  'TBODY',
  'TD',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

/** A browser window with its constructors (DOMParser, NodeFilter), as the page's `window` is. */
export type PageWindow = Window & typeof globalThis;

export type Sanitizer = {
  /** Sanitized HTML, the highlight markers (if any) turned into <mark> elements. */
  sanitize(html: string): string;
};

/** A DOMPurify instance of its own (its hooks touch no other user of DOMPurify). */
export function createSanitizer(window: PageWindow): Sanitizer {
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    // A link opens beside the conversation and tells the site neither where it came from nor
    // gives it a handle on this page (window.opener).
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return {
    sanitize(html) {
      const marked = html.includes(MARK_START) ? wrapMarkers(window, html) : html;
      return purify.sanitize(marked, CONFIG);
    },
  };
}

/**
 * Wraps the text between the markers in <mark> elements (one per text node, so the highlight
 * can cross element boundaries), and removes every marker, also from attributes (a bare URL's
 * href can hold one). The HTML is parsed in an inert document: nothing in it runs or loads.
 * Without both markers, in order, in the text, there is no highlight at all.
 */
function wrapMarkers(window: PageWindow, html: string): string {
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  const strip = (text: string) => text.replaceAll(MARK_START, '').replaceAll(MARK_END, '');
  for (const element of Array.from(doc.body.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.value.includes(MARK_START) || attribute.value.includes(MARK_END))
        attribute.value = strip(attribute.value);
    }
  }
  const walker = doc.createTreeWalker(doc.body, window.NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) texts.push(node as Text);
  const all = texts.map((t) => t.data).join('');
  const starts = all.indexOf(MARK_START);
  const paired = starts >= 0 && all.indexOf(MARK_END, starts) > starts;

  let inside = false;
  for (const node of texts) {
    if (!inside && !node.data.includes(MARK_START) && !node.data.includes(MARK_END)) continue;
    if (!paired) {
      node.data = strip(node.data);
      continue;
    }
    const parts: Node[] = [];
    let run = '';
    const flush = () => {
      if (run === '') return;
      if (inside && (run.trim() !== '' || phrasing(node))) {
        const mark = doc.createElement('mark');
        mark.textContent = run;
        parts.push(mark);
      } else {
        parts.push(doc.createTextNode(run));
      }
      run = '';
    };
    for (const ch of node.data) {
      if (ch === MARK_START || ch === MARK_END) {
        flush();
        inside = ch === MARK_START;
      } else {
        run += ch;
      }
    }
    flush();
    node.replaceWith(...parts);
  }
  return doc.body.innerHTML;
}

/** Whitespace between two inline things (it shows, so the highlight covers it). */
function phrasing(node: Text): boolean {
  const isBlock = (n: Node | null) => n === null || BLOCKS.has(n.nodeName);
  return !isBlock(node.parentNode) || !(isBlock(node.previousSibling) || isBlock(node.nextSibling));
}
