import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The libraries in chunks of their own, as in the admin console: a release of the screens' code keeps them. */
const libraryChunks = {
  groups: [
    { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
    { name: 'vendor', test: /[\\/]node_modules[\\/]/ },
  ],
};

/** The city centre's web app: served by the centre at `/` (apps/central/src/create-central.ts). */
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, rolldownOptions: { output: { codeSplitting: libraryChunks } } },
});
