// One shared subscription to the core's events for the workflow screens (counts, bell, open document): each screen
// adds a listener here instead of opening its own SSE connection (browsers allow only a few per server).

import { subscribeEvents } from '../../api';

type Listener = (name: string, data: unknown) => void;
const listeners = new Set<Listener>();
let stop: (() => void) | null = null;

export function onCoreEvent(l: Listener): () => void {
  listeners.add(l);
  if (!stop) stop = subscribeEvents((name, data) => listeners.forEach((x) => x(name, data)));
  return () => {
    listeners.delete(l);
    if (!listeners.size && stop) {
      stop();
      stop = null;
    }
  };
}
