/** What the preload script exposes to the counter page as `window.hallqShell`, and nothing more. */
export interface CounterShellApi {
  readonly shell: 'electron';
  readonly app: 'counter';
  /** Ask the shell to reload the page (the clerk's "screen stuck" button); the shell decides. */
  reload(): void;
}

export const RELOAD_CHANNEL = 'hallq:counter:reload';
