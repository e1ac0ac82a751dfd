/**
 * How one display behaves, from its address (`/lobby/?recent=10&english=1`). The zone is not among them: a
 * display shows the zone it was registered with at the hub (the snapshot's `viewer.zone`), so moving a screen
 * to another floor is a change in the admin console, not on the screen.
 */
export interface LobbyOptions {
  /** Voice pack folder under /lobby/voice/ (default `default`). */
  readonly pack: string;
  /** Times each call is said (1–3, default 2). */
  readonly repeat: number;
  /** Also say each call in English, after the Chinese (default off). */
  readonly english: boolean;
  /** Calls in the recent list (3–20, default 8). */
  readonly recent: number;
  /** `off`: display only, never ask to enable sound (default `on`). */
  readonly sound: 'on' | 'off';
  /** Layout; `auto` follows the screen's orientation. */
  readonly layout: 'auto' | 'landscape' | 'portrait';
  /** Time compression for demos and tests: speech, pauses and highlights this many times faster (1–1000). */
  readonly speed: number;
  /** How long the call just made stays highlighted after it was said (ms, default 6000). */
  readonly highlightMs: number;
}

export const DEFAULT_LOBBY_OPTIONS: LobbyOptions = {
  pack: 'default',
  repeat: 2,
  english: false,
  recent: 8,
  sound: 'on',
  layout: 'auto',
  speed: 1,
  highlightMs: 6000,
};

const clampInt = (raw: string | null, min: number, max: number, fallback: number): number => {
  if (raw === null || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
};

const flag = (raw: string | null, fallback: boolean): boolean => {
  if (raw === null) return fallback;
  return ['1', 'true', 'on', 'yes', ''].includes(raw.toLowerCase());
};

/** Reads the options from a query string; anything unreadable falls back to its default. */
export function parseLobbyOptions(search: string): LobbyOptions {
  const q = new URLSearchParams(search);
  const d = DEFAULT_LOBBY_OPTIONS;
  const pack = q.get('pack');
  const layout = q.get('layout');
  return {
    pack: pack !== null && /^[A-Za-z0-9_-]{1,40}$/.test(pack) ? pack : d.pack,
    repeat: clampInt(q.get('repeat'), 1, 3, d.repeat),
    english: flag(q.get('english'), d.english),
    recent: clampInt(q.get('recent'), 3, 20, d.recent),
    sound: q.get('sound') === 'off' ? 'off' : 'on',
    layout: layout === 'landscape' || layout === 'portrait' ? layout : 'auto',
    speed: clampInt(q.get('speed'), 1, 1000, d.speed),
    highlightMs: clampInt(q.get('highlightMs'), 0, 60_000, d.highlightMs),
  };
}
