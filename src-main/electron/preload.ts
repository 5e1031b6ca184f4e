// Preload (sandboxed, CommonJS): exposes exactly invoke and onEvent to the renderer, nothing else of Node/Electron.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Bridge } from '../../src-shared/bridge';

const bridge: Bridge = {
  invoke: (method, input, token) => ipcRenderer.invoke('vanthu:invoke', { method, input, token }),
  onEvent(token, listener) {
    const id = Math.random().toString(36).slice(2);
    const handler = (_e: IpcRendererEvent, subId: string, event: Parameters<typeof listener>[0]) => {
      if (subId === id) listener(event);
    };
    ipcRenderer.on('vanthu:event', handler);
    ipcRenderer.send('vanthu:subscribe', id, token);
    return () => {
      ipcRenderer.removeListener('vanthu:event', handler);
      ipcRenderer.send('vanthu:unsubscribe', id);
    };
  },
};

contextBridge.exposeInMainWorld('bridge', bridge);
