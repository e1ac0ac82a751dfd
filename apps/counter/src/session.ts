import type { SessionUser } from '@hallq/protocol';

/** A clerk's session as this terminal keeps it, so a reload of the page resumes it (per tab, never on disk). */
export interface CounterSession {
  readonly sessionToken: string;
  readonly user: SessionUser;
  /** The window the hub signed the clerk in at; null until one is chosen. */
  readonly windowId: string | null;
}

const KEY = 'hallq.counter.session';
const WINDOW_KEY = 'hallq.counter.lastWindow';

export function loadSession(storage: Storage): CounterSession | null {
  const raw = storage.getItem(KEY);
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<CounterSession>;
    if (typeof parsed.sessionToken !== 'string' || typeof parsed.user !== 'object' || parsed.user === null) {
      return null;
    }
    return { sessionToken: parsed.sessionToken, user: parsed.user, windowId: parsed.windowId ?? null };
  } catch {
    storage.removeItem(KEY);
    return null;
  }
}

export function saveSession(storage: Storage, session: CounterSession | null): void {
  if (session === null) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify(session));
}

/** The window a terminal without a device registration last signed in at, to preselect it. */
export const lastWindow = (storage: Storage): string | null => storage.getItem(WINDOW_KEY);
export const rememberWindow = (storage: Storage, windowId: string): void =>
  storage.setItem(WINDOW_KEY, windowId);
