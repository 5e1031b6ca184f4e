// The renderer's only way to the core: picks the Electron bridge when present, otherwise HTTP to the same origin.
// Holds the session token (sessionStorage, so a reload keeps the session but closing the tab ends it).

import { api as contract, type InputOf, type MethodName, type OutputOf } from '../../src-shared/api';
import type { BinaryOut } from '../../src-shared/api/define';
import type { Bridge } from '../../src-shared/bridge';
import { ERROR_MESSAGES, type ErrorCode, type FieldIssue, type Wire, type WireError } from '../../src-shared/errors';

declare global {
  interface Window {
    bridge?: Bridge;
  }
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldIssue[];
  readonly details: Record<string, unknown> | undefined;
  constructor(e: WireError) {
    super(e.message || ERROR_MESSAGES[e.code] || ERROR_MESSAGES.internal);
    this.code = e.code;
    this.fields = e.fields ?? [];
    this.details = e.details;
  }
  /** The message for one field, if the core flagged it. */
  field(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

const TOKEN_KEY = 'vanthu.token';
let token: string | null = sessionStorage.getItem(TOKEN_KEY);

export function getToken(): string | null {
  return token;
}

export function setToken(t: string | null): void {
  token = t;
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// ---- busy state: the top progress bar shows while any call takes longer than a moment ----------------------------
let inFlight = 0;
const busyListeners = new Set<(busy: boolean) => void>();
function setBusy(delta: number): void {
  const before = inFlight > 0;
  inFlight += delta;
  const after = inFlight > 0;
  if (before !== after) for (const l of busyListeners) l(after);
}
export function onBusy(l: (busy: boolean) => void): () => void {
  busyListeners.add(l);
  return () => busyListeners.delete(l);
}

const lostListeners = new Set<() => void>();
/** Called when the core says the session is gone (expired, logged out elsewhere, account disabled). */
export function onSessionLost(l: () => void): () => void {
  lostListeners.add(l);
  return () => lostListeners.delete(l);
}

function fileNameFrom(disposition: string | null): string {
  const star = disposition?.match(/filename\*=UTF-8''([^;]+)/i);
  if (star) return decodeURIComponent(star[1]);
  const plain = disposition?.match(/filename="([^"]+)"/i);
  return plain?.[1] ?? 'tai-ve';
}

async function overHttp(method: MethodName, input: unknown, auth: string | null): Promise<Wire<unknown>> {
  const spec = contract[method];
  const headers: Record<string, string> = {};
  if (auth) headers.Authorization = `Bearer ${auth}`;
  let body: BodyInit;
  if (spec.binary === 'input') {
    const { bytes, ...meta } = input as { bytes: Uint8Array } & Record<string, unknown>;
    headers['Content-Type'] = 'application/octet-stream';
    headers['X-Vanthu-Input'] = encodeURIComponent(JSON.stringify(meta));
    body = new Blob([bytes as BlobPart]);
  } else {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(input ?? {});
  }
  let res: Response;
  try {
    res = await fetch(`api/${method}`, { method: 'POST', headers, body });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Không kết nối được tới máy chủ VănThư. Kiểm tra chương trình còn đang chạy.' } };
  }
  const type = res.headers.get('content-type') ?? '';
  // A file comes with its Content-Disposition; the content type alone cannot tell it from the JSON envelope of an
  // error, since a file may itself be JSON (the interconnection diagnostics).
  const disposition = res.headers.get('content-disposition');
  if (spec.binary === 'output' && res.ok && (disposition || !type.startsWith('application/json'))) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    const value: BinaryOut = { fileName: fileNameFrom(disposition), mime: type, bytes };
    return { ok: true, value };
  }
  try {
    return (await res.json()) as Wire<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: ERROR_MESSAGES.internal } };
  }
}

/** Calls a core method; resolves with its value or throws ApiError with a Vietnamese message. */
export async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  setBusy(1);
  const used = token;
  let wire: Wire<unknown>;
  try {
    wire = window.bridge ? await window.bridge.invoke(method, input, used) : await overHttp(method, input, used);
  } finally {
    setBusy(-1);
  }
  if (!wire.ok) {
    // Only the token that failed is dropped: a newer one (after a password change) stays.
    if (wire.error.code === 'unauthenticated' && used && used === token) {
      setToken(null);
      for (const l of lostListeners) l();
    }
    throw new ApiError(wire.error);
  }
  return wire.value as OutputOf<M>;
}

/** Subscribes to core events for the current session; returns an unsubscribe function. */
export function subscribeEvents(listener: (name: string, data: unknown) => void): () => void {
  if (!token) return () => {};
  if (window.bridge) return window.bridge.onEvent(token, (e) => listener(e.name, e.data));
  const ctrl = new AbortController();
  void (async () => {
    for (let attempt = 0; !ctrl.signal.aborted && attempt < 1000; attempt++) {
      // The current token at each (re)connection: it changes when the password does.
      const t = token;
      if (!t) return;
      try {
        const res = await fetch('api/events', { headers: { Authorization: `Bearer ${t}` }, signal: ctrl.signal });
        if (!res.ok || !res.body) return;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const name = block.match(/^event: (.*)$/m)?.[1];
            const data = block.match(/^data: (.*)$/m)?.[1];
            if (name && data) listener(name, JSON.parse(data));
          }
        }
      } catch {
        if (ctrl.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, 3000));
    }
  })();
  return () => ctrl.abort();
}

/** Offers a file returned by the core as a download. */
export function saveFile(out: BinaryOut): void {
  const url = URL.createObjectURL(new Blob([out.bytes as BlobPart], { type: out.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = out.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
