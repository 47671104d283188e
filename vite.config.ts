import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The page: web/ -> dist/web/. The hub serves dist/web/index.html at `/` (with the token put in),
 * dist/web/app/* at /app/* and the flat files of web/public at the root. `/assets/` belongs to the
 * hub (the VAD model and the ONNX runtime's WebAssembly), so nothing of ours may land there.
 */
const hub = process.env.SWITCHBOARD_DEV_HUB ?? 'http://127.0.0.1:3460';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  base: '/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'app',
    target: 'es2022',
    sourcemap: false,
    // onnxruntime-web is loaded only once audio is enabled, in its own chunk.
    chunkSizeWarningLimit: 700,
  },
  // `npx vite` for development: the hub answers the API, the socket and its own assets.
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': hub,
      '/assets': hub,
      '/ws': { target: hub.replace(/^http/, 'ws'), ws: true },
    },
  },
});
