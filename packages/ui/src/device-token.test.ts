import { describe, expect, it } from 'vitest';
import { takeDeviceToken, takeFragmentSecret } from './device-token.ts';

/** A page's address bar, history and storage, as the browser keeps them. */
function page(url: string) {
  const place = new URL(url);
  const stored = new Map<string, string>();
  const location = {
    get hash() {
      return place.hash;
    },
    get pathname() {
      return place.pathname;
    },
    get search() {
      return place.search;
    },
  };
  const history = {
    state: null,
    replaceState(_state: unknown, _title: string, next?: string | URL | null) {
      const target = new URL(String(next), place);
      place.hash = target.hash;
      place.search = target.search;
      place.pathname = target.pathname;
    },
  };
  const storage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
  };
  return { location, history, storage, stored, href: () => place.href };
}

const TOKEN = 'abcdefghijklmnopQRSTUV_-12';

describe('device tokens in page URLs', () => {
  it('reads the token once, keeps it in storage and strips it from the address bar', () => {
    const p = page(`http://hub/lobby/?zone=1F#token=${TOKEN}`);
    expect(takeDeviceToken('lobby', p.location, p.storage, p.history)).toBe(TOKEN);
    expect(p.href()).toBe('http://hub/lobby/?zone=1F');
    expect(p.stored.get('hallq.lobby.deviceToken')).toBe(TOKEN);
    // The next load has no fragment: the stored token is used.
    expect(takeDeviceToken('lobby', p.location, p.storage, p.history)).toBe(TOKEN);
  });

  it('strips a malformed token too, and keeps the other fragment parameters', () => {
    const p = page('http://hub/kiosk/#token=short&pairing=abc');
    expect(takeDeviceToken('kiosk', p.location, p.storage, p.history)).toBeNull();
    expect(p.href()).toBe('http://hub/kiosk/#pairing=abc');
  });

  it('takes several secrets from one fragment, each out of the address bar', () => {
    const secret = 'p'.repeat(32);
    const p = page(`http://hub/kiosk/?agent=x#token=${TOKEN}&pairing=${secret}`);
    expect(takeDeviceToken('kiosk', p.location, p.storage, p.history)).toBe(TOKEN);
    expect(takeFragmentSecret('pairing', 'k', /^p+$/, p.location, p.storage, p.history)).toBe(secret);
    expect(p.href()).toBe('http://hub/kiosk/?agent=x');
  });
});
