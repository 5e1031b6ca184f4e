// Preload (sandboxed, CommonJS): exposes exactly invoke and onEvent to the renderer, nothing else of Node/Electron.
// The bridge itself is built in preload-bridge.ts (tested without Electron); this file only hands it over.

import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './preload-bridge';

contextBridge.exposeInMainWorld('bridge', createBridge(ipcRenderer));
