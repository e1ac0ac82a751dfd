import { createRequire } from 'node:module';

/** `smpp` is CommonJS with its status constants set in a loop (not visible to ESM named imports): require it. */
export const smpp = createRequire(import.meta.url)('smpp') as typeof import('smpp');
