import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/lobby/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
