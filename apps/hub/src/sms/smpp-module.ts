import smppModule, { type SmppModule } from 'smpp';

/**
 * `smpp` is CommonJS with its status constants set in a loop, which ESM named imports cannot see: its module
 * object, through the default import (bundled by esbuild into the hub like any other dependency).
 */
export const smpp: SmppModule = smppModule;
