// The tray of one batch: page thumbnails in order, grouped into the documents they will become, with rotate, delete,
// move and split by mouse or key (R, Del, Alt+←/→, S, Enter), blank pages suggested (never removed by themselves),
// duplicate hints beside their pages, OCR per page, "Thêm trang", "Bỏ lô này", and "Tạo văn bản" with its progress
// and the documents it made, each with "Vào sổ". Every edit is sent to the core; the list it returns is the truth.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CreatedImportDocument, DuplicateHintDto, ImportBatchDetail, ImportPageDto } from '../../../../src-shared/api/scanning';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { Button } from '../../ui/Controls';
import { ActionDialog, Dialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { fileSize } from './bits';
import { OCR_STATE, ocrText, onScanEvent, usePageImage } from './scan-common';
import type { Scanner } from './ScanScreen';

type Rotation = ImportPageDto['rotation'];

const byPosition = (pages: ImportPageDto[]) => [...pages].sort((a, b) => a.position - b.position);

/** Positions 1…n and a document starting at the first page, whatever the edit did. */
function normalise(pages: ImportPageDto[]): ImportPageDto[] {
  return pages.map((p, i) => ({ ...p, position: i + 1, startsDocument: i === 0 ? true : p.startsDocument }));
}

/** Removes pages; a removed page that started a document hands that start to the page after it. */
function without(pages: ImportPageDto[], ids: ReadonlySet<number>): ImportPageDto[] {
  const out: ImportPageDto[] = [];
  let carry = false;
  for (const p of pages) {
    if (ids.has(p.id)) {
      carry ||= p.startsDocument;
      continue;
    }
    out.push(carry ? { ...p, startsDocument: true } : p);
    carry = false;
  }
  return normalise(out);
}

/**
 * Moves a page one place. The document boundaries stay where they are (the split marks belong to the places, not to
 * the pages), so moving the first page of "Văn bản 2" left moves it to the end of "Văn bản 1".
 */
function moved(pages: ImportPageDto[], id: number, delta: -1 | 1): ImportPageDto[] {
  const i = pages.findIndex((p) => p.id === id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= pages.length) return pages;
  const out = [...pages];
  out[i] = { ...pages[j], startsDocument: pages[i].startsDocument };
  out[j] = { ...pages[i], startsDocument: pages[j].startsDocument };
  return normalise(out);
}

/** The pages split into documents (startsDocument marks). */
function groups(pages: ImportPageDto[]): ImportPageDto[][] {
  const out: ImportPageDto[][] = [];
  for (const p of pages) {
    if (p.startsDocument || !out.length) out.push([]);
    out[out.length - 1].push(p);
  }
  return out;
}

export function ScanTray(props: {
  batchId: number;
  scanner: Scanner;
  ocrLive: { done: number; total: number; failed: number } | undefined;
  onUpload: (files: File[]) => Promise<ImportBatchDetail | null>;
  onGone: () => void;
}) {
  const { batchId, scanner } = props;
  const toast = useToast();
  const [detail, setDetail] = useState<ImportBatchDetail | null>(null);
  const [pages, setPages] = useState<ImportPageDto[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editError, setEditError] = useState<unknown>(null);
  const [focusId, setFocusId] = useState<number | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const create = useAction();
  const discard = useAction();
  const [created, setCreated] = useState<CreatedImportDocument[] | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);
  // Edits go to the core one after another; only the answer to the latest is shown (earlier ones are stale).
  const seq = useRef(0);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const editing = useRef(0);

  const show = useCallback((d: ImportBatchDetail) => {
    setDetail(d);
    setPages(byPosition(d.pages));
  }, []);

  const load = useCallback(() => {
    // A reload while edits are on their way, or answered after the clerk's next edit, would show the pages as they
    // were before it: such an answer is dropped (the edit's own answer is the newer truth).
    if (editing.current > 0) return;
    const at = seq.current;
    call('imports.get', { batchId }).then((d) => {
      if (seq.current === at && editing.current === 0) show(d);
    }, setLoadError);
  }, [batchId, show]);
  useEffect(() => load(), [load]);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | undefined;
    const later = (id: number) => {
      if (id !== batchId) return;
      clearTimeout(t);
      t = setTimeout(() => loadRef.current(), 250);
    };
    const offs = [
      onScanEvent('imports.changed', (e) => later(e.batchId)),
      onScanEvent('ocr.progress', (e) => later(e.batchId)),
      onScanEvent('scan.progress', (e) => later(e.batchId)),
    ];
    return () => {
      clearTimeout(t);
      offs.forEach((off) => off());
    };
  }, [batchId]);

  const apply = (next: ImportPageDto[], focus?: number | null) => {
    setPages(next);
    if (focus !== undefined) {
      setFocusId(focus);
      wantFocus.current = true;
    }
    const n = ++seq.current;
    editing.current++;
    setEditError(null);
    chain.current = chain.current.then(async () => {
      try {
        const d = await call('imports.editPages', { batchId, pages: next.map((p) => ({ id: p.id, rotation: p.rotation, startsDocument: p.startsDocument })) });
        if (n === seq.current) show(d);
      } catch (e) {
        setEditError(e);
        if (n === seq.current) void call('imports.get', { batchId }).then(show, setLoadError);
      } finally {
        editing.current--;
      }
    });
  };

  const rotate = (id: number) => apply(pages.map((p) => (p.id === id ? { ...p, rotation: ((p.rotation + 90) % 360) as Rotation } : p)));
  const remove = (id: number) => {
    const i = pages.findIndex((p) => p.id === id);
    const next = without(pages, new Set([id]));
    apply(next, next[Math.min(i, next.length - 1)]?.id ?? null);
  };
  const move = (id: number, delta: -1 | 1) => apply(moved(pages, id, delta), id);
  const split = (id: number) => apply(normalise(pages.map((p) => (p.id === id ? { ...p, startsDocument: !p.startsDocument } : p))), id);
  const open = detail?.state === 'open';
  const blanks = pages.filter((p) => p.blankSuggested);
  const removeBlanks = () => {
    apply(without(pages, new Set(blanks.map((p) => p.id))));
    toast('ok', `Đã xóa ${blanks.length} trang trắng.`);
  };

  // Keyboard focus follows the page it acted on (after a move or delete the elements are new).
  useLayoutEffect(() => {
    if (!wantFocus.current || focusId == null) return;
    wantFocus.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-page-id="${focusId}"]`)?.focus();
  });

  const focusAt = (id: number) => {
    setFocusId(id);
    wantFocus.current = true;
  };

  /** The nearest page above or below on screen (the grid wraps with the window's width). */
  const vertical = (id: number, down: boolean): number | null => {
    const els = [...(gridRef.current?.querySelectorAll<HTMLElement>('[data-page-id]') ?? [])];
    const me = els.find((e) => Number(e.dataset.pageId) === id)?.getBoundingClientRect();
    if (!me) return null;
    const cx = me.left + me.width / 2;
    const rows = els.map((e) => ({ id: Number(e.dataset.pageId), r: e.getBoundingClientRect() })).filter((x) => (down ? x.r.top >= me.bottom - 4 : x.r.bottom <= me.top + 4));
    if (!rows.length) return null;
    const rowTop = down ? Math.min(...rows.map((x) => x.r.top)) : Math.max(...rows.map((x) => x.r.top));
    const row = rows.filter((x) => Math.abs(x.r.top - rowTop) < 4);
    row.sort((a, b) => Math.abs(a.r.left + a.r.width / 2 - cx) - Math.abs(b.r.left + b.r.width / 2 - cx));
    return row[0]?.id ?? null;
  };

  const onPageKey = (e: React.KeyboardEvent, p: ImportPageDto) => {
    const i = pages.findIndex((x) => x.id === p.id);
    const k = e.key;
    let handled = true;
    // A batch already made into documents is only looked at.
    const edit = open;
    if (!edit && (e.altKey || ['r', 'R', 'Delete', 'Backspace', 's', 'S'].includes(k))) handled = false;
    else if (e.altKey && k === 'ArrowLeft') move(p.id, -1);
    else if (e.altKey && k === 'ArrowRight') move(p.id, 1);
    else if (e.ctrlKey || e.metaKey || e.altKey) handled = false;
    else if (k === 'ArrowLeft' && i > 0) focusAt(pages[i - 1].id);
    else if (k === 'ArrowRight' && i < pages.length - 1) focusAt(pages[i + 1].id);
    else if (k === 'ArrowUp' || k === 'ArrowDown') {
      const to = vertical(p.id, k === 'ArrowDown');
      if (to != null) focusAt(to);
    } else if (k === 'Home' && pages.length) focusAt(pages[0].id);
    else if (k === 'End' && pages.length) focusAt(pages[pages.length - 1].id);
    else if (k === 'r' || k === 'R') rotate(p.id);
    else if (k === 'Delete' || k === 'Backspace') remove(p.id);
    else if ((k === 's' || k === 'S') && i > 0) split(p.id);
    else if (k === 'Enter' || k === ' ') setViewing(p.id);
    else handled = false;
    if (handled) e.preventDefault();
  };

  // The OCR the createDocument call may be waiting for, live from ocr.progress.
  const ocr = props.ocrLive ?? detail?.ocr ?? { done: 0, total: 0, failed: 0 };
  const ocrLeft = ocr.total > 0 && ocr.done + ocr.failed < ocr.total;

  const createDocs = () =>
    create.run(async () => {
      // Pending edits first: the PDFs are made from what the core holds.
      await chain.current;
      const r = await call('imports.createDocument', { batchId });
      setCreated(r.documents);
      toast('ok', r.documents.length === 1 ? 'Đã tạo văn bản: hãy vào sổ.' : `Đã tạo ${r.documents.length} văn bản: hãy vào sổ từng văn bản.`);
      load();
    });

  const createRef = useRef(createDocs);
  createRef.current = createDocs;
  const canCreate = !!detail && detail.state === 'open' && (pages.length > 0 || !!detail.file) && !create.busy && !scanner.run;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canCreate) {
        e.preventDefault();
        void createRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canCreate]);

  if (!detail) return loadError ? <ErrorBanner error={loadError} /> : <div className="card empty">Đang mở lô…</div>;

  const docs = groups(pages);
  const fileHints = detail.duplicates.filter((d) => d.pageId == null);
  const pageHints = (id: number) => detail.duplicates.filter((d) => d.pageId === id);
  const shownCreated: Array<CreatedImportDocument & { documentId?: number | null }> = detail.created.length ? detail.created : (created ?? []);
  const viewIndex = viewing == null ? -1 : pages.findIndex((p) => p.id === viewing);

  return (
    <div className="card tray" aria-labelledby="tray-title">
      <div className="card-head wrap">
        <div className="grow">
          <h2 id="tray-title">{detail.label}</h2>
          <span className="muted small">
            {fmtDateTime(detail.createdAt)}
            {detail.createdBy ? ` · ${detail.createdBy}` : ''} · {pages.length} trang{docs.length > 1 ? ` · ${docs.length} văn bản` : ''}
          </span>
        </div>
        {open && (
          <>
            <Button
              small
              busy={!!scanner.run && scanner.run.batchId === batchId}
              disabled={!scanner.opts || !!scanner.run || !!detail.file}
              onClick={() => void scanner.scan(batchId).then((d) => d && show(d))}
            >
              Thêm trang
            </Button>
            <Button small disabled={!!detail.file} onClick={() => fileInput.current?.click()}>
              Thêm tệp ảnh
            </Button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept=".jpg,.jpeg,.png,.gif,.tif,.tiff,image/*"
              aria-label="Chọn ảnh để thêm vào lô này"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                if (files.length) void props.onUpload(files).then((d) => d && show(d));
              }}
            />
            {blanks.length > 0 && (
              <Button small onClick={removeBlanks}>
                Xóa {blanks.length} trang trắng gợi ý
              </Button>
            )}
            <Button small variant="danger" onClick={() => setDiscarding(true)}>
              Bỏ lô này
            </Button>
            <Button variant="primary" kbd="Ctrl+Enter" busy={create.busy} disabled={!canCreate} onClick={() => void createDocs()}>
              Tạo văn bản
            </Button>
          </>
        )}
      </div>
      <div className="card-body stack">
        {fileHints.map((h) => (
          <DuplicateBanner key={h.message} hint={h} />
        ))}
        {detail.file && <FileCard file={detail.file} />}
        <ErrorBanner error={editError} />
        <ErrorBanner error={create.error} />
        {create.busy && (
          <div className="sig-progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden />
            {ocrLeft ? `Đang nhận dạng chữ trang ${Math.min(ocr.done + ocr.failed + 1, ocr.total)}/${ocr.total}…` : 'Đang tạo PDF…'}
            {ocrLeft && (
              // A page of photos or patterns can keep OCR busy for a long time: the clerk may go on without its text.
              <Button small onClick={() => void call('ocr.cancel', { batchId }).catch(() => undefined)}>
                Không chờ nhận dạng chữ
              </Button>
            )}
          </div>
        )}
        {shownCreated.length > 0 && <CreatedList batchId={batchId} docs={shownCreated} />}
        {open && pages.length > 0 && (
          <p className="muted small tray-keys">Phím: ←/→/↑/↓ chọn trang · R xoay · Del xóa · Alt+←/→ chuyển chỗ · S tách văn bản từ trang này · Enter xem cỡ thật</p>
        )}
        {pages.length === 0 && !detail.file && <div className="empty">Lô chưa có trang nào. Bấm “Thêm trang” để quét tiếp.</div>}
        <div ref={gridRef} className="tray-docs" role="list" aria-label="Các trang trong khay">
          {docs.map((doc, d) => (
            <div key={doc[0].id} className={`tray-doc${d > 0 ? ' split' : ''}`} role="listitem" aria-label={`Văn bản ${d + 1}`}>
              {(docs.length > 1 || d > 0) && (
                <div className="tray-doc-head">
                  Văn bản {d + 1} / {docs.length} <span className="muted">· {doc.length} trang</span>
                </div>
              )}
              <ul className="tray-grid">
                {doc.map((p) => (
                  <PageTile
                    key={p.id}
                    page={p}
                    count={pages.length}
                    focusable={(focusId ?? pages[0]?.id) === p.id}
                    editable={open}
                    hints={pageHints(p.id)}
                    onFocus={() => setFocusId(p.id)}
                    onKey={(e) => onPageKey(e, p)}
                    onRotate={() => rotate(p.id)}
                    onRemove={() => remove(p.id)}
                    onMove={(delta) => move(p.id, delta)}
                    onSplit={() => split(p.id)}
                    onView={() => setViewing(p.id)}
                  />
                ))}
              </ul>
            </div>
          ))}
        </div>
      </div>
      {viewIndex >= 0 && (
        <PageViewer
          page={pages[viewIndex]}
          index={viewIndex}
          count={pages.length}
          onGo={(i) => setViewing(pages[i].id)}
          onClose={() => {
            setViewing(null);
            focusAt(pages[viewIndex].id);
          }}
        />
      )}
      {discarding && (
        <ActionDialog
          title="Bỏ lô này?"
          action="Bỏ lô"
          danger
          busy={discard.busy}
          onClose={() => setDiscarding(false)}
          onAction={() =>
            discard.run(async () => {
              await call('imports.discard', { batchId });
              toast('ok', 'Đã bỏ lô quét.');
              setDiscarding(false);
              props.onGone();
            })
          }
        >
          <p>
            {pages.length} trang của lô “{detail.label}” sẽ bị xóa khỏi khay. Văn bản đã tạo, đã vào sổ từ lô này không bị ảnh hưởng.
          </p>
          <ErrorBanner error={discard.error} />
        </ActionDialog>
      )}
    </div>
  );
}

function PageTile(props: {
  page: ImportPageDto;
  count: number;
  focusable: boolean;
  editable: boolean;
  hints: DuplicateHintDto[];
  onFocus: () => void;
  onKey: (e: React.KeyboardEvent) => void;
  onRotate: () => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
  onSplit: () => void;
  onView: () => void;
}) {
  const { page: p } = props;
  const { url, failed } = usePageImage(p.id, p.rotation, 'thumb');
  const label = `Trang ${p.position}${p.blankSuggested ? ', có thể là trang trắng' : ''}${p.rotation ? `, xoay ${p.rotation}°` : ''}`;
  return (
    <li className={`tray-page${p.blankSuggested ? ' blank' : ''}`}>
      <div
        className="tray-thumb"
        data-page-id={p.id}
        tabIndex={props.focusable ? 0 : -1}
        role="button"
        aria-label={label}
        aria-keyshortcuts={props.editable ? 'R Delete S Alt+ArrowLeft Alt+ArrowRight Enter' : 'Enter'}
        onFocus={props.onFocus}
        onKeyDown={props.onKey}
        onDoubleClick={props.onView}
      >
        {url ? <img src={url} alt="" draggable={false} /> : <span className="muted small">{failed ? 'Không tải được ảnh' : 'Đang tải ảnh…'}</span>}
      </div>
      <div className="tray-page-meta">
        <strong>{p.position}</strong>
        <span className="tray-tools">
          {props.editable && (
            <>
              <button type="button" tabIndex={-1} className="btn ghost small" title="Xoay phải (R)" aria-label={`Xoay trang ${p.position}`} onClick={props.onRotate}>
                ⟳
              </button>
              <button
                type="button"
                tabIndex={-1}
                className="btn ghost small"
                title="Chuyển sang trái (Alt+←)"
                aria-label={`Chuyển trang ${p.position} sang trái`}
                disabled={p.position === 1}
                onClick={() => props.onMove(-1)}
              >
                ←
              </button>
              <button
                type="button"
                tabIndex={-1}
                className="btn ghost small"
                title="Chuyển sang phải (Alt+→)"
                aria-label={`Chuyển trang ${p.position} sang phải`}
                disabled={p.position === props.count}
                onClick={() => props.onMove(1)}
              >
                →
              </button>
              <button type="button" tabIndex={-1} className="btn ghost small danger" title="Xóa trang (Del)" aria-label={`Xóa trang ${p.position}`} onClick={props.onRemove}>
                ✕
              </button>
            </>
          )}
        </span>
      </div>
      {props.editable && p.position > 1 && (
        <button type="button" tabIndex={-1} className="link split-link" title="Phím S" onClick={props.onSplit}>
          {p.startsDocument ? 'Bỏ tách, gộp vào văn bản trước' : 'Tách văn bản từ trang này'}
        </button>
      )}
      <span className="badges">
        {p.blankSuggested && (
          <span className="badge orange" title={`Mực phủ ${(p.inkRatio * 100).toFixed(1).replace('.', ',')}% trang`}>
            Có thể là trang trắng
          </span>
        )}
        {p.ocr !== 'skipped' && <span className={`badge ${OCR_STATE[p.ocr].tone}`}>{ocrText(p)}</span>}
      </span>
      {props.hints.map((h) => (
        <span key={h.message} className="tray-hint" role="note">
          ⚠ {h.message}
        </span>
      ))}
    </li>
  );
}

function PageViewer(props: { page: ImportPageDto; index: number; count: number; onGo: (i: number) => void; onClose: () => void }) {
  const { page: p } = props;
  const { url, failed } = usePageImage(p.id, p.rotation, 'full');
  return (
    <Dialog title={`Trang ${p.position}/${props.count}`} onClose={props.onClose} wide>
      <div
        className="page-viewer"
        tabIndex={0}
        aria-label={`Ảnh trang ${p.position}, cỡ thật. Phím ←/→ xem trang khác, Esc đóng.`}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft' && props.index > 0) props.onGo(props.index - 1);
          else if (e.key === 'ArrowRight' && props.index < props.count - 1) props.onGo(props.index + 1);
          else return;
          e.preventDefault();
        }}
      >
        {url ? <img src={url} alt={`Trang ${p.position}`} /> : <span className="muted">{failed ? 'Không tải được ảnh trang.' : 'Đang tải ảnh…'}</span>}
      </div>
      <p className="muted small">
        {p.width}×{p.height} điểm ảnh · {p.dpi} dpi · {fileSize(p.bytes)} · {ocrText(p)}
      </p>
    </Dialog>
  );
}

function DuplicateBanner({ hint }: { hint: DuplicateHintDto }) {
  return (
    <div className="banner warn" role="status">
      <div>
        <strong>Có thể đã nhập trước đây.</strong> {hint.message}
        {hint.documentId && (
          <>
            {' '}
            <a href={`#/van-ban-den/${hint.documentId}`}>Mở văn bản đó</a>
          </>
        )}
      </div>
    </div>
  );
}

function FileCard({ file }: { file: NonNullable<ImportBatchDetail['file']> }) {
  return (
    <div className="banner info">
      <div>
        <strong>{file.fileName}</strong> — {file.kind.toUpperCase()}, {fileSize(file.size)}
        {file.pageCount != null ? `, ${file.pageCount} trang` : ''}
        {file.signed && (
          <>
            {' '}
            <span className="badge purple">Có chữ ký số</span> Tệp được giữ nguyên từng byte (không sửa, không thêm lớp chữ) để chữ ký vẫn hợp lệ.
          </>
        )}
        {!file.signed && file.hasText && ' Tệp đã có lớp chữ.'}
      </div>
    </div>
  );
}

function CreatedList({ batchId, docs }: { batchId: number; docs: Array<CreatedImportDocument & { documentId?: number | null }> }) {
  return (
    <div className="created-docs" aria-label="Văn bản đã tạo">
      <h3>Văn bản đã tạo</h3>
      <table className="data">
        <thead>
          <tr>
            <th>#</th>
            <th>Tệp</th>
            <th className="right">Số trang</th>
            <th className="right">Dung lượng</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {docs.map((d) => (
            <tr key={d.index}>
              <td>{d.index}</td>
              <td>
                <strong>{d.file.fileName}</strong> {d.file.signed && <span className="badge purple">Có chữ ký số</span>}
                {d.duplicates.map((h) => (
                  <div key={h.message} className="tray-hint">
                    ⚠ {h.message}
                  </div>
                ))}
              </td>
              <td className="right">{d.file.pageCount ?? ''}</td>
              <td className="right nowrap">{fileSize(d.file.size)}</td>
              <td className="actions">
                {d.documentId ? (
                  <a href={`#/van-ban-den/${d.documentId}`}>Đã vào sổ — mở văn bản</a>
                ) : (
                  <Button small variant="primary" onClick={() => navigate(`/van-ban-den/vao-so?import=${batchId}&doc=${d.index}`)}>
                    Vào sổ
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
