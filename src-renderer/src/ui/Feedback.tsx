// Feedback to the person: the busy bar (any call over 300 ms), toasts, and the error banner for ApiError.

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, onBusy } from '../api';

export function BusyBar() {
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState(false);
  useEffect(() => onBusy(setBusy), []);
  useEffect(() => {
    if (!busy) return setShown(false);
    const t = setTimeout(() => setShown(true), 300);
    return () => clearTimeout(t);
  }, [busy]);
  return shown ? <div className="busy-bar" role="progressbar" aria-label="Đang xử lý" /> : null;
}

interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  text: string;
}

const ToastCtx = createContext<(kind: Toast['kind'], text: string) => void>(() => {});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Toast[]>([]);
  const push = useCallback((kind: Toast['kind'], text: string) => {
    const id = Date.now() + Math.random();
    setItems((xs) => [...xs, { id, kind, text }]);
    setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);
  return (
    <ToastCtx.Provider value={push}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {items.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`}>
            <span className="grow">{t.text}</span>
            <button type="button" aria-label="Đóng thông báo" onClick={() => setItems((xs) => xs.filter((x) => x.id !== t.id))}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastCtx.Provider>
  );
}

export function useToast() {
  return useContext(ToastCtx);
}

/** Shows an error from the core: its message, and the field problems not shown beside a field. */
export function ErrorBanner({ error, shownFields = [] }: { error: unknown; shownFields?: string[] }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  const message = e ? e.message : error instanceof Error ? error.message : String(error);
  const rest = e?.fields.filter((f) => !shownFields.includes(f.path)) ?? [];
  return (
    <div className="banner error" role="alert">
      <div>
        <strong>{message}</strong>
        {rest.length > 0 && (
          <ul>
            {rest.map((f) => (
              <li key={f.path + f.message}>{f.message}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function fieldError(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? error.field(path) : undefined;
}
