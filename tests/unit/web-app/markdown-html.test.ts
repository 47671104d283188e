// Issue 13, point 3: a session's replies are Markdown. This is the first layer (marked, with
// every tag it did not make escaped); the sanitizer behind it runs in a browser and is checked
// with the XSS cases in tests/e2e/page-markdown.test.ts.
import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START, withHighlightMarkers } from '../../../web/app/markdown/highlight-markers.js';
import { markdownToHtml, safeHref } from '../../../web/app/markdown/markdown-html.js';

describe('Markdown to HTML', () => {
  it('puts fenced code in <pre><code>, escaped, and inline code in <code>', () => {
    expect(markdownToHtml('```ts\nif (a < b) x();\n```')).toBe(
      '<pre><code>if (a &lt; b) x();</code></pre>\n',
    );
    expect(markdownToHtml('Run `npm test` now.')).toBe('<p>Run <code>npm test</code> now.</p>\n');
  });

  it('makes lists, emphasis and links to http(s) and mailto', () => {
    const html = markdownToHtml('- **one**\n- [docs](https://example.com/d "Docs")\n- mailto:me@example.com');
    expect(html).toContain('<li><strong>one</strong></li>');
    expect(html).toContain('<a href="https://example.com/d" title="Docs">docs</a>');
    expect(html).toContain('<a href="mailto:me@example.com">');
  });

  it('shows raw HTML as text: no tag a session writes becomes an element', () => {
    for (const attack of [
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 1">',
      '<a href="https://example.com" onclick="window.__pwned = 1">x</a>',
      '<iframe src="https://example.com"></iframe>',
      '<svg><script>window.__pwned = 1</script></svg>',
      'text <style>body{display:none}</style> more',
      'inline <b onmouseover="x()">bold</b>',
    ]) {
      const html = markdownToHtml(attack);
      expect(html, attack).not.toMatch(/<(?!\/?(?:p|code|pre)>)[a-z]/i);
    }
  });

  it('keeps only the words of a link to anything but http(s) or mailto', () => {
    expect(markdownToHtml('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
    expect(markdownToHtml('[x](java\tscript:alert(1))')).not.toContain('href');
    expect(markdownToHtml('[x](data:text/html,hi)')).toBe('<p>x</p>\n');
    expect(markdownToHtml('[x](/api/sessions)')).toBe('<p>x</p>\n');
  });

  it('shows an image as a link, never loading it', () => {
    expect(markdownToHtml('![chart](https://example.com/c.png)')).toBe(
      '<p><a href="https://example.com/c.png">Image: chart</a></p>\n',
    );
  });

  it('judges a scheme as a browser would, after stripping controls and spaces', () => {
    expect(safeHref(' https://example.com')).toBe('https://example.com');
    expect(safeHref('\u0001javascript:alert(1)')).toBeNull();
    expect(safeHref('JAVASCRIPT:alert(1)')).toBeNull();
  });
});

describe('highlight markers', () => {
  const marked = (source: string, start: number, end: number) =>
    withHighlightMarkers(source, { start, end })?.replace(MARK_START, '[').replace(MARK_END, ']');

  it('wraps the range, and the range survives rendering as text inside the paragraph', () => {
    const source = 'Done. See https://example.com/a for details. Next.';
    expect(marked(source, 6, 44)).toBe('Done. [See https://example.com/a for details.] Next.');
    const html = markdownToHtml(withHighlightMarkers(source, { start: 6, end: 44 }) as string);
    expect(html).toContain(`${MARK_START}See <a href="https://example.com/a">`);
    expect(html).toContain(`details.${MARK_END}`);
  });

  it('keeps a bare URL whole: its trailing full stop stays outside the marker', () => {
    expect(marked('See https://example.com/a.', 0, 26)).toBe('[See https://example.com/a].');
  });

  it("starts after a line's syntax (bullet, heading) so the line still parses", () => {
    expect(marked('- **Fix** it.', 0, 13)).toBe('- [**Fix** it.]');
    expect(marked('## Plan', 0, 7)).toBe('## [Plan]');
    expect(markdownToHtml(withHighlightMarkers('- **Fix** it.', { start: 0, end: 13 }) as string)).toContain(
      '<strong>Fix</strong>',
    );
  });

  it('highlights a code block by its code, not its fences', () => {
    const source = 'Here:\n```\na = 1\n```\nDone.';
    expect(marked(source, 6, 19)).toBe('Here:\n```\n[a = 1]\n```\nDone.');
  });

  it('gives no highlight for no range and neutralises marker characters the text holds', () => {
    expect(withHighlightMarkers('abc', null)).toBeNull();
    expect(withHighlightMarkers(`a${MARK_START}b`, { start: 0, end: 1 })).toBe(
      `${MARK_START}a${MARK_END}\ufffdb`,
    );
  });
});
