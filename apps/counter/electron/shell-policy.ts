/**
 * The counter shell's rules, free of Electron so they are unit-tested as plain functions: where the window
 * goes, what it may navigate to, and the locked-down web preferences of every window it opens.
 */

/** Every window the shell opens renders untrusted-by-default web content with no Node.js at all. */
export const LOCKED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

export const DEFAULT_HUB_URL = 'http://127.0.0.1:8080';

/** The hub to use: `--hub=URL` on the command line, else `HALLQ_HUB_URL`, else the local hub. */
export function hubUrlFrom(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string {
  const flag = argv.find((a) => a.startsWith('--hub='))?.slice('--hub='.length);
  const raw = flag ?? env.HALLQ_HUB_URL ?? DEFAULT_HUB_URL;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`hub URL must be http(s): ${raw}`);
  return url.origin;
}

/** The counter page on that hub; a device token, if given, travels in the fragment (never in a request). */
export function counterUrl(hub: string, deviceToken: string | null = null): string {
  const url = new URL('/counter/', hub);
  if (deviceToken) url.hash = `token=${deviceToken}`;
  return url.href;
}

/** Only the counter app on the configured hub; anything else (a link in a notice, a redirect) is refused. */
export function isAllowedNavigation(target: string, hub: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  return url.origin === new URL(hub).origin && url.pathname.startsWith('/counter/');
}
