import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Two pages from one build: the clerk's terminal (`/counter/`) and the window's evaluation pad (`dist/rate/`,
 * which the hub serves at `/rate/`). Both load their scripts from `/counter/assets/`.
 */
/**
 * The libraries in chunks of their own: each stays under Vite's 500 kB warning, and a release that changes only
 * the screen's own code leaves the library files (and the screens' caches of them) as they were.
 */
const libraryChunks = {
  groups: [
    { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
    {
      name: 'hub-client',
      test: /[\\/]node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io|zod)[\\/]/,
    },
    { name: 'vendor', test: /[\\/]node_modules[\\/]/ },
  ],
};

export default defineConfig({
  base: '/counter/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: { counter: here('./index.html'), rate: here('./rate/index.html') },
      output: { codeSplitting: libraryChunks },
    },
  },
});
