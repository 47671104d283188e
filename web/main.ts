// The page's entry point: defining <sb-app> (and through it every component) starts the page.
import './app/components/sb-app.js';
