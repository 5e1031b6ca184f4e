// The renderer's only way to the core: picks the Electron bridge when present, otherwise HTTP to the same origin.
// Holds no session token: the browser keeps it in an HttpOnly cookie (the HTTP host sets it at sign-in), the desktop
// app in its main process. Page scripts therefore cannot read it; the app knows only whether it is signed in.

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

/** Marks every call as coming from the page (the HTTP host's CSRF check; a cross-site form cannot send it). */
const PAGE_HEADERS = { 'X-VanThu': '1' };

// Whether this page believes it is signed in, and a counter of sign-ins and password changes: a call that started
// before the newest one and fails as unauthenticated is not news of a lost session.
let signedIn = false;
let generation = 0;

/** Records that a session has just begun (sign-in, password change, auth.me answered) or ended (sign-out). */
export function setSignedIn(v: boolean): void {
  signedIn = v;
  generation++;
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

async function overHttp(method: MethodName, input: unknown): Promise<Wire<unknown>> {
  const spec = contract[method];
  const headers: Record<string, string> = { ...PAGE_HEADERS };
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
    res = await fetch(`api/${method}`, { method: 'POST', headers, body, credentials: 'same-origin' });
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
  const gen = generation;
  let wire: Wire<unknown>;
  try {
    wire = window.bridge ? await window.bridge.invoke(method, input) : await overHttp(method, input);
  } finally {
    setBusy(-1);
  }
  if (!wire.ok) {
    // Only when no newer session began meanwhile (a password change renews it).
    if (wire.error.code === 'unauthenticated' && signedIn && gen === generation) {
      setSignedIn(false);
      for (const l of lostListeners) l();
    }
    throw new ApiError(wire.error);
  }
  if (method === 'auth.login' || method === 'auth.changePassword' || method === 'auth.me') {
    if (!signedIn || method !== 'auth.me') setSignedIn(true);
  } else if (method === 'auth.logout') setSignedIn(false);
  return wire.value as OutputOf<M>;
}

/** Subscribes to core events for the current session; returns an unsubscribe function. */
export function subscribeEvents(listener: (name: string, data: unknown) => void): () => void {
  if (!signedIn) return () => {};
  if (window.bridge) return window.bridge.onEvent((e) => listener(e.name, e.data));
  const ctrl = new AbortController();
  void (async () => {
    for (let attempt = 0; !ctrl.signal.aborted && attempt < 1000; attempt++) {
      // Each (re)connection carries the current cookie: it changes when the password does.
      if (!signedIn) return;
      try {
        const res = await fetch('api/events', { headers: PAGE_HEADERS, credentials: 'same-origin', signal: ctrl.signal });
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
