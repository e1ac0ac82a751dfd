import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Renders the default voice pack (public/voice/default, not committed) before a build or dev server starts, when
 * it is missing or out of date. Without espeak-ng the generator says so and the display runs without sound.
 * HALLQ_VOICE_PACK=skip leaves the folder alone (a hall that installed its own recorded pack there).
 */
function defaultVoicePack(): Plugin {
  let done = false;
  return {
    name: 'hallq-default-voice-pack',
    buildStart() {
      if (done || process.env.HALLQ_VOICE_PACK === 'skip') return;
      done = true;
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/voice-pack/generate.ts'], {
        cwd: repoRoot,
        stdio: 'inherit',
      });
      if (result.status !== 0)
        this.warn('voice pack generation failed; the lobby will show calls without sound');
    },
  };
}

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
  base: '/lobby/',
  plugins: [react(), defaultVoicePack()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: { codeSplitting: libraryChunks },
      // Rendering the voice pack takes seconds on purpose; a timing warning about it would only alarm a newcomer.
      checks: { bundlerTimings: false },
    },
  },
});
