// Preloaded into the electronegativity process (node --require). electronegativity 1.10 parses TypeScript with
// @typescript-eslint/typescript-estree 4, which npm hoists to the root where `require('typescript')` finds the
// repository's TypeScript 7 (no JS API). This points that require at the TypeScript 4.2 electronegativity ships.
const Module = require('node:module');
const path = require('node:path');

const root = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const typescript4 = path.join(root, 'node_modules', 'typescript', 'lib', 'typescript.js');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveTypescript4(request, ...rest) {
  if (request === 'typescript') return typescript4;
  return resolve.call(this, request, ...rest);
};

// electronegativity writes its CSV report as two racing fs.writeFile calls: the header with flag 'w' and the
// findings with flag 'a'. When the findings land first, the header overwrites the start of the first finding
// (CI saw "ted in the target application" where CSP_GLOBAL_CHECK should have been). Writing in call order keeps
// the report whole.
const fs = require('node:fs');
fs.writeFile = function writeFileInCallOrder(file, data, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  try {
    fs.writeFileSync(file, data, typeof options === 'function' ? undefined : options);
  } catch (error) {
    process.nextTick(done, error);
    return;
  }
  process.nextTick(done, null);
};
