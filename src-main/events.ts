// In-process event bus: the core emits, hosts (SSE, IPC) subscribe and forward to the right clients.
// Listeners must not throw into the core: a failing listener is logged and the others still run.

import type { EventEnvelope } from '../src-shared/api';
import type { Logger } from './env';

export type EventListener = (e: EventEnvelope) => void;

export function createEventBus(logger: Logger) {
  const listeners = new Set<EventListener>();
  return {
    emit(e: EventEnvelope): void {
      for (const l of [...listeners]) {
        try {
          l(e);
        } catch (err) {
          logger.error('event listener failed', { event: e.name, error: String(err) });
        }
      }
    },
    subscribe(l: EventListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get size(): number {
      return listeners.size;
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
