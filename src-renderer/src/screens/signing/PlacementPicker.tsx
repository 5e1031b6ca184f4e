// Where the signer's image goes when the document's signing block cannot be found from the signer's name: the user
// clicks the spot on a page preview (pdf.js), and the point is turned into PDF coordinates (the box's lower-left
// corner) for signing.signPersonal's `placement`. Keyboard: the page selector and the arrow keys move the box.

import { useEffect, useRef, useState } from 'react';
import { call } from '../../api';
import { SelectField } from '../../ui/Controls';

export interface Placement {
  page: number;
  x: number;
  y: number;
}

/** The box the core fits the signature image into (points). */
const BOX = { w: 130, h: 62 };
const WIDTH = 460;

type PdfDoc = { numPages: number; getPage(n: number): Promise<PdfPage>; destroy(): Promise<void> };
type PdfPage = {
  getViewport(o: { scale: number }): { width: number; height: number; convertToPdfPoint(x: number, y: number): number[]; convertToViewportPoint(x: number, y: number): number[] };
  render(o: { canvasContext: CanvasRenderingContext2D; viewport: unknown }): { promise: Promise<void> };
  view: number[];
};

export function PlacementPicker({ hash, fileName, value, onChange }: { hash: string; fileName: string; value: Placement | null; onChange: (p: Placement | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PdfDoc | null>(null);
  const [page, setPage] = useState<number | null>(null);
  const [scale, setScale] = useState(1);
  const [viewport, setViewport] = useState<ReturnType<PdfPage['getViewport']> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let loaded: PdfDoc | null = null;
    (async () => {
      try {
        const out = await call('blobs.view', { hash, fileName });
        const pdfjs = await import('pdfjs-dist');
        const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
        pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
        loaded = (await pdfjs.getDocument({ data: out.bytes.slice(), isEvalSupported: false }).promise) as unknown as PdfDoc;
        if (cancelled) return void loaded.destroy();
        setDoc(loaded);
        setPage((p) => p ?? loaded!.numPages);
      } catch {
        if (!cancelled) setError('Không hiển thị được trang để chọn vị trí.');
      }
    })();
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [hash, fileName]);

  useEffect(() => {
    if (!doc || page == null) return;
    let cancelled = false;
    (async () => {
      const p = await doc.getPage(page);
      const base = p.getViewport({ scale: 1 });
      const s = WIDTH / base.width;
      const vp = p.getViewport({ scale: s });
      const c = canvas.current;
      if (!c || cancelled) return;
      c.width = Math.round(vp.width);
      c.height = Math.round(vp.height);
      await p.render({ canvasContext: c.getContext('2d') as CanvasRenderingContext2D, viewport: vp }).promise;
      if (!cancelled) {
        setScale(s);
        setViewport(vp);
      }
    })().catch(() => setError('Không hiển thị được trang để chọn vị trí.'));
    return () => {
      cancelled = true;
    };
  }, [doc, page]);

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    if (!viewport || page == null) return;
    const r = e.currentTarget.getBoundingClientRect();
    const k = e.currentTarget.width / r.width;
    const [px, py] = viewport.convertToPdfPoint((e.clientX - r.left) * k, (e.clientY - r.top) * k);
    onChange({ page, x: Math.round(px - BOX.w / 2), y: Math.round(py - BOX.h / 2) });
  };

  const nudge = (e: React.KeyboardEvent) => {
    if (!value) return;
    const d = e.shiftKey ? 20 : 5;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    onChange({ ...value, x: value.x + m[0], y: value.y + m[1] });
  };

  // The chosen box drawn over the canvas, in CSS pixels of the displayed page.
  let box: React.CSSProperties | null = null;
  if (value && viewport && value.page === page) {
    const [x1, y1] = viewport.convertToViewportPoint(value.x, value.y + BOX.h);
    box = {
      left: `${(x1 / viewport.width) * 100}%`,
      top: `${(y1 / viewport.height) * 100}%`,
      width: `${((BOX.w * scale) / viewport.width) * 100}%`,
      height: `${((BOX.h * scale) / viewport.height) * 100}%`,
    };
  }

  if (error) return <p className="muted small">{error}</p>;
  return (
    <div className="placement-picker">
      <div className="row wrap">
        {doc && (
          <SelectField
            label="Trang"
            value={String(page ?? doc.numPages)}
            onChange={(v) => setPage(Number(v))}
            options={Array.from({ length: doc.numPages }, (_, i) => ({ value: String(i + 1), label: `Trang ${i + 1}` }))}
          />
        )}
        <p className="muted small grow">
          Bấm vào chỗ đặt chữ ký trên trang (phím mũi tên để dịch chuyển). {value ? `Đã chọn: trang ${value.page}.` : 'Chưa chọn: phần mềm tự tìm ô ký theo họ tên người ký.'}
        </p>
        {value && (
          <button type="button" className="btn small" onClick={() => onChange(null)}>
            Bỏ chọn
          </button>
        )}
      </div>
      <div className="placement-page" tabIndex={0} onKeyDown={nudge} aria-label="Trang để chọn vị trí chữ ký">
        <canvas ref={canvas} onClick={pick} />
        {box && <div className="placement-box" style={box} aria-hidden />}
      </div>
    </div>
  );
}
