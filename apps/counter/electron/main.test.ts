import { rmSync } from 'node:fs';
import { makeTestCertificates, type TestCertificates } from '@hallq/client/testing/certificates';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** Electron's binary cannot be downloaded here: the main process is tested against a recording fake. */
type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const emitter = () => {
    const listeners = new Map<string, Listener[]>();
    return {
      listeners,
      on(name: string, listener: Listener) {
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      },
      once(name: string, listener: Listener) {
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      },
      emit(name: string, ...args: unknown[]) {
        for (const l of listeners.get(name) ?? []) l(...args);
      },
    };
  };
  const windows: {
    options: Record<string, unknown>;
    loaded: string[];
    contents: ReturnType<typeof makeContents>;
    shown: boolean;
  }[] = [];
  function makeContents() {
    const events = emitter();
    let openHandler: ((details: { url: string }) => { action: string }) | null = null;
    return {
      ...events,
      reloads: 0,
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        openHandler = handler;
      },
      openHandler: () => openHandler,
      reload() {
        this.reloads += 1;
      },
    };
  }
  const app = {
    ...emitter(),
    sandboxed: false,
    quits: 0,
    enableSandbox() {
      app.sandboxed = true;
    },
    quit() {
      app.quits += 1;
    },
    ready: Promise.resolve(),
    whenReady: () => app.ready,
  };
  const ipc = emitter();
  const permission: { handler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | null } = {
    handler: null,
  };
  const certificates: {
    verify:
      | ((
          r: { hostname: string; certificate: { data: string }; errorCode: number },
          cb: (v: number) => void,
        ) => void)
      | null;
  } = { verify: null };
  class BrowserWindow {
    readonly webContents = makeContents();
    private readonly events = emitter();
    readonly record: (typeof windows)[number];
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], contents: this.webContents, shown: false };
      windows.push(this.record);
    }
    once(name: string, listener: Listener) {
      this.events.once(name, listener);
    }
    emit(name: string) {
      this.events.emit(name);
    }
    show() {
      this.record.shown = true;
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return { app, ipc, permission, certificates, windows, BrowserWindow, makeContents };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  ipcMain: fake.ipc,
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: (c: unknown, p: string, cb: (ok: boolean) => void) => void) => {
        fake.permission.handler = h;
      },
      setCertificateVerifyProc: (p: typeof fake.certificates.verify) => {
        fake.certificates.verify = p;
      },
    },
  },
}));

const { createCounterWindow, lockDown, runShell } = await import('./main.ts');
const { counterUrl, hubUrlFrom, isAllowedNavigation } = await import('./shell-policy.ts');

const HUB = 'http://10.0.0.5:8080';

beforeEach(() => {
  fake.windows.length = 0;
});

const navigate = (contents: ReturnType<typeof fake.makeContents>, event: string, url: string): boolean => {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
};

describe('counter shell window', () => {
  it('is a normal, locked-down window on the hub counter page', () => {
    createCounterWindow(HUB, '/app/preload/index.mjs');
    const [window] = fake.windows;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webviewTag: false,
        webSecurity: true,
        preload: '/app/preload/index.mjs',
      },
    });
    expect(window?.options).not.toHaveProperty('kiosk');
    expect(window?.options).not.toHaveProperty('fullscreen');
    expect(window?.loaded).toEqual(['http://10.0.0.5:8080/counter/']);
  });

  it('denies navigation away from the counter app, redirects, new windows and webviews', () => {
    const contents = fake.makeContents();
    lockDown(contents as never, HUB);
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'http://10.0.0.5:8080/admin/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'http://10.0.0.5:8080/counter/')).toBe(false);
    expect(navigate(contents, 'will-redirect', 'http://10.0.0.6:8080/counter/')).toBe(true);
    expect(navigate(contents, 'will-attach-webview', 'http://10.0.0.5:8080/counter/')).toBe(true);
    expect(contents.openHandler()?.({ url: 'http://10.0.0.5:8080/counter/' })).toEqual({ action: 'deny' });
  });

  it('runShell sandboxes the app, locks every web contents, denies permissions and quits with its window', async () => {
    runShell({ argv: ['electron', '.', `--hub=${HUB}`], env: {}, preload: '/p.mjs' });
    expect(fake.app.sandboxed).toBe(true);
    const other = fake.makeContents();
    fake.app.emit('web-contents-created', {}, other);
    expect(navigate(other, 'will-navigate', 'https://evil.example/')).toBe(true);
    await fake.app.ready;
    await Promise.resolve();
    expect(fake.windows).toHaveLength(1);
    const answers: boolean[] = [];
    fake.permission.handler?.({}, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    // The preload's reload request is honoured only from the counter page itself.
    const sender = fake.makeContents();
    fake.ipc.emit('hallq:counter:reload', { sender, senderFrame: { url: 'https://evil.example/' } });
    fake.ipc.emit('hallq:counter:reload', { sender, senderFrame: { url: `${HUB}/counter/` } });
    expect(sender.reloads).toBe(1);
    fake.app.emit('window-all-closed');
    expect(fake.app.quits).toBe(1);
  });
});

describe('the hall CA', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates(['10.0.0.5']);
  });
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

  it('trusts the hub certificate the hall CA signed (HALLQ_HALL_CA), and no other', async () => {
    fake.certificates.verify = null;
    runShell({
      argv: ['electron', '.', `--hub=${HUB}`],
      env: { HALLQ_HALL_CA: certs.caFile },
      preload: '/p.mjs',
    });
    await fake.app.ready;
    await Promise.resolve();
    const verify = (hostname: string, data: string) =>
      new Promise<number>((resolve) =>
        fake.certificates.verify?.({ hostname, certificate: { data }, errorCode: -202 }, resolve),
      );
    expect(fake.certificates.verify).not.toBeNull();
    expect(await verify('10.0.0.5', certs.certPem)).toBe(0);
    expect(await verify('10.0.0.5', certs.strangerPem)).toBe(-3);
    expect(await verify('10.0.0.6', certs.certPem)).toBe(-3);
  });

  it('refuses to start with a file that is not a CA certificate', () => {
    expect(() =>
      runShell({ argv: ['electron', '.'], env: { HALLQ_HALL_CA: certs.certFile }, preload: '/p.mjs' }),
    ).toThrow(/not a CA/);
  });
});

describe('shell policy', () => {
  it('takes the hub from --hub, then HALLQ_HUB_URL, then the local hub', () => {
    expect(hubUrlFrom(['--hub=http://hub.local:9000/x'], { HALLQ_HUB_URL: 'http://b:1' })).toBe(
      'http://hub.local:9000',
    );
    expect(hubUrlFrom([], { HALLQ_HUB_URL: 'https://hub.hall' })).toBe('https://hub.hall');
    expect(hubUrlFrom([], {})).toBe('http://127.0.0.1:8080');
    expect(() => hubUrlFrom(['--hub=file:///etc/passwd'], {})).toThrow(/http/);
  });

  it('puts a device token in the fragment only', () => {
    expect(counterUrl(HUB, 'abcdefghijklmnopq')).toBe(
      'http://10.0.0.5:8080/counter/#token=abcdefghijklmnopq',
    );
  });

  it('allows only the counter app on the same origin', () => {
    expect(isAllowedNavigation('http://10.0.0.5:8080/counter/x', HUB)).toBe(true);
    expect(isAllowedNavigation('http://10.0.0.5:8081/counter/', HUB)).toBe(false);
    expect(isAllowedNavigation('not a url', HUB)).toBe(false);
  });
});
