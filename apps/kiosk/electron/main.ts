/**
 * Electron main process of the kiosk shell. Only this file touches Electron's globals and the environment; the
 * logic is in kiosk-shell.ts. Run (where an electron binary exists): HALLQ_KIOSK_URL=http://hub:8080/kiosk/
 * HALLQ_AGENT_ARGS="--config /etc/hallq/kiosk-agent.json" electron out/main/main.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHallCa } from '@hallq/client/hall-ca';
import { app, BrowserWindow, ipcMain, utilityProcess } from 'electron';
import { startKioskShell } from './kiosk-shell.ts';
import { readShellSettings } from './shell-policy.ts';

const settings = readShellSettings(process.env);

// One kiosk window per machine; a second start only focuses the first.
if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

void app.whenReady().then(() => {
  const shell = startKioskShell({
    app,
    settings,
    preloadPath: join(import.meta.dirname, '../preload/preload.cjs'),
    createWindow: (options) => new BrowserWindow(options),
    ipcMain,
    hallCa: settings.hallCaFile
      ? readHallCa(readFileSync(settings.hallCaFile, 'utf8'), settings.hallCaFile)
      : null,
    // The agent is its own process: a serial driver that crashes takes only the agent down, and it is restarted.
    spawnAgent: (args, env) =>
      utilityProcess.fork(join(import.meta.dirname, 'agent.js'), [...args], {
        serviceName: 'hallq-kiosk-agent',
        stdio: 'inherit',
        env: { ...process.env, ...env },
      }) as unknown as ReturnType<Parameters<typeof startKioskShell>[0]['spawnAgent']>,
  });
  app.on('before-quit', () => shell.stop());
  app.on('window-all-closed', () => app.quit());
});
