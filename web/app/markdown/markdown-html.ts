import { Marked, type Tokens } from 'marked';

/**
 * What a session writes, as HTML: Markdown (GitHub flavour: tables, strikethrough, task lists,
 * bare URLs as links) and nothing else. A session's text is data: it may carry anything a
 * prompt injection put in it, so this first layer already refuses all markup it did not make
 * itself; the sanitizer (sanitize.ts) checks the result again with an allow-list.
 *
 * Decisions, all deliberate:
 * - Raw HTML in the Markdown is shown as text, never parsed (`<b>` reads as `<b>`).
 * - Links only to http:, https: and mailto: (no javascript:, data:, relative links to the hub's
 *   own routes); any other link is its words only.
 * - No images: a remote image loads without a click, which tells its server that the page is
 *   open and can carry data out in its URL (the classic exfiltration by Markdown image). An
 *   image shows as a link with its description, opened only by the person.
 * - Task-list boxes as ☐/☑ characters (no form controls in a conversation).
 * - No syntax colouring (no highlighter library is kept); code is monospaced in <pre><code>.
 */
export function markdownToHtml(source: string): string {
  return marked.parse(source, { async: false });
}

/** The href a link may have, or null when it must not be a link. */
export function safeHref(href: string): string | null {
  // What a browser would strip before reading the scheme (controls, spaces), so "java\tscript:"
  // is judged as it would be followed.
  // eslint-disable-next-line no-control-regex
  const plain = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return /^(?:https?:\/\/|mailto:)/i.test(plain) ? plain : null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Like escapeHtml, but an entity the writer wrote (`&amp;`, `&#60;`) stays one. */
function escapeKeepingEntities(text: string): string {
  return text.replace(/[<>"']|&(?!#\d{1,7};|#[Xx][a-fA-F0-9]{1,6};|\w+;)/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// Stateless once configured (marked keeps no state between parse calls on an instance).
const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    text(token: Tokens.Text | Tokens.Escape): string {
      if ('tokens' in token && token.tokens !== undefined) return this.parser.parseInline(token.tokens);
      // marked marks the text after a raw <script>/<pre> tag `escaped` and passes it on as it
      // is; nothing is raw here. Other text may hold entities (`&amp;`), which stay entities.
      return 'escaped' in token && token.escaped ? escapeHtml(token.text) : escapeKeepingEntities(token.text);
    },
    code({ text }: Tokens.Code): string {
      return `<pre><code>${escapeHtml(text.replace(/\n$/, ''))}</code></pre>\n`;
    },
    codespan({ text }: Tokens.Codespan): string {
      return `<code>${escapeHtml(text)}</code>`;
    },
    link({ href, title, tokens }: Tokens.Link): string {
      const words = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      if (safe === null) return words;
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(safe)}"${titled}>${words}</a>`;
    },
    image({ href, text }: Tokens.Image): string {
      const label = `Image: ${text.trim() === '' ? 'no description' : text}`;
      const safe = safeHref(href);
      return safe === null ? escapeHtml(label) : `<a href="${escapeHtml(safe)}">${escapeHtml(label)}</a>`;
    },
    checkbox({ checked }: Tokens.Checkbox): string {
      return checked ? '☑ ' : '☐ ';
    },
  },
});
