import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './browser.ts';

/** The browser tests run against the built apps, as a hall would: build them once per run. */
export default function setup(): void {
  if (process.env.HALLQ_SKIP_WEB_BUILD === '1') return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-web.mjs')], {
    stdio: 'inherit',
    cwd: REPO_ROOT,
  });
}
