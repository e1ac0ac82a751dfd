import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The visitors' phone pages, served by the hub's public listener at its root (`/t/<token>`, `/book/…`): one small
 * bundle, no library chunks of its own (a phone on a slow link loads one script; the page stays under 100 kB
 * gzipped, checked by tests/visitor-ticket.test.ts).
 */
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
