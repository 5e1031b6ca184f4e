// The desktop app's sessions, held in the main process per window (webContents): the renderer sends only a method
// and its input, this adds the window's token, keeps the token a sign-in or password change returns and hands the
// renderer the answer without it. No 'electron' import, so tests drive it as plain functions; it never logs a token.

import type { EventEnvelope } from '../../src-shared/api';
import type { BridgeRequest, InvokeRequest } from '../../src-shared/bridge';
import { AppError, type Wire } from '../../src-shared/errors';

/** The IPC host's logic it wraps (api/ipc-bridge.ts). */
export interface TokenBridge {
  invoke(req: InvokeRequest, client?: string): Promise<Wire<unknown>>;
  subscribe(token: string, send: (e: Pick<EventEnvelope, 'name' | 'data'>) => void): () => void;
}

function isBridgeRequest(v: unknown): v is BridgeRequest {
  return !!v && typeof v === 'object' && typeof (v as Record<string, unknown>).method === 'string' && !('token' in v);
}

export function createSessionHolder(bridge: TokenBridge) {
  const tokens = new Map<string, string>();

  return {
    /** One call from window `client`, with that window's session. */
    async invoke(client: string, req: unknown): Promise<Wire<unknown>> {
      if (!isBridgeRequest(req)) return { ok: false, error: new AppError('invalid_input', 'Yêu cầu không hợp lệ.').toWire() };
      const token = tokens.get(client) ?? null;
      const wire = await bridge.invoke({ method: req.method, input: req.input, token }, client);
      if (wire.ok && (req.method === 'auth.login' || req.method === 'auth.changePassword')) {
        const value = wire.value as { token?: string };
        if (value.token) {
          tokens.set(client, value.token);
          return { ok: true, value: { ...value, token: '' } };
        }
      }
      // Signed out, or the session is gone (expired, password changed elsewhere, account disabled or revoked). Only
      // the token this call used is dropped: a sign-in that finished meanwhile keeps its own.
      if ((wire.ok && req.method === 'auth.logout') || (!wire.ok && wire.error.code === 'unauthenticated')) {
        if (tokens.get(client) === token) tokens.delete(client);
      }
      return wire;
    },

    /** Events for the person signed in in window `client` now; nothing when no one is. */
    subscribe(client: string, send: (e: Pick<EventEnvelope, 'name' | 'data'>) => void): () => void {
      const token = tokens.get(client);
      if (!token) return () => {};
      return bridge.subscribe(token, send);
    },

    /** The window closed: its session is forgotten (it ends by itself when idle). */
    forget(client: string): void {
      tokens.delete(client);
    },

    /** Whether window `client` holds a session (for tests). */
    holds(client: string): boolean {
      return tokens.has(client);
    },
  };
}

export type SessionHolder = ReturnType<typeof createSessionHolder>;
