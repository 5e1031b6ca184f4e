// In-app preview of a stored file: PDF pages rendered with pdf.js, images shown directly; other kinds are
// downloaded or opened with the system application (Electron). Bytes come verified from the core.

import { useEffect, useRef, useState } from 'react';
import type { FileRefDto } from '../../../src-shared/api/documents';
import { ApiError, call, saveFile } from '../api';
import { Button } from './Controls';

const PAGE_STEP = 5;

async function loadPdfJs() {
  const pdfjs = await import('pdfjs-dist');
  const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export function FilePreview({ file, desktop }: { file: FileRefDto; desktop: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [imageUrl, setImageUrl] = useState<string | null>(null);
  const [pages, setPages] = useState(0);
  const [shown, setShown] = useState(PAGE_STEP);
  const [loading, setLoading] = useState(true);
  const holder = useRef<HTMLDivElement>(null);
  const doc = useRef<{ getPage(n: number): Promise<unknown>; destroy(): Promise<void> } | null>(null);
  const previewable = file.kind === 'pdf' || ['jpeg', 'png', 'gif'].includes(file.kind);

  useEffect(() => {
    if (!previewable) return setLoading(false);
    let url: string | null = null;
    let cancelled = false;
    setLoading(true);
    setError(null);
    (async () => {
      try {
        const out = await call('blobs.view', { hash: file.hash, fileName: file.fileName });
        if (cancelled) return;
        if (file.kind === 'pdf') {
          const pdfjs = await loadPdfJs();
          const task = pdfjs.getDocument({ data: out.bytes.slice(), isEvalSupported: false });
          const pdf = await task.promise;
          if (cancelled) return void pdf.destroy();
          doc.current = pdf as unknown as typeof doc.current;
          setPages(pdf.numPages);
        } else {
          url = URL.createObjectURL(new Blob([out.bytes as BlobPart], { type: out.mime }));
          setImageUrl(url);
        }
      } catch (e) {
        setError(e instanceof ApiError ? e.message : 'Không hiển thị được tệp này.');
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
      void doc.current?.destroy();
      doc.current = null;
      setPages(0);
      setShown(PAGE_STEP);
      setImageUrl(null);
    };
  }, [file.hash, file.kind, file.fileName, previewable]);

  useEffect(() => {
    const pdf = doc.current;
    const box = holder.current;
    if (!pdf || !box || !pages) return;
    let cancelled = false;
    (async () => {
      for (let n = box.childElementCount + 1; n <= Math.min(pages, shown) && !cancelled; n++) {
        const page = (await pdf.getPage(n)) as {
          getViewport(o: { scale: number }): { width: number; height: number };
          render(o: { canvasContext: CanvasRenderingContext2D; viewport: unknown }): { promise: Promise<void> };
        };
        const base = page.getViewport({ scale: 1 });
        // The holder is hidden while empty (display: none, width 0): measure the preview pane instead.
        const width = Math.max(320, (box.parentElement?.clientWidth ?? 800) - 48);
        const scale = Math.min(2, width / base.width) * (window.devicePixelRatio || 1);
        const viewport = page.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.className = 'pdf-page';
        canvas.setAttribute('aria-label', `Trang ${n}`);
        box.appendChild(canvas);
        await page.render({ canvasContext: canvas.getContext('2d')!, viewport }).promise;
      }
    })().catch(() => setError('Không hiển thị được một số trang của tệp PDF.'));
    return () => {
      cancelled = true;
    };
  }, [pages, shown]);

  const download = async () => saveFile(await call('blobs.get', { hash: file.hash, fileName: file.fileName }));
  const open = async () => {
    const r = await call('blobs.open', { hash: file.hash, fileName: file.fileName });
    if (!r.opened) await download();
  };

  return (
    <div className="preview">
      <div className="row">
        <strong className="grow">{file.fileName}</strong>
        {desktop && (
          <Button small onClick={() => void open()}>
            Mở bằng ứng dụng
          </Button>
        )}
        <Button small onClick={() => void download()}>
          Tải về
        </Button>
      </div>
      {file.macro && <div className="banner warn">Tệp có macro: chỉ mở khi chắc chắn nguồn gửi tin cậy.</div>}
      {loading && (
        <div className="muted row">
          <span className="spinner" aria-hidden /> Đang mở tệp…
        </div>
      )}
      {error && <div className="banner error">{error}</div>}
      {!previewable && !loading && <p className="muted">Không xem trước được loại tệp này trong VănThư. Hãy tải về hoặc mở bằng ứng dụng của máy.</p>}
      {imageUrl && <img className="image-preview" src={imageUrl} alt={file.fileName} />}
      <div ref={holder} className="pdf-pages" />
      {pages > shown && (
        <Button small onClick={() => setShown((s) => s + PAGE_STEP)}>
          Xem thêm trang ({shown}/{pages})
        </Button>
      )}
    </div>
  );
}
