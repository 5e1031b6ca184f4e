// The Electron host's two guards, without the Electron binary: which frames main.ts trusts (sender.ts) and what the
// preload hands the renderer (preload-bridge.ts, and preload.ts itself with 'electron' replaced by fakes).

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, createBridge, type IpcRendererLike } from '../../src-main/electron/preload-bridge';
import { isRendererUrl, isTrustedSender } from '../../src-main/electron/sender';

// As main.ts builds it: the packaged renderer file, in a folder with Vietnamese letters and a space.
const appDir = path.resolve('/opt/Văn Thư/resources/app.asar/out');
const rendererUrl = pathToFileURL(path.join(appDir, 'renderer/index.html')).href;
const main = (url: string) => ({ url, parent: null });

describe('sender check', () => {
  it('trusts the main frame of the app’s own renderer file, on any of its routes', () => {
    expect(isTrustedSender(main(rendererUrl), rendererUrl)).toBe(true);
    expect(isTrustedSender(main(`${rendererUrl}#/van-ban-den/12`), rendererUrl)).toBe(true);
    expect(isRendererUrl(`${rendererUrl}#/`, rendererUrl)).toBe(true);
  });

  it('refuses other origins, other schemes, other files and a frame that is gone', () => {
    const refused = [
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'http://127.0.0.1:8765/',
      'data:text/html,<script>bridge.invoke("auth.me")</script>',
      'about:blank',
      'about:srcdoc',
      'blob:file:///7b0c1f7e-1111-4222-8333-944455556666',
      'devtools://devtools/bundled/inspector.html',
      'file:///tmp/index.html',
      pathToFileURL(path.join(appDir, 'renderer/other.html')).href,
      pathToFileURL(path.join(appDir, 'index.html')).href,
      pathToFileURL(path.join(appDir, '../../../evil/out/renderer/index.html')).href,
      `${rendererUrl}?x=1`,
      `${rendererUrl}/`,
      rendererUrl.replace('file:///', 'file://evil-host/'),
      '',
    ];
    for (const url of refused) expect(isTrustedSender(main(url), rendererUrl), url).toBe(false);
    expect(isTrustedSender(null, rendererUrl)).toBe(false);
    expect(isTrustedSender(undefined, rendererUrl)).toBe(false);
  });

  it('refuses a subframe even when it shows the renderer file', () => {
    const top = main(rendererUrl);
    expect(isTrustedSender({ url: rendererUrl, parent: top }, rendererUrl)).toBe(false);
    expect(isTrustedSender({ url: `${rendererUrl}#/`, parent: top }, rendererUrl)).toBe(false);
  });
});

interface FakeIpc extends IpcRendererLike {
  calls: { op: string; channel: string; args: unknown[] }[];
  listeners: Map<string, Set<(event: unknown, ...args: unknown[]) => void>>;
  emit(channel: string, ...args: unknown[]): void;
}

function fakeIpc(): FakeIpc {
  const calls: FakeIpc['calls'] = [];
  const listeners: FakeIpc['listeners'] = new Map();
  return {
    calls,
    listeners,
    invoke(channel, ...args) {
      calls.push({ op: 'invoke', channel, args });
      return Promise.resolve({ ok: true, value: { echo: args[0] } });
    },
    on(channel, listener) {
      calls.push({ op: 'on', channel, args: [] });
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      calls.push({ op: 'removeListener', channel, args: [] });
      listeners.get(channel)?.delete(listener);
    },
    send(channel, ...args) {
      calls.push({ op: 'send', channel, args });
    },
    emit(channel, ...args) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'fake' }, ...args);
    },
  };
}

describe('preload bridge', () => {
  it('has exactly invoke and onEvent, both functions', () => {
    const bridge = createBridge(fakeIpc());
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.getOwnPropertyNames(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(typeof bridge.invoke).toBe('function');
    expect(typeof bridge.onEvent).toBe('function');
  });

  it('forwards invoke as one request object on the invoke channel and returns the answer', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const answer = await bridge.invoke('documents.list', { filters: { direction: 'in' } });
    // No token crosses the bridge: the main process holds it (session-holder.ts).
    const request = { method: 'documents.list', input: { filters: { direction: 'in' } } };
    expect(ipc.calls).toEqual([{ op: 'invoke', channel: 'vanthu:invoke', args: [request] }]);
    expect(answer).toEqual({ ok: true, value: { echo: request } });
    await bridge.invoke('auth.login', { username: 'a', password: 'b' });
    expect(ipc.calls[1].args).toEqual([{ method: 'auth.login', input: { username: 'a', password: 'b' } }]);
  });

  it('subscribes with its own id, delivers only its events, and unsubscribes cleanly', () => {
    const ipc = fakeIpc();
    let n = 0;
    const bridge = createBridge(ipc, () => `sub${++n}`);
    const gotA: unknown[] = [];
    const gotB: unknown[] = [];
    const stopA = bridge.onEvent((e) => gotA.push(e));
    const stopB = bridge.onEvent((e) => gotB.push(e));
    expect(ipc.calls.filter((c) => c.op === 'send')).toEqual([
      { op: 'send', channel: 'vanthu:subscribe', args: ['sub1'] },
      { op: 'send', channel: 'vanthu:subscribe', args: ['sub2'] },
    ]);
    expect(ipc.listeners.get('vanthu:event')?.size).toBe(2);

    const change = { name: 'document.changed', data: { id: 7, direction: 'in' } };
    ipc.emit('vanthu:event', 'sub1', change);
    ipc.emit('vanthu:event', 'sub3', { name: 'document.changed', data: { id: 8 } });
    ipc.emit('vanthu:event', undefined, change);
    expect(gotA).toEqual([change]);
    expect(gotB).toEqual([]);

    stopA();
    expect(ipc.calls.at(-1)).toEqual({ op: 'send', channel: 'vanthu:unsubscribe', args: ['sub1'] });
    expect(ipc.listeners.get('vanthu:event')?.size).toBe(1);
    ipc.emit('vanthu:event', 'sub1', change);
    ipc.emit('vanthu:event', 'sub2', change);
    expect(gotA).toEqual([change]);
    expect(gotB).toEqual([change]);
    stopB();
    expect(ipc.listeners.get('vanthu:event')?.size).toBe(0);
  });

  it('gives each subscription a different id by default', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    bridge.onEvent(() => {});
    bridge.onEvent(() => {});
    const ids = ipc.calls.filter((c) => c.channel === CHANNELS.subscribe).map((c) => c.args[0]);
    expect(ids).toHaveLength(2);
    expect(typeof ids[0]).toBe('string');
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('preload.ts exposes that bridge, and only it, as window.bridge', async () => {
    const ipc = fakeIpc();
    const exposeInMainWorld = vi.fn();
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: ipc }));
    try {
      await import('../../src-main/electron/preload');
    } finally {
      vi.doUnmock('electron');
    }
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, bridge] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('bridge');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    await (bridge.invoke as (m: string, i: unknown) => Promise<unknown>)('auth.me', {});
    expect(ipc.calls).toEqual([{ op: 'invoke', channel: 'vanthu:invoke', args: [{ method: 'auth.me', input: {} }] }]);
  });
});
