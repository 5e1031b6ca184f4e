// Quản trị › Cấu hình cơ quan › Quét và nhận dạng chữ (settings.manage): the watched folder and where its files go,
// JPEG quality, the scan dialog's defaults, OCR on/off, images as pages; and what the OCR engine is and has queued.
// Only shows and saves imports.settings; the core's watcher and OCR worker pick the changes up.

import { useEffect, useState } from 'react';
import { SCAN_MODES, SCAN_SOURCES, type ImportSettingsDto, type OcrStatusDto, type ScanMode, type ScanSource } from '../../../../src-shared/api/scanning';
import { call } from '../../api';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { onScanEvent } from './scan-common';

interface Form {
  watchFolder: string;
  processedFolder: string;
  errorFolder: string;
  jpegQuality: string;
  deviceId: string;
  source: ScanSource;
  mode: ScanMode;
  dpi: string;
  ocr: boolean;
  imagesAsPages: boolean;
}

const fromDto = (s: ImportSettingsDto): Form => ({
  watchFolder: s.watchFolder ?? '',
  processedFolder: s.processedFolder ?? '',
  errorFolder: s.errorFolder ?? '',
  jpegQuality: String(s.jpegQuality),
  deviceId: s.deviceId ?? '',
  source: s.source,
  mode: s.mode,
  dpi: String(s.dpi),
  ocr: s.ocr,
  imagesAsPages: s.imagesAsPages,
});

const ENGINE: Record<OcrStatusDto['engine'], string> = {
  native: 'Tesseract cài trên máy',
  wasm: 'Tesseract đi kèm VănThư',
  none: 'Không có',
};

export function ScanSettingsCard() {
  const toast = useToast();
  const [saved, setSaved] = useState<ImportSettingsDto | null>(null);
  const [f, setF] = useState<Form | null>(null);
  const [ocr, setOcr] = useState<OcrStatusDto | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error, run } = useAction();

  const show = (s: ImportSettingsDto) => {
    setSaved(s);
    setF(fromDto(s));
  };
  useEffect(() => {
    call('imports.settings', {}).then(show, setLoadError);
    const status = () => call('ocr.status', {}).then(setOcr, () => {});
    void status();
    // The queue moves as pages are read.
    let t: ReturnType<typeof setTimeout> | undefined;
    const off = onScanEvent('ocr.progress', () => {
      clearTimeout(t);
      t = setTimeout(() => void status(), 500);
    });
    return () => {
      clearTimeout(t);
      off();
    };
  }, []);

  if (!f || !saved)
    return (
      <section className="card" aria-labelledby="scan-settings-title">
        <div className="card-head">
          <h2 id="scan-settings-title">Quét và nhận dạng chữ</h2>
        </div>
        <div className="card-body">{loadError ? <ErrorBanner error={loadError} /> : <span className="muted">Đang tải…</span>}</div>
      </section>
    );

  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setF((x) => (x ? { ...x, [k]: v } : x));
  const fe = (p: string) => fieldError(error, p);
  const n = (v: string) => (v.trim() ? Number(v) : undefined);
  const dirty = JSON.stringify(f) !== JSON.stringify(fromDto(saved));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      show(
        await call('imports.saveSettings', {
          watchFolder: f.watchFolder.trim() || null,
          processedFolder: f.processedFolder.trim() || null,
          errorFolder: f.errorFolder.trim() || null,
          jpegQuality: n(f.jpegQuality),
          deviceId: f.deviceId.trim() || null,
          source: f.source,
          mode: f.mode,
          dpi: n(f.dpi),
          ocr: f.ocr,
          imagesAsPages: f.imagesAsPages,
        }),
      );
      toast('ok', 'Đã lưu thiết lập quét.');
    });
  };

  return (
    <section className="card" aria-labelledby="scan-settings-title">
      <div className="card-head">
        <h2 id="scan-settings-title" className="grow">
          Quét và nhận dạng chữ
        </h2>
        <span className="muted small">Thư mục quét, chất lượng ảnh, mặc định của máy quét</span>
      </div>
      <form className="card-body stack" onSubmit={submit} noValidate aria-label="Thiết lập quét và nhận dạng chữ" autoComplete="off">
        <ErrorBanner error={error} shownFields={['watchFolder', 'processedFolder', 'errorFolder', 'jpegQuality', 'dpi']} />
        <div className="grid-3">
          <TextField
            fieldClass="span-3"
            label="Thư mục quét (máy quét lưu tệp vào đây)"
            value={f.watchFolder}
            onChange={set('watchFolder')}
            placeholder={'D:\\MayQuet'}
            error={fe('watchFolder')}
            hint="Đường dẫn trên máy chạy VănThư. Tệp mới được nhập vào khay khi đã ghi xong; để trống để tắt."
            spellCheck={false}
          />
          <TextField
            label="Thư mục tệp đã nhập"
            value={f.processedFolder}
            onChange={set('processedFolder')}
            placeholder={f.watchFolder ? `${f.watchFolder.replace(/[\\/]+$/, '')}/da-nhap` : ''}
            error={fe('processedFolder')}
            spellCheck={false}
          />
          <TextField
            label="Thư mục tệp lỗi"
            value={f.errorFolder}
            onChange={set('errorFolder')}
            placeholder={f.watchFolder ? `${f.watchFolder.replace(/[\\/]+$/, '')}/loi` : ''}
            error={fe('errorFolder')}
            hint="Kèm tệp ghi lý do không nhập được."
            spellCheck={false}
          />
          <TextField
            label="Chất lượng JPEG trang màu (40–95)"
            type="number"
            min={40}
            max={95}
            value={f.jpegQuality}
            onChange={set('jpegQuality')}
            error={fe('jpegQuality')}
            hint="Cao hơn thì nét hơn nhưng tệp lớn hơn; trang xám, đen trắng luôn được nén nhỏ."
          />
          <TextField label="Máy quét mặc định" value={f.deviceId} onChange={set('deviceId')} placeholder="Tự chọn máy đầu tiên" spellCheck={false} />
          <SelectField
            label="Nguồn giấy mặc định"
            value={f.source}
            onChange={(v) => set('source')(v as ScanSource)}
            options={Object.entries(SCAN_SOURCES).map(([value, label]) => ({ value, label }))}
          />
          <SelectField
            label="Chế độ màu mặc định"
            value={f.mode}
            onChange={(v) => set('mode')(v as ScanMode)}
            options={Object.entries(SCAN_MODES).map(([value, label]) => ({ value, label }))}
          />
          <TextField
            label="Độ phân giải mặc định (dpi)"
            type="number"
            min={75}
            max={1200}
            value={f.dpi}
            onChange={set('dpi')}
            error={fe('dpi')}
            hint="Từ 200 dpi trở lên khi số hóa để lưu trữ."
          />
        </div>
        <Checkbox label="Nhận dạng chữ (tiếng Việt) các trang quét ngay khi có — để tìm kiếm và điền sẵn phiếu vào sổ" checked={f.ocr} onChange={set('ocr')} />
        <Checkbox label="Ảnh (JPG, PNG, GIF, TIFF) tải lên hoặc trong thư mục quét trở thành trang trong khay" checked={f.imagesAsPages} onChange={set('imagesAsPages')} />
        <div className="row wrap">
          <Button variant="primary" type="submit" busy={busy} disabled={!dirty}>
            Lưu thiết lập quét
          </Button>
        </div>
        {ocr && (
          <dl className="kv" aria-label="Bộ nhận dạng chữ">
            <dt>Bộ nhận dạng chữ</dt>
            <dd>
              {ENGINE[ocr.engine]}
              {ocr.version ? ` ${ocr.version}` : ''}
              {ocr.message && <div className="muted small">{ocr.message}</div>}
            </dd>
            <dt>Ngôn ngữ</dt>
            <dd>{ocr.languages.length ? ocr.languages.join(', ') : '—'}</dd>
            <dt>Hàng đợi</dt>
            <dd>
              {ocr.running} trang đang đọc, {ocr.pending} trang chờ · dùng tối đa {ocr.threads} luồng
            </dd>
          </dl>
        )}
      </form>
    </section>
  );
}
