import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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
  base: '/kiosk/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, rolldownOptions: { output: { codeSplitting: libraryChunks } } },
});
