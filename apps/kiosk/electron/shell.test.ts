import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { readHallCa } from '@hallq/client/hall-ca';
import { makeTestCertificates, type TestCertificates } from '@hallq/client/testing/certificates';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockDown, startKioskShell } from './kiosk-shell.ts';
import {
  agentRestartDelayMs,
  bridgeArg,
  bridgeFromArgs,
  isAllowedNavigation,
  kioskWindowOptions,
  PAIRING_CHANNEL,
  readShellSettings,
  type ShellSettings,
} from './shell-policy.ts';

const settings: ShellSettings = readShellSettings({ HALLQ_KIOSK_URL: 'http://hub.local:8080/kiosk/' });

/** A stand-in for a BrowserWindow's webContents: records handlers so tests can fire them. */
function fakeContents() {
  const events = new EventEmitter();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  let permissionHandler: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
  let verifyProc:
    | ((
        r: { hostname: string; certificate: { data: string }; errorCode: number },
        cb: (v: number) => void,
      ) => void)
    | undefined;
  return {
    on: (name: string, listener: (...args: unknown[]) => void) => events.on(name, listener),
    emit: (name: string, ...args: unknown[]) => events.emit(name, ...args),
    setWindowOpenHandler: (h: typeof openHandler) => {
      openHandler = h;
    },
    open: (url: string) => openHandler?.({ url }),
    session: {
      setPermissionRequestHandler: (h: typeof permissionHandler) => {
        permissionHandler = h;
      },
      setCertificateVerifyProc: (p: typeof verifyProc) => {
        verifyProc = p;
      },
    },
    /** What the session's certificate check answers for `data` at `hostname` (undefined: no check installed). */
    verify: (hostname: string, data: string) =>
      verifyProc
        ? new Promise<number>((resolve) =>
            verifyProc?.({ hostname, certificate: { data }, errorCode: -202 }, resolve),
          )
        : undefined,
    ask: (permission: string) =>
      new Promise<boolean>((resolve) => permissionHandler?.(null, permission, resolve)),
  };
}

const navigate = (contents: ReturnType<typeof fakeContents>, event: string, url: string) => {
  const e = { preventDefault: vi.fn() };
  contents.emit(event, e, url);
  return e.preventDefault.mock.calls.length > 0;
};

describe('shell settings and policy', () => {
  it('reads the environment', () => {
    expect(settings).toEqual({
      kioskUrl: 'http://hub.local:8080/kiosk/',
      agentHost: '127.0.0.1',
      agentPort: 8091,
      agentArgs: [],
      fullscreen: true,
      hallCaFile: null,
    });
    expect(
      readShellSettings({
        HALLQ_KIOSK_URL: 'https://hub/kiosk/',
        HALLQ_AGENT_PORT: '9001',
        HALLQ_AGENT_ARGS: '--config /etc/hallq/agent.json',
        HALLQ_KIOSK_WINDOWED: '1',
      }),
    ).toMatchObject({ agentPort: 9001, agentArgs: ['--config', '/etc/hallq/agent.json'], fullscreen: false });
    expect(() => readShellSettings({})).toThrow(/HALLQ_KIOSK_URL/);
    expect(() => readShellSettings({ HALLQ_KIOSK_URL: 'file:///etc/passwd' })).toThrow(/http/);
    expect(() => readShellSettings({ HALLQ_KIOSK_URL: 'http://h/kiosk/', HALLQ_AGENT_PORT: 'x' })).toThrow(
      /port/,
    );
  });

  it('locks the renderer down', () => {
    const options = kioskWindowOptions(settings, '/app/preload.mjs');
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload.mjs',
    });
    expect(options).toMatchObject({ fullscreen: true, kiosk: true, frame: false });
  });

  it('allows only the kiosk’s own pages', () => {
    expect(isAllowedNavigation('http://hub.local:8080/kiosk/#token=abc', settings)).toBe(true);
    expect(isAllowedNavigation('http://hub.local:8080/admin/', settings)).toBe(false);
    expect(isAllowedNavigation('https://evil.example/kiosk/', settings)).toBe(false);
    expect(isAllowedNavigation('not a url', settings)).toBe(false);
  });

  it('passes the bridge data through a process argument, and refuses anything malformed', () => {
    const data = { appVersion: '1.2.3', agentUrl: 'http://127.0.0.1:8091' };
    expect(bridgeFromArgs(['electron', bridgeArg(data)])).toEqual(data);
    expect(bridgeFromArgs(['electron'])).toBeNull();
    expect(bridgeFromArgs(['--hallq-kiosk=%7Bbroken'])).toBeNull();
    expect(bridgeFromArgs([`--hallq-kiosk=${encodeURIComponent('{"appVersion":1}')}`])).toBeNull();
  });

  it('backs off agent restarts', () => {
    expect([1, 2, 3, 4, 10].map(agentRestartDelayMs)).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
});

describe('lockDown', () => {
  it('denies new windows, foreign navigation and redirects, webviews and permissions', async () => {
    const contents = fakeContents();
    lockDown(contents as never, settings, () => {});
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'http://hub.local:8080/kiosk/')).toBe(false);
    expect(navigate(contents, 'will-redirect', 'http://hub.local:8080/admin/')).toBe(true);
    expect(navigate(contents, 'will-attach-webview', 'x')).toBe(true);
    await expect(contents.ask('media')).resolves.toBe(false);
  });
});

describe('startKioskShell', () => {
  let timers: { run: () => void; ms: number }[];
  let agents: (EventEmitter & {
    kill: ReturnType<typeof vi.fn>;
    args: readonly string[];
    env: Readonly<Record<string, string>>;
  })[];
  type FakeWindow = EventEmitter & {
    webContents: ReturnType<typeof fakeContents>;
    loadURL: ReturnType<typeof vi.fn>;
    show: ReturnType<typeof vi.fn>;
  };
  let created: { options: Record<string, unknown>; window: FakeWindow }[];
  let ipc: EventEmitter;
  let certs: TestCertificates;

  beforeAll(() => {
    certs = makeTestCertificates(['hub.local']);
  });
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

  beforeEach(() => {
    timers = [];
    agents = [];
    created = [];
    ipc = new EventEmitter();
  });

  /** The preload's `ipcRenderer.sendSync(PAIRING_CHANNEL)`, from a given page. */
  const askPairing = (sender: unknown, url: string): unknown => {
    const event: { sender: unknown; senderFrame: { url: string }; returnValue?: unknown } = {
      sender,
      senderFrame: { url },
    };
    ipc.emit(PAIRING_CHANNEL, event);
    return event.returnValue;
  };

  const start = (hallCa: ReturnType<typeof readHallCa> | null = null) =>
    startKioskShell({
      app: { getVersion: () => '0.1.0', on: vi.fn(), quit: vi.fn() } as never,
      settings: { ...settings, agentArgs: ['--simulate'] },
      ipcMain: ipc as never,
      hallCa,
      pairingSecret: 'secret-of-this-boot-0123456789',
      preloadPath: '/app/preload.mjs',
      createWindow: (options) => {
        const window: FakeWindow = Object.assign(new EventEmitter(), {
          webContents: fakeContents(),
          loadURL: vi.fn(() => Promise.resolve()),
          show: vi.fn(),
        });
        created.push({ options: options as Record<string, unknown>, window });
        return window as never;
      },
      spawnAgent: (args, env) => {
        const agent = Object.assign(new EventEmitter(), { kill: vi.fn(), args, env });
        agents.push(agent);
        return agent as never;
      },
      setTimer: (run, ms) => timers.push({ run, ms }),
      log: () => {},
    });

  it('opens one locked-down window on the kiosk page with the bridge data', () => {
    start();
    expect(created).toHaveLength(1);
    const { options, window } = created[0]!;
    const prefs = options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(bridgeFromArgs(prefs.additionalArguments as string[])).toEqual({
      appVersion: '0.1.0',
      agentUrl: 'http://127.0.0.1:8091',
    });
    expect(window.loadURL).toHaveBeenCalledWith('http://hub.local:8080/kiosk/');
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });

  it('runs the agent as its own process and restarts it after a crash, keeping the window', () => {
    const shell = start();
    expect(agents[0]!.args).toEqual(['--port', '8091', '--hub', 'http://hub.local:8080', '--simulate']);
    agents[0]!.emit('exit', 1);
    expect(timers).toEqual([{ run: expect.any(Function), ms: 1000 }]);
    timers[0]!.run();
    expect(agents).toHaveLength(2);
    expect(created).toHaveLength(1);
    shell.stop();
    expect(agents[1]!.kill).toHaveBeenCalled();
    agents[1]!.emit('exit', null);
    expect(timers).toHaveLength(1);
  });

  it('gives the agent and only the kiosk page the pairing secret of this boot, never on a command line', () => {
    start();
    const { window } = created[0]!;
    expect(agents[0]!.env).toEqual({ HALLQ_AGENT_PAIRING_SECRET: 'secret-of-this-boot-0123456789' });
    expect(agents[0]!.args.join(' ')).not.toContain('secret-of-this-boot');
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(JSON.stringify(prefs.additionalArguments)).not.toContain('secret-of-this-boot');
    expect(askPairing(window.webContents, 'http://hub.local:8080/kiosk/')).toBe(
      'secret-of-this-boot-0123456789',
    );
    expect(askPairing(window.webContents, 'https://evil.example/')).toBe('');
    expect(askPairing({}, 'http://hub.local:8080/kiosk/')).toBe('');
  });

  it('makes a fresh pairing secret at every boot when none is given', () => {
    const boot = () =>
      startKioskShell({
        app: { getVersion: () => '0.1.0', on: vi.fn(), quit: vi.fn() } as never,
        settings,
        ipcMain: new EventEmitter() as never,
        hallCa: null,
        preloadPath: '/app/preload.mjs',
        createWindow: () =>
          Object.assign(new EventEmitter(), {
            webContents: fakeContents(),
            loadURL: vi.fn(() => Promise.resolve()),
            show: vi.fn(),
          }) as never,
        spawnAgent: (args, env) => {
          const agent = Object.assign(new EventEmitter(), { kill: vi.fn(), args, env });
          agents.push(agent);
          return agent as never;
        },
        log: () => {},
      });
    boot();
    boot();
    const [first, second] = agents.map((a) => a.env.HALLQ_AGENT_PAIRING_SECRET ?? '');
    expect(first!.length).toBeGreaterThanOrEqual(32);
    expect(first).not.toBe(second);
  });

  it('trusts the hub certificate the hall CA signed, and no other, when given the hall CA', async () => {
    start(readHallCa(certs.caPem));
    const contents = created[0]!.window.webContents;
    expect(await contents.verify('hub.local', certs.certPem)).toBe(0);
    expect(await contents.verify('hub.local', certs.strangerPem)).toBe(-3);
    expect(await contents.verify('evil.example', certs.certPem)).toBe(-3);
  });

  it('leaves certificates to the system CAs when no hall CA is given', () => {
    start();
    expect(created[0]!.window.webContents.verify('hub.local', certs.certPem)).toBeUndefined();
  });

  it('reloads the page when the renderer process dies', () => {
    start();
    const { window } = created[0]!;
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(window.loadURL).toHaveBeenCalledTimes(2);
  });
});

describe('electron/main.ts with a mocked electron', () => {
  it('starts the shell when the app is ready, with the agent in a utility process', async () => {
    const windows: Record<string, unknown>[] = [];
    const forks: unknown[][] = [];
    let ready: () => void = () => {};
    vi.doMock('electron', () => {
      class BrowserWindow extends EventEmitter {
        webContents = fakeContents();
        loadURL = vi.fn(() => Promise.resolve());
        show = vi.fn();
        constructor(options: Record<string, unknown>) {
          super();
          windows.push(options);
        }
      }
      return {
        app: {
          requestSingleInstanceLock: () => true,
          quit: vi.fn(),
          on: vi.fn(),
          getVersion: () => '9.9.9',
          whenReady: () => new Promise<void>((resolve) => (ready = resolve)),
        },
        BrowserWindow,
        ipcMain: new EventEmitter(),
        utilityProcess: {
          fork: (...args: unknown[]) => {
            forks.push(args);
            return Object.assign(new EventEmitter(), { kill: vi.fn() });
          },
        },
      };
    });
    vi.stubEnv('HALLQ_KIOSK_URL', 'http://hub.local:8080/kiosk/');
    const loaded = import('./main.ts');
    await loaded;
    ready();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    expect(windows[0]!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(forks).toHaveLength(1);
    expect(String(forks[0]![0])).toMatch(/agent\.js$/);
    vi.unstubAllEnvs();
    vi.doUnmock('electron');
  });
});
