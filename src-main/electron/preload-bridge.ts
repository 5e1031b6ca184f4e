// The object the preload exposes as `window.bridge`, built over any ipcRenderer-shaped object: exactly invoke and
// onEvent, on the channels below, with no session token either way (main keeps it: session-holder.ts). No 'electron'
// import, so a test can pass a fake ipcRenderer.

import type { Bridge } from '../../src-shared/bridge';

/** IPC channel names shared by preload.ts and main.ts. */
export const CHANNELS = {
  invoke: 'vanthu:invoke',
  event: 'vanthu:event',
  subscribe: 'vanthu:subscribe',
  unsubscribe: 'vanthu:unsubscribe',
} as const;

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

type Listener = Parameters<Bridge['onEvent']>[0];

export function createBridge(ipc: IpcRendererLike, newId: () => string = () => Math.random().toString(36).slice(2)): Bridge {
  return {
    invoke: (method, input) => ipc.invoke(CHANNELS.invoke, { method, input }) as ReturnType<Bridge['invoke']>,
    onEvent(listener) {
      const id = newId();
      const handler = (_e: unknown, subId: unknown, event: unknown) => {
        if (subId === id) listener(event as Parameters<Listener>[0]);
      };
      ipc.on(CHANNELS.event, handler);
      ipc.send(CHANNELS.subscribe, id);
      return () => {
        ipc.removeListener(CHANNELS.event, handler);
        ipc.send(CHANNELS.unsubscribe, id);
      };
    },
  };
}
