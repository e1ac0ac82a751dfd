import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

/**
 * `electron-vite build`: the counter shell's main process and its preload. The renderer is not bundled into the
 * shell: the window loads the counter page the hub serves, so a terminal always runs the hall's current version.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['@hallq/protocol', '@hallq/client'] },
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
});
