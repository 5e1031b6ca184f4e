// Pieces shared by the scanning screens and the registration form's prefill: page images from the core as object
// URLs, the core's scanning events typed, labels for OCR states, and the "Gợi ý" badge of a prefilled field.

import { useEffect, useState, type ReactNode } from 'react';
import type { ImportPageDto, OcrState, ScanningEvents, Suggested } from '../../../../src-shared/api/scanning';
import { call } from '../../api';
import { onCoreEvent } from '../workflow/events';

/** A page image (already rotated by the core) as an object URL; refetched when the rotation changes. */
export function usePageImage(pageId: number, rotation: number, size: 'thumb' | 'full'): { url: string | null; failed: boolean } {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let made: string | null = null;
    let alive = true;
    setFailed(false);
    call('imports.pageImage', { pageId, size }).then(
      (out) => {
        if (!alive) return;
        made = URL.createObjectURL(new Blob([out.bytes as BlobPart], { type: out.mime || 'image/jpeg' }));
        setUrl(made);
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      // The previous image stays on screen until the rotated one arrives, then its URL is released.
      if (made) setTimeout(() => URL.revokeObjectURL(made!), 2000);
    };
    // rotation is not sent: the core applies the page's stored rotation, so a new rotation means new bytes.
  }, [pageId, rotation, size]);
  return { url, failed };
}

/** Listens to one of the scanning events (the shared SSE/IPC subscription). */
export function onScanEvent<E extends keyof ScanningEvents>(name: E, listener: (data: ScanningEvents[E]) => void): () => void {
  return onCoreEvent((n, data) => n === name && listener(data as ScanningEvents[E]));
}

export const OCR_STATE: Record<OcrState, { label: string; tone: string }> = {
  pending: { label: 'Chờ nhận dạng chữ', tone: '' },
  running: { label: 'Đang nhận dạng chữ…', tone: 'blue' },
  done: { label: 'Đã nhận dạng chữ', tone: 'green' },
  failed: { label: 'Không nhận dạng được chữ', tone: 'red' },
  skipped: { label: 'Không nhận dạng chữ', tone: '' },
};

export function ocrText(p: Pick<ImportPageDto, 'ocr' | 'ocrConfidence'>): string {
  const base = OCR_STATE[p.ocr].label;
  return p.ocr === 'done' && p.ocrConfidence != null ? `${base} (${Math.round(p.ocrConfidence * 100)}%)` : base;
}

/** A client-chosen id for a scan (so it can be followed and cancelled while scanner.scan runs). */
export function newScanId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `scan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** What a prefilled field shows: its confidence, and the line of the text it was read from (as a tooltip). */
export interface Suggestion {
  confidence: number;
  source: string;
}

export const asSuggestion = (s: Pick<Suggested<unknown>, 'confidence' | 'source'>): Suggestion => ({ confidence: s.confidence, source: s.source });

/**
 * Wraps a form field: while its value is a suggestion not yet confirmed, the field is tinted and carries a "Gợi ý"
 * badge with the confidence. The wrapper is always there so the input is never remounted (focus, typing kept).
 */
export function SuggestField({ s, children, label }: { s: Suggestion | undefined; children: ReactNode; label?: string }) {
  return (
    <div className={`suggest-field${s ? ' suggested' : ''}`}>
      {children}
      {s && (
        <span
          className="badge suggest"
          title={s.source ? `Đọc từ: “${s.source}”` : undefined}
          aria-label={`${label ? `${label}: ` : ''}gợi ý, độ tin cậy ${Math.round(s.confidence * 100)}%`}
        >
          Gợi ý {Math.round(s.confidence * 100)}%
        </span>
      )}
    </div>
  );
}
