import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * `electron-vite build`: the shell's main process, its preload, the device agent (run as a utility process) and
 * the renderer (the same one the hub serves at /kiosk/).
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The workspace packages ship TypeScript source: bundle them; real npm dependencies stay external.
      externalizeDeps: { exclude: ['@hallq/devices', '@hallq/protocol', '@hallq/client'] },
      rollupOptions: {
        input: {
          main: resolve(import.meta.dirname, 'electron/main.ts'),
          agent: resolve(import.meta.dirname, 'agent/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: '.',
    base: './',
    plugins: [react()],
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve(import.meta.dirname, 'index.html') } },
  },
});
