/**
 * Secrets that reach a browser once, in the URL fragment (`/kiosk/#token=…`, never sent to the server in a
 * request line or logs): each is read once, kept in localStorage, and taken out of the address bar at once, so it
 * stays in neither the browser's history nor a screenshot of the address bar.
 */

type Place = Pick<Location, 'hash' | 'pathname' | 'search'>;

/**
 * Takes `name` out of the URL fragment: returns its value when it is well-formed (and stores it under
 * `storageKey`), else the stored one. The parameter is removed from the address bar even when malformed, and
 * the rest of the fragment is kept.
 */
export function takeFragmentSecret(
  name: string,
  storageKey: string,
  pattern: RegExp,
  location: Place,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  history: Pick<History, 'replaceState' | 'state'>,
): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!fragment.has(name)) return storage.getItem(storageKey);
  const value = fragment.get(name) ?? '';
  fragment.delete(name);
  const rest = fragment.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  if (pattern.test(value)) {
    storage.setItem(storageKey, value);
    return value;
  }
  return storage.getItem(storageKey);
}

const DEVICE_TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/** A registered device's token: `#token=…` once, then localStorage (`hallq.<app>.deviceToken`). */
export function takeDeviceToken(
  app: string,
  location: Place,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  history: Pick<History, 'replaceState' | 'state'>,
): string | null {
  return takeFragmentSecret('token', `hallq.${app}.deviceToken`, DEVICE_TOKEN, location, storage, history);
}

/** The hub serving the page is the hub to talk to, unless a `?hub=` parameter says otherwise (Electron shells). */
export function hubUrlOf(location: Location): string {
  const override = new URLSearchParams(location.search).get('hub');
  return override ?? location.origin;
}
