import type { TextRange } from '../../../protocol/voice.js';
import { withHighlightMarkers } from './highlight-markers.js';
import { markdownToHtml } from './markdown-html.js';
import { createSanitizer, type PageWindow, type Sanitizer } from './sanitize.js';

/**
 * A session's Markdown as sanitized HTML, the only HTML from a session the page ever renders
 * (through lit's unsafeHTML, in sb-transcript). Rendered texts are cached: the transcript renders
 * again several times a second while speech plays, and only the entry being spoken changes.
 */
export class MarkdownRenderer {
  private readonly sanitizer: Sanitizer;
  private readonly cache = new Map<string, string>();
  /** The entry being spoken renders on every frame; its range changes once a sentence. */
  private spoken: { source: string; start: number; end: number; html: string } | null = null;

  constructor(
    window: PageWindow = globalThis.window,
    private readonly cacheSize = 500,
  ) {
    this.sanitizer = createSanitizer(window);
  }

  /** `highlight`: the range of `source` being spoken, drawn as <mark>. */
  render(source: string, highlight: TextRange | null = null): string {
    const last = this.spoken;
    if (
      highlight !== null &&
      last?.source === source &&
      last.start === highlight.start &&
      last.end === highlight.end
    )
      return last.html;
    const marked = withHighlightMarkers(source, highlight);
    if (marked !== null && highlight !== null) {
      const html = this.sanitizer.sanitize(markdownToHtml(marked));
      this.spoken = { source, start: highlight.start, end: highlight.end, html };
      return html;
    }
    const cached = this.cache.get(source);
    if (cached !== undefined) return cached;
    const html = this.sanitizer.sanitize(markdownToHtml(source));
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(source, html);
    return html;
  }
}
