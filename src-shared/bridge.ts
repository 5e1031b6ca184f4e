// The one narrow bridge the Electron preload exposes to the renderer as `window.bridge`. Types only.

import type { EventEnvelope } from './api';
import type { Wire } from './errors';

export interface InvokeRequest {
  method: string;
  input: unknown;
  token: string | null;
}

export interface Bridge {
  invoke(method: string, input: unknown, token: string | null): Promise<Wire<unknown>>;
  /** Receives the events meant for the holder of `token`; returns an unsubscribe function. */
  onEvent(token: string, listener: (e: Pick<EventEnvelope, 'name' | 'data'>) => void): () => void;
}
