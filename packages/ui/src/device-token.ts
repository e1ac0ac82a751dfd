/**
 * A registered device's token reaches a browser once, in the URL fragment (`/kiosk/#token=…`, never sent to
 * the server in a request line or logs); it is kept in localStorage and removed from the address bar.
 */
export function takeDeviceToken(
  app: string,
  location: Location,
  storage: Storage,
  history: History,
): string | null {
  const key = `hallq.${app}.deviceToken`;
  const match = /(?:^#|&)token=([A-Za-z0-9_-]{16,200})/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(key, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem(key);
}

/** The hub serving the page is the hub to talk to, unless a `?hub=` parameter says otherwise (Electron shells). */
export function hubUrlOf(location: Location): string {
  const override = new URLSearchParams(location.search).get('hub');
  return override ?? location.origin;
}
