// Văn bản đến › Quét văn bản: the scanner panel (device, source, mode, resolution, "Quét" with live page count and
// "Dừng"), uploads (PDF or images, also dropped), the batches waiting in the tray, and the tray of the chosen one
// (ScanTray). The core owns scanning, OCR and the PDFs; this screen only asks and shows what the events say.

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  IMPORT_SOURCES,
  SCAN_MODES,
  SCAN_SOURCES,
  type ImportBatchDetail,
  type ImportBatchDto,
  type ImportSettingsDto,
  type ScanMode,
  type ScannerListDto,
  type ScanSource,
} from '../../../../src-shared/api/scanning';
import { ApiError, call } from '../../api';
import { fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { Icon } from '../../ui/Icons';
import { IncomingTabs } from './IncomingList';
import { newScanId, onScanEvent } from './scan-common';
import { ScanTray } from './ScanTray';

/** Resolutions offered when the device accepts a whole range (the SANE test device: 1–1200 dpi). */
const COMMON_DPI = [100, 150, 200, 300, 400, 600];

export interface ScanOptions {
  deviceId: string;
  source: ScanSource;
  mode: ScanMode;
  dpi: number;
  /** At most this many pages from the feeder ('' = until it runs empty). */
  maxPages: string;
}

interface ScanRun {
  scanId: string;
  batchId: number | null;
  pages: number;
}

/** The scanner: devices, the chosen options, a running scan and its outcome. Shared by the panel and "Thêm trang". */
function useScanner(onBatch: (batchId: number) => void) {
  const [list, setList] = useState<ScannerListDto | null>(null);
  const [listing, setListing] = useState(false);
  const [opts, setOpts] = useState<ScanOptions | null>(null);
  const [run, setRun] = useState<ScanRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [stopping, setStopping] = useState(false);
  const settings = useRef<ImportSettingsDto | null>(null);
  const onBatchRef = useRef(onBatch);
  onBatchRef.current = onBatch;

  const load = useCallback(async (refresh: boolean) => {
    setListing(true);
    setError(null);
    try {
      const [l, s] = await Promise.all([call('scanner.list', { refresh }), settings.current ? Promise.resolve(settings.current) : call('imports.settings', {})]);
      settings.current = s;
      setList(l);
      setOpts((cur) => {
        const dev = l.devices.find((d) => d.id === (cur?.deviceId ?? s.deviceId)) ?? l.devices[0];
        if (!dev) return null;
        const want = cur ?? { deviceId: dev.id, source: s.source, mode: s.mode, dpi: s.dpi, maxPages: '' };
        return {
          deviceId: dev.id,
          source: dev.sources.includes(want.source) ? want.source : (dev.sources[0] ?? 'flatbed'),
          mode: dev.modes.includes(want.mode) ? want.mode : (dev.modes[0] ?? 'color'),
          dpi: want.dpi,
          maxPages: want.maxPages,
        };
      });
    } catch (e) {
      setError(e);
    } finally {
      setListing(false);
    }
  }, []);
  useEffect(() => void load(false), [load]);

  // Pages arrive one by one: the count follows scan.progress, and the tray shows the batch from its first page.
  const runRef = useRef<ScanRun | null>(null);
  useEffect(
    () =>
      onScanEvent('scan.progress', (p) => {
        const r = runRef.current;
        if (!r || p.scanId !== r.scanId) return;
        const next = { ...r, pages: p.pages, batchId: p.batchId };
        runRef.current = next;
        setRun(next);
        if (r.batchId == null) onBatchRef.current(p.batchId);
      }),
    [],
  );

  const scan = async (batchId?: number): Promise<ImportBatchDetail | null> => {
    if (!opts || runRef.current) return null;
    const r: ScanRun = { scanId: newScanId(), batchId: batchId ?? null, pages: 0 };
    runRef.current = r;
    setRun(r);
    setError(null);
    setNotice(null);
    try {
      const { maxPages, ...rest } = opts;
      const limit = Number(maxPages);
      const detail = await call('scanner.scan', { scanId: r.scanId, ...rest, batchId, maxPages: maxPages.trim() && limit >= 1 ? Math.min(500, Math.floor(limit)) : undefined });
      setNotice(detail.notice);
      onBatchRef.current(detail.id);
      return detail;
    } catch (e) {
      // Pages scanned before a jam or an empty feeder are kept: show the batch they went to, and why it stopped.
      setError(e);
      const at = runRef.current?.batchId;
      if (at) onBatchRef.current(at);
      return null;
    } finally {
      runRef.current = null;
      setRun(null);
      setStopping(false);
    }
  };

  const cancel = async () => {
    const r = runRef.current;
    if (!r) return;
    setStopping(true);
    try {
      await call('scanner.cancel', { scanId: r.scanId });
    } catch (e) {
      setError(e);
      setStopping(false);
    }
  };

  return { list, listing, opts, setOpts, run, error, notice, setNotice, stopping, reload: () => load(true), scan, cancel };
}

export type Scanner = ReturnType<typeof useScanner>;

export function ScanScreen({ batchId }: { batchId: number | null }) {
  const toast = useToast();
  const select = useCallback((id: number) => navigate(`/van-ban-den/quet?lo=${id}`), []);
  const scanner = useScanner(select);
  const [batches, setBatches] = useState<ImportBatchDto[] | null>(null);
  const [showDone, setShowDone] = useState(false);
  const [listError, setListError] = useState<unknown>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [ocrLive, setOcrLive] = useState<Record<number, { done: number; total: number; failed: number }>>({});

  const loadList = useCallback(() => {
    call('imports.list', { state: showDone ? 'all' : 'open' }).then((r) => {
      setBatches(r.items.filter((b) => b.state !== 'discarded'));
      setListError(null);
    }, setListError);
  }, [showDone]);
  useEffect(() => loadList(), [loadList]);
  const loadRef = useRef(loadList);
  loadRef.current = loadList;
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | undefined;
    // A burst of changes (a scan, OCR of each page) is read once.
    const later = () => {
      clearTimeout(t);
      t = setTimeout(() => loadRef.current(), 300);
    };
    const offs = [
      onScanEvent('imports.changed', later),
      onScanEvent('ocr.progress', (p) => {
        setOcrLive((m) => ({ ...m, [p.batchId]: { done: p.done, total: p.total, failed: p.failed } }));
        later();
      }),
    ];
    return () => {
      clearTimeout(t);
      offs.forEach((off) => off());
    };
  }, []);

  // Alt+Q starts a scan from anywhere on the screen (Alt+N is "Vào sổ", Ctrl+Enter the tray's "Tạo văn bản").
  const scanRef = useRef(scanner.scan);
  scanRef.current = scanner.scan;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && (e.key === 'q' || e.key === 'Q')) {
        e.preventDefault();
        void scanRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function upload(files: File[], into?: number) {
    setUploadError(null);
    let last: ImportBatchDetail | null = null;
    for (const f of files) {
      setUploading(f.name);
      try {
        last = await call('imports.upload', { fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()), batchId: into });
      } catch (e) {
        setUploadError(e instanceof ApiError ? new ApiError({ code: e.code, message: `${f.name}: ${e.message}` }) : e);
      }
    }
    setUploading(null);
    if (last) {
      toast('ok', files.length > 1 ? `Đã nhập ${files.length} tệp vào khay.` : `Đã nhập ${files[0].name} vào khay.`);
      if (last.id !== batchId) select(last.id);
      loadList();
    }
    return last;
  }

  return (
    <section aria-labelledby="scan-title" className="scan-screen">
      <div className="page-head">
        <h1 id="scan-title">Quét văn bản</h1>
        <span className="sub">Quét giấy hoặc tải tệp lên, kiểm tra từng trang, rồi tạo văn bản để vào sổ</span>
      </div>
      <IncomingTabs active="scan" />
      <div className="scan-layout">
        <div className="scan-side">
          <ScannerPanel scanner={scanner} />
          <div
            className={`card drop scan-drop${over ? ' over' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(false);
              if (e.dataTransfer.files.length) void upload([...e.dataTransfer.files]);
            }}
          >
            <Icon name="upload" size={22} />
            <span>Kéo thả tệp PDF, ảnh vào đây, hoặc</span>
            <Button small busy={!!uploading} onClick={() => fileInput.current?.click()}>
              Tải tệp lên…
            </Button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept=".pdf,.jpg,.jpeg,.png,.gif,.tif,.tiff,application/pdf,image/*"
              aria-label="Chọn tệp để nhập vào khay"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                if (files.length) void upload(files);
              }}
            />
            {uploading && <span className="muted">Đang tải lên {uploading}…</span>}
            <span className="hint">PDF có chữ ký số được giữ nguyên từng byte; ảnh trở thành trang trong khay.</span>
          </div>
          <ErrorBanner error={uploadError} />
          <BatchList batches={batches} selected={batchId} ocrLive={ocrLive} showDone={showDone} onShowDone={setShowDone} error={listError} />
        </div>
        <div className="scan-main">
          {batchId ? (
            <ScanTray
              key={batchId}
              batchId={batchId}
              scanner={scanner}
              ocrLive={ocrLive[batchId]}
              onUpload={(files) => upload(files, batchId)}
              onGone={() => {
                navigate('/van-ban-den/quet');
                loadList();
              }}
            />
          ) : (
            <div className="card empty">Chọn một lô trong danh sách, hoặc quét, tải tệp lên để bắt đầu.</div>
          )}
        </div>
      </div>
    </section>
  );
}

function ScannerPanel({ scanner }: { scanner: Scanner }) {
  const { list, opts, run } = scanner;
  const device = list?.devices.find((d) => d.id === opts?.deviceId);
  const set = <K extends keyof ScanOptions>(k: K, v: ScanOptions[K]) => scanner.setOpts((o) => (o ? { ...o, [k]: v } : o));
  const dpis = device
    ? (() => {
        const r = device.resolutions;
        const ranged = r.length > 20;
        const pick = COMMON_DPI.filter((d) => r.includes(d) || (ranged && d >= r[0] && d <= r[r.length - 1]));
        const all = pick.length ? pick : r;
        return opts && !all.includes(opts.dpi) ? [...all, opts.dpi].sort((a, b) => a - b) : all;
      })()
    : [];

  return (
    <div className="card" aria-labelledby="scanner-title">
      <div className="card-head">
        <h2 id="scanner-title" className="grow">
          Máy quét
        </h2>
        <Button small variant="ghost" busy={scanner.listing} onClick={() => void scanner.reload()} title="Tìm lại máy quét gắn với máy tính">
          Tìm lại máy quét
        </Button>
      </div>
      <div className="card-body stack">
        {list && list.devices.length === 0 && (
          <div className="banner warn" role="status">
            <div>
              <strong>Không tìm thấy máy quét.</strong> {list.message ?? 'Kiểm tra máy quét đã bật, đã cắm vào máy tính và đã cài trình điều khiển, rồi bấm “Tìm lại máy quét”.'}
            </div>
          </div>
        )}
        {!list && !scanner.error && (
          <div className="muted row">
            <span className="spinner" aria-hidden /> Đang tìm máy quét…
          </div>
        )}
        {device && opts && (
          <>
            <SelectField
              label="Thiết bị"
              value={opts.deviceId}
              onChange={(v) => set('deviceId', v)}
              options={list!.devices.map((d) => ({ value: d.id, label: d.name }))}
              disabled={!!run}
            />
            <SelectField
              label="Nguồn giấy"
              value={opts.source}
              onChange={(v) => set('source', v as ScanSource)}
              options={device.sources.map((s) => ({ value: s, label: SCAN_SOURCES[s] }))}
              disabled={!!run}
            />
            <div className="grid-2">
              <SelectField
                label="Chế độ màu"
                value={opts.mode}
                onChange={(v) => set('mode', v as ScanMode)}
                options={device.modes.map((m) => ({ value: m, label: SCAN_MODES[m] }))}
                disabled={!!run}
              />
              <SelectField
                label="Độ phân giải"
                value={String(opts.dpi)}
                onChange={(v) => set('dpi', Number(v))}
                options={dpis.map((d) => ({ value: String(d), label: `${d} dpi` }))}
                disabled={!!run}
              />
            </div>
            {opts.dpi < 200 && <span className="hint">Lưu trữ văn bản giấy cần quét từ 200 dpi trở lên.</span>}
            {opts.source !== 'flatbed' && (
              <TextField
                label="Số trang tối đa"
                type="number"
                min={1}
                max={500}
                value={opts.maxPages}
                onChange={(v) => set('maxPages', v)}
                placeholder="Đến khi hết giấy"
                disabled={!!run}
              />
            )}
          </>
        )}
        <div className="row wrap">
          <Button variant="primary" kbd="Alt+Q" busy={!!run} disabled={!opts || !!run} onClick={() => void scanner.scan()}>
            Quét
          </Button>
          {run && (
            <Button variant="danger" busy={scanner.stopping} onClick={() => void scanner.cancel()}>
              Dừng
            </Button>
          )}
        </div>
        {run && (
          <div className="sig-progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden />
            Đang quét trang {run.pages + 1}…{run.pages > 0 && <span className="muted"> (đã có {run.pages} trang)</span>}
          </div>
        )}
        <ErrorBanner error={scanner.error} />
        {scanner.notice && (
          <div className="banner info" role="status">
            <div className="grow">{scanner.notice}</div>
            <Button small variant="ghost" aria-label="Đóng thông báo" onClick={() => scanner.setNotice(null)}>
              ✕
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}

function BatchList(props: {
  batches: ImportBatchDto[] | null;
  selected: number | null;
  ocrLive: Record<number, { done: number; total: number; failed: number }>;
  showDone: boolean;
  onShowDone: (v: boolean) => void;
  error: unknown;
}) {
  const { batches } = props;
  return (
    <div className="card" aria-labelledby="batches-title">
      <div className="card-head wrap">
        <h2 id="batches-title" className="grow">
          Khay quét
        </h2>
        <Checkbox label="Hiện cả lô đã tạo văn bản" checked={props.showDone} onChange={props.onShowDone} />
      </div>
      <ErrorBanner error={props.error} />
      {batches && batches.length === 0 && <div className="empty">Khay trống.</div>}
      {batches && batches.length > 0 && (
        <ul className="batch-list" aria-label="Các lô trong khay">
          {batches.map((b) => {
            const ocr = props.ocrLive[b.id] ?? b.ocr;
            return (
              <li key={b.id}>
                <a href={`#/van-ban-den/quet?lo=${b.id}`} className={b.id === props.selected ? 'active' : ''} aria-current={b.id === props.selected ? 'true' : undefined}>
                  <span className="row">
                    <span className="badge blue">{IMPORT_SOURCES[b.source]}</span>
                    <strong className="grow batch-label">{b.label}</strong>
                  </span>
                  <span className="muted small">
                    {fmtDateTime(b.createdAt)} · {b.file && b.pageCount === 0 ? `tệp ${b.file.kind.toUpperCase()}` : `${b.pageCount} trang`}
                    {b.documentCount > 1 ? ` · ${b.documentCount} văn bản` : ''}
                  </span>
                  <span className="badges">
                    {ocr.total > 0 && ocr.done + ocr.failed < ocr.total && (
                      <span className="badge">
                        Nhận dạng chữ {ocr.done}/{ocr.total}
                      </span>
                    )}
                    {ocr.failed > 0 && <span className="badge red">{ocr.failed} trang lỗi nhận dạng</span>}
                    {b.state === 'done' && <span className="badge green">Đã tạo văn bản</span>}
                    {b.file?.signed && <span className="badge purple">Có chữ ký số</span>}
                    {b.duplicates.length > 0 && (
                      <span className="badge orange" title={b.duplicates.map((d) => d.message).join('\n')}>
                        Có thể trùng
                      </span>
                    )}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
