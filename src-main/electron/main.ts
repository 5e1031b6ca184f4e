// Electron main process: single instance, one hardened window, and the IPC host wired to the core. The only file
// besides preload.ts that imports 'electron'; everything it calls is plain Node and tested without Electron.

import { app, BrowserWindow, dialog, ipcMain, session, shell, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError } from '../../src-shared/errors';
import { createIpcBridge } from '../api/ipc-bridge';
import { createCore, type Core } from '../core';
import { systemClock, type Env, type Logger } from '../env';
import { CHANNELS } from './preload-bridge';
import { isRendererUrl, isTrustedSender } from './sender';
import { createSessionHolder } from './session-holder';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererIndex = path.join(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

function fileLogger(dir: string): Logger {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'vanthu.log');
  const write = (level: string, msg: string, data?: Record<string, unknown>) =>
    fs.appendFile(file, `${JSON.stringify({ t: new Date().toISOString(), level, msg, ...data })}\n`, () => {});
  return { info: (m, d) => write('info', m, d), warn: (m, d) => write('warn', m, d), error: (m, d) => write('error', m, d) };
}

function electronEnv(): Env {
  const dataDir = app.getPath('userData');
  return {
    dataDir,
    resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(app.getAppPath(), 'resources'),
    version: app.getVersion(),
    clock: systemClock,
    logger: fileLogger(path.join(dataDir, 'logs')),
    desktop: {
      async openPath(p) {
        const err = await shell.openPath(p);
        if (err) throw new Error(err);
      },
    },
    timers: true,
  };
}

/** Only our own renderer, loaded from our file, in the window's main frame, may call the core (sender.ts). */
function trusted(e: IpcMainInvokeEvent | IpcMainEvent): boolean {
  return isTrustedSender(e.senderFrame, rendererUrl);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 680,
    title: 'VănThư',
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: path.join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e, url) => {
    if (!isRendererUrl(url, rendererUrl)) e.preventDefault();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex);
  return win;
}

function wireIpc(core: Core): void {
  // Each window's session token stays here, in the main process: the renderer never sees it.
  const holder = createSessionHolder(createIpcBridge(core));
  const subscriptions = new Map<string, () => void>();
  // Windows whose closing already forgets their session.
  const watched = new Set<number>();
  ipcMain.handle(CHANNELS.invoke, (e, req: unknown) => {
    if (!trusted(e)) return { ok: false, error: new AppError('forbidden').toWire() };
    const wc = e.sender;
    if (!watched.has(wc.id)) {
      watched.add(wc.id);
      wc.once('destroyed', () => {
        holder.forget(`wc${wc.id}`);
        watched.delete(wc.id);
      });
    }
    return holder.invoke(`wc${wc.id}`, req);
  });
  ipcMain.on(CHANNELS.subscribe, (e, id: unknown) => {
    if (!trusted(e) || typeof id !== 'string') return;
    const sender = e.sender;
    const stop = holder.subscribe(`wc${sender.id}`, (event) => {
      if (!sender.isDestroyed()) sender.send(CHANNELS.event, id, event);
    });
    subscriptions.set(id, stop);
    sender.once('destroyed', () => {
      stop();
      subscriptions.delete(id);
    });
  });
  ipcMain.on(CHANNELS.unsubscribe, (e, id: unknown) => {
    if (!trusted(e) || typeof id !== 'string') return;
    subscriptions.get(id)?.();
    subscriptions.delete(id);
  });
}

// Native controls (date pickers, context menus) in Vietnamese.
app.commandLine.appendSwitch('lang', 'vi');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let core: Core | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
  });

  void app.whenReady().then(() => {
    // The window may show operating-system notifications (new work in Việc cần xử lý, urgent documents, đôn đốc) and
    // nothing else: no camera, microphone, location, clipboard reading …
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'notifications');
    try {
      core = createCore(electronEnv());
    } catch (e) {
      const msg = e instanceof AppError ? e.message : `Không mở được dữ liệu VănThư: ${e instanceof Error ? e.message : String(e)}`;
      dialog.showErrorBox('VănThư', msg);
      app.quit();
      return;
    }
    wireIpc(core);
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => core?.close());
}
