/** Vite's `?inline` imports: a stylesheet's text, to adopt into a shadow root (xterm.css here). */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
