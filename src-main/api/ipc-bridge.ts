// The Electron IPC host's logic without Electron: validates what the renderer sent, dispatches, and filters events
// per logged-in user. electron/main.ts only wires these functions to ipcMain, so the contract test can cover them.

import type { EventEnvelope } from '../../src-shared/api';
import type { InvokeRequest } from '../../src-shared/bridge';
import { AppError, type Wire } from '../../src-shared/errors';
import type { Core } from '../core';

function isInvokeRequest(v: unknown): v is InvokeRequest {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r.method === 'string' && (r.token === null || typeof r.token === 'string');
}

export function createIpcBridge(core: Core) {
  return {
    /** `client` names the calling window (its webContents id) for per-client limits such as the sign-in delay. */
    async invoke(req: unknown, client?: string): Promise<Wire<unknown>> {
      if (!isInvokeRequest(req)) return { ok: false, error: new AppError('invalid_input', 'Yêu cầu không hợp lệ.').toWire() };
      return core.dispatch(req.method, req.input, { token: req.token, origin: 'ipc', client });
    },

    /** Forwards to `send` the events meant for the user behind `token`, until the returned function is called. */
    subscribe(token: string, send: (e: Pick<EventEnvelope, 'name' | 'data'>) => void): () => void {
      const caller = core.services.sessions.resolve(token, { touch: false });
      if (!caller) return () => {};
      return core.events.subscribe((e) => {
        if (e.to && !e.to.includes(caller.userId)) return;
        send({ name: e.name, data: e.data });
      });
    },
  };
}
