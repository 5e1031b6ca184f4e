// The one narrow bridge the Electron preload exposes to the renderer as `window.bridge`. Types only. It carries no
// session token: the main process keeps it per window (electron/session-holder.ts), out of page scripts' reach.

import type { EventEnvelope } from './api';
import type { Wire } from './errors';

/** What the IPC host dispatches: the main process adds the window's token to what the renderer sent. */
export interface InvokeRequest {
  method: string;
  input: unknown;
  token: string | null;
}

/** What the renderer sends over the invoke channel. */
export interface BridgeRequest {
  method: string;
  input: unknown;
}

export interface Bridge {
  invoke(method: string, input: unknown): Promise<Wire<unknown>>;
  /** Receives the events meant for the person signed in in this window; returns an unsubscribe function. */
  onEvent(listener: (e: Pick<EventEnvelope, 'name' | 'data'>) => void): () => void;
}
