import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

/**
 * `electron-vite build`: the lobby shell's main process. The window loads the lobby page the hub serves; the
 * shell adds what a browser cannot: sound without a click, full screen, and a reload when the renderer crashes.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The workspace packages ship TypeScript source: bundle them; real npm dependencies stay external.
      externalizeDeps: { exclude: ['@hallq/client'] },
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/index.ts') } },
    },
  },
});
