import { rmSync } from 'node:fs';
import { makeTestCertificates } from '@hallq/client/testing/certificates';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { lobbyShellConfig, lobbyWebPreferences, mayNavigate, reloadDelayMs } from './shell-policy.ts';

type Listener = (...args: unknown[]) => void;
type VerifyProc = (
  request: { hostname: string; certificate: { data: string }; errorCode: number },
  callback: (verdict: number) => void,
) => void;

/** Electron's binary is not installed here: the main process runs against a recording fake. */
const fake = vi.hoisted(() => {
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      on(name: string, l: Listener) {
        listeners.set(name, [...(listeners.get(name) ?? []), l]);
      },
      emit(name: string, ...args: unknown[]) {
        for (const l of listeners.get(name) ?? []) l(...args);
      },
    };
  };
  const windows: FakeWindow[] = [];
  class FakeWindow {
    readonly loaded: string[] = [];
    readonly events = emitter();
    readonly webContents = {
      ...emitter(),
      reloads: 0,
      openHandler: null as null | (() => { action: string }),
      permissionHandler: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
      verifyProc: null as
        | null
        | ((
            r: { hostname: string; certificate: { data: string }; errorCode: number },
            cb: (v: number) => void,
          ) => void),
      session: {
        setPermissionRequestHandler(h: (c: unknown, p: string, cb: (ok: boolean) => void) => void) {
          windows.at(-1)!.webContents.permissionHandler = h;
        },
        setCertificateVerifyProc(p: VerifyProc) {
          windows.at(-1)!.webContents.verifyProc = p;
        },
      },
      setWindowOpenHandler(h: () => { action: string }) {
        this.openHandler = h;
      },
      reload() {
        this.reloads += 1;
      },
    };
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    on(name: string, l: Listener) {
      this.events.on(name, l);
    }
    isDestroyed() {
      return false;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  const app = {
    ...emitter(),
    sandboxed: false,
    enableSandbox() {},
    quit() {},
    whenReady: () => Promise.resolve(),
  };
  return { windows, FakeWindow, app };
});

vi.mock('electron', () => ({ app: fake.app, BrowserWindow: fake.FakeWindow }));

const { openLobbyWindow } = await import('./main.ts');
const config = lobbyShellConfig(['--hub', 'http://hub.local:8080/', '--token', 'abcdefghijklmnop1234'], {});

beforeEach(() => {
  fake.windows.length = 0;
  vi.useFakeTimers();
});

describe('lobby shell policy', () => {
  it('opens the hub’s lobby page with the token in the fragment', () => {
    expect(config).toEqual({
      url: 'http://hub.local:8080/lobby/#token=abcdefghijklmnop1234',
      fullscreen: true,
      hallCaFile: null,
    });
    expect(lobbyShellConfig(['--windowed', '--query', 'recent=10'], { HALLQ_HUB_URL: 'http://h:1' })).toEqual(
      {
        url: 'http://h:1/lobby/?recent=10',
        fullscreen: false,
        hallCaFile: null,
      },
    );
  });

  it('is locked down and plays sound without a click', () => {
    expect(lobbyWebPreferences()).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      autoplayPolicy: 'no-user-gesture-required',
    });
  });

  it('stays on the lobby page of its hub', () => {
    expect(mayNavigate(config, 'http://hub.local:8080/lobby/?x=1')).toBe(true);
    expect(mayNavigate(config, 'http://hub.local:8080/admin/')).toBe(false);
    expect(mayNavigate(config, 'https://example.com/lobby/')).toBe(false);
    expect(mayNavigate(config, 'not a url')).toBe(false);
  });

  it('backs off reloads of a renderer that keeps crashing', () => {
    expect([1, 2, 3, 4, 10].map(reloadDelayMs)).toEqual([0, 2000, 4000, 8000, 60_000]);
  });
});

describe('lobby window and the hall CA', () => {
  it('trusts the hub certificate the hall CA signed (HALLQ_HALL_CA), and no other', async () => {
    // The certificate is valid from the second it is made: the clock must be the real one, not the frozen one.
    vi.useRealTimers();
    const certs = makeTestCertificates(['hub.local']);
    openLobbyWindow(lobbyShellConfig(['--hub', 'https://hub.local:8443'], { HALLQ_HALL_CA: certs.caFile }));
    const contents = fake.windows[0]!.webContents;
    const verify = (hostname: string, data: string) =>
      new Promise<number>((resolve) =>
        contents.verifyProc?.({ hostname, certificate: { data }, errorCode: -202 }, resolve),
      );
    expect(contents.verifyProc).not.toBeNull();
    expect(await verify('hub.local', certs.certPem)).toBe(0);
    expect(await verify('hub.local', certs.strangerPem)).toBe(-3);
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('installs no certificate check without a hall CA', () => {
    openLobbyWindow(config);
    expect(fake.windows[0]!.webContents.verifyProc).toBeNull();
  });
});

describe('lobby window (vi.mock electron)', () => {
  it('denies new windows and foreign navigation, and reloads after the renderer is gone', () => {
    const logs: string[] = [];
    openLobbyWindow(config, (m) => logs.push(m));
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      autoplayPolicy: 'no-user-gesture-required',
    });
    expect(win.loaded).toEqual([config.url]);
    expect(win.webContents.openHandler?.()).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation']) {
      win.webContents.permissionHandler?.({}, permission, (ok) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false]);
    const prevented: string[] = [];
    win.webContents.emit(
      'will-navigate',
      { preventDefault: () => prevented.push('x') },
      'https://evil.example/',
    );
    win.webContents.emit('will-navigate', { preventDefault: () => prevented.push('y') }, `${config.url}`);
    expect(prevented).toEqual(['x']);

    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    vi.advanceTimersByTime(0);
    expect(win.loaded).toHaveLength(2);
    win.webContents.emit('render-process-gone', {}, { reason: 'oom' });
    vi.advanceTimersByTime(1999);
    expect(win.loaded).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(win.loaded).toHaveLength(3);
    expect(logs[1]).toContain('oom');
    win.webContents.emit('unresponsive');
    expect(win.webContents.reloads).toBe(1);
  });
});
