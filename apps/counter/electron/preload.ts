import { contextBridge, ipcRenderer } from 'electron';
import { type CounterShellApi, RELOAD_CHANNEL } from './shell-api.ts';

const api: CounterShellApi = {
  shell: 'electron',
  app: 'counter',
  reload: () => ipcRenderer.send(RELOAD_CHANNEL),
};

contextBridge.exposeInMainWorld('hallqShell', api);
