import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Two pages from one build: the clerk's terminal (`/counter/`) and the window's evaluation pad (`dist/rate/`,
 * which the hub serves at `/rate/`). Both load their scripts from `/counter/assets/`.
 */
export default defineConfig({
  base: '/counter/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: { input: { counter: here('./index.html'), rate: here('./rate/index.html') } },
  },
});
