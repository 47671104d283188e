import { svg, type SVGTemplateResult } from 'lit';

/** Line icons (24x24, stroked with currentColor); decorative: buttons carry the accessible name. */
const icon = (body: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;

export const icons = {
  mic: icon(svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>`),
  stop: icon(svg`<rect x="6" y="6" width="12" height="12" rx="2"/>`),
  speaker: icon(svg`<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M17 9a4 4 0 0 1 0 6"/>`),
  muted: icon(svg`<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="m17 9 4 6m0-6-4 6"/>`),
  handsFree: icon(
    svg`<path d="M3 14v-2a9 9 0 0 1 18 0v2"/><rect x="3" y="14" width="4" height="6" rx="1.5"/><rect x="17" y="14" width="4" height="6" rx="1.5"/>`,
  ),
  plus: icon(svg`<path d="M12 5v14M5 12h14"/>`),
  close: icon(svg`<path d="m6 6 12 12M18 6 6 18"/>`),
  chat: icon(svg`<path d="M4 5h16v11H9l-5 4z"/>`),
  roster: icon(svg`<path d="M4 6h16M4 12h16M4 18h16"/>`),
  history: icon(svg`<path d="M3 12a9 9 0 1 0 3-6.7L3 8"/><path d="M3 3v5h5M12 7v5l3 3"/>`),
  send: icon(svg`<path d="m4 12 16-8-6 16-2-6z"/>`),
  play: icon(svg`<path d="M7 5v14l12-7z"/>`),
  folder: icon(svg`<path d="M3 6h6l2 2h10v11H3z"/>`),
  sliders: icon(
    svg`<path d="M4 7h10M18 7h2M4 17h4M12 17h8"/><circle cx="16" cy="7" r="2"/><circle cx="10" cy="17" r="2"/>`,
  ),
  shield: icon(svg`<path d="M12 3 4 6v6c0 4.6 3.4 8.2 8 9 4.6-.8 8-4.4 8-9V6z"/><path d="m9 12 2 2 4-4"/>`),
  mail: icon(svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`),
  terminal: icon(svg`<rect x="3" y="4" width="18" height="16" rx="2"/><path d="m7 9 3 3-3 3M12 15h5"/>`),
  warning: icon(svg`<path d="M12 3 2 20h20z"/><path d="M12 10v4M12 17v.5"/>`),
};
