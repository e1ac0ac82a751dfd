#!/usr/bin/env node
// `npm test`: every test in the repository — type check, lint, and all Vitest projects (unit, hub, devices on
// ptys, end-to-end in Debian's Chromium). Installs the Debian packages the tests need when it can; says exactly
// what to install when it cannot. Ends with one line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test-output');
mkdirSync(outDir, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);

// Debian packages: Chromium for the browser tests, socat for serial ptys, a CJK font for screenshots,
// espeak-ng for the lobby's voice pack, PostgreSQL for the city centre's tests (a throwaway cluster per run).
const DEBIAN_PACKAGES = ['chromium', 'socat', 'fonts-wqy-zenhei', 'espeak-ng', 'postgresql'];
function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter(
    (p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return true;
  const canInstall =
    process.getuid?.() === 0 && spawnSync('which', ['apt-get'], { stdio: 'ignore' }).status === 0;
  if (canInstall) {
    console.log(`Installing Debian packages the tests need: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const lock = ['-o', 'DPkg::Lock::Timeout=300'];
    spawnSync('apt-get', [...lock, 'update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', [...lock, 'install', '-y', '-qq', ...missing], {
      stdio: 'inherit',
      env,
    });
    if (install.status === 0) return true;
  }
  console.error(
    `The tests need these Debian packages: ${missing.join(' ')}\nInstall them with:\n  sudo apt-get install -y ${missing.join(' ')}`,
  );
  return false;
}

let passed = 0;
let failed = 0;
const summary = () => {
  const line = `${passed} passed, ${failed} failed`;
  writeFileSync(join(outDir, 'summary.txt'), `${line}\n`);
  console.log(line);
};

if (!ensureDebianPackages()) {
  failed += 1;
  summary();
  process.exit(1);
}

// Gates first: they are quick and their failures read better than a test's.
for (const [name, command, commandArgs] of [
  ['typecheck (tsc -b)', bin('tsc'), ['-b']],
  ['lint (biome)', bin('biome'), ['check', '--error-on-warnings', '.']],
]) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status === 0) {
    passed += 1;
    console.log(`✓ ${name}`);
  } else {
    failed += 1;
    console.log(`✗ ${name}`);
  }
}

const report = join(outDir, 'vitest.json');
const vitestArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args];
const vitest = spawnSync(bin('vitest'), vitestArgs, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: '0' },
});
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A file that failed to load counts as a failure even when it ran no test.
  failed += results.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} else {
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed += 1;
summary();
process.exit(failed === 0 ? 0 : 1);
