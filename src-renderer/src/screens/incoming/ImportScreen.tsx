// Nhập sổ cũ: bring an Excel/CSV register into VănThư. Choose the file, check the column mapping and the validation
// preview, then import — all rows or none, with every rejected row listed so the file can be fixed.

import { useEffect, useState } from 'react';
import type { ImportBatchInfo, ImportMapping, ImportPreview, ImportResult, ImportRowError, ImportTextEncoding } from '../../../../src-shared/api/imports';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { ApiError, call } from '../../api';
import { fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { Button, Checkbox, SelectField } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';

const ENCODING_LABELS: Record<ImportTextEncoding, string> = {
  unicode: 'Unicode',
  tcvn3: 'TCVN3 (ABC, phông .Vn…)',
  vni: 'VNI (phông VNI-…)',
};

function batchText(b: ImportBatchInfo): string {
  return `lúc ${fmtDateTime(b.importedAt)} bởi ${b.importedBy}: ${b.rowCount.toLocaleString('vi-VN')} văn bản${b.numbers ? `, số đến ${b.numbers.from}–${b.numbers.to}` : ''}`;
}

export function ImportScreen() {
  const toast = useToast();
  const [registers, setRegisters] = useState<RegisterDto[]>([]);
  const [registerId, setRegisterId] = useState('');
  const [numbering, setNumbering] = useState<'allocate' | 'keep'>('allocate');
  const [encoding, setEncoding] = useState<'auto' | ImportTextEncoding>('auto');
  const [allowReimport, setAllowReimport] = useState(false);
  const [file, setFile] = useState<{ hash: string; fileName: string } | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | undefined>();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [rejected, setRejected] = useState<ImportRowError[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'upload' | 'preview' | 'commit' | null>(null);

  useEffect(() => {
    call('registers.list', { direction: 'in' }).then((r) => {
      const active = r.filter((x) => x.active);
      setRegisters(active);
      setRegisterId(String(active[0]?.id ?? ''));
    }, setError);
  }, []);

  useEffect(() => {
    if (!file || !registerId) return;
    setBusy('preview');
    setError(null);
    call('import.preview', { hash: file.hash, fileName: file.fileName, registerId: Number(registerId), mapping, numbering, encoding })
      .then((p) => {
        setPreview(p);
        if (!mapping) setMapping(p.mapping);
      }, setError)
      .finally(() => setBusy(null));
  }, [file, registerId, numbering, mapping, encoding]);

  async function choose(f: File) {
    setBusy('upload');
    setError(null);
    setPreview(null);
    setResult(null);
    setRejected(null);
    setMapping(undefined);
    setEncoding('auto');
    setAllowReimport(false);
    try {
      const b = await call('blobs.put', { fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      setFile({ hash: b.hash, fileName: f.name });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  async function commit() {
    if (!file) return;
    setBusy('commit');
    setError(null);
    try {
      const r = await call('import.commit', { hash: file.hash, fileName: file.fileName, registerId: Number(registerId), mapping, numbering, encoding, allowReimport });
      setResult(r);
      toast('ok', r.replayed ? 'Tệp này đã được nhập trước đó; không nhập thêm văn bản nào.' : `Đã nhập ${r.imported.toLocaleString('vi-VN')} văn bản.`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'import_rejected') setRejected((e.details?.errors as ImportRowError[]) ?? []);
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const columnOptions = [
    { value: '', label: '— Không nhập —' },
    ...(preview?.columns ?? []).map((c, i) => ({ value: String(i), label: `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}: ${c || '(trống)'}` })),
  ];
  const errors = rejected ?? preview?.errors ?? [];
  const previous = preview?.previousImports ?? [];
  const needsConfirm = previous.length > 0 && !allowReimport;

  return (
    <section className="stack" aria-labelledby="import-title">
      <div className="page-head">
        <Button variant="ghost" small onClick={() => navigate('/van-ban-den')}>
          ‹ Văn bản đến
        </Button>
        <h1 id="import-title">Nhập sổ văn bản đến cũ (Excel, CSV)</h1>
      </div>
      <ErrorBanner error={rejected ? null : error} />
      {result && (
        <div className="banner ok" role="status">
          Đã nhập {result.imported.toLocaleString('vi-VN')} văn bản vào sổ
          {result.numbers ? `, số đến từ ${result.numbers.from} đến ${result.numbers.to}` : ''} ({(result.tookMs / 1000).toFixed(1).replace('.', ',')} giây).{' '}
          <a href="#/van-ban-den">Xem sổ văn bản đến</a>
        </div>
      )}
      <fieldset className="card">
        <legend>1. Chọn sổ và tệp</legend>
        <div className="grid-3">
          <SelectField
            label="Nhập vào sổ"
            value={registerId}
            onChange={(v) => {
              setRegisterId(v);
              setAllowReimport(false); // a confirmation is for one register
            }}
            options={registers.map((r) => ({ value: String(r.id), label: `${r.name} — năm ${r.year}` }))}
          />
          <SelectField
            label="Số đến"
            value={numbering}
            onChange={(v) => setNumbering(v as 'allocate' | 'keep')}
            options={[
              { value: 'allocate', label: 'Cấp số mới theo thứ tự trong tệp' },
              { value: 'keep', label: 'Giữ nguyên số đến trong sổ cũ' },
            ]}
          />
          <div className="field">
            <label htmlFor="import-file">Tệp sổ cũ (.xlsx, .csv)</label>
            <input
              id="import-file"
              className="input"
              type="file"
              accept=".xlsx,.csv"
              onChange={(e) => {
                const f = e.target.files?.[0];
                // Cleared so that choosing the same file again (corrected, or imported a second time) is seen.
                e.target.value = '';
                if (f) void choose(f);
              }}
            />
            {busy === 'upload' && <span className="hint">Đang tải tệp lên…</span>}
          </div>
        </div>
        <p className="muted">
          Sổ cũ thường có các cột theo Phụ lục IV: Ngày đến, Số đến, Tác giả, Số và ký hiệu, Ngày tháng văn bản, Tên loại và trích yếu nội dung, Đơn vị hoặc người nhận, Ngày
          chuyển, Ký nhận, Ghi chú. Dòng tiêu đề, dòng đánh số (1)…(10) được nhận ra tự động. Ngày viết theo kiểu ngày/tháng/năm.
        </p>
      </fieldset>
      {preview && (
        <>
          <fieldset className="card">
            <legend>2. Ghép cột</legend>
            <p className="muted">
              Tệp {preview.fileName}
              {preview.sheetName ? `, trang “${preview.sheetName}”` : ''}: {preview.totalRows.toLocaleString('vi-VN')} dòng dữ liệu. Bảng mã chữ tìm thấy:{' '}
              <strong>{ENCODING_LABELS[preview.encoding.detected]}</strong>
              {preview.encoding.used !== preview.encoding.detected && <> (đang đọc theo {ENCODING_LABELS[preview.encoding.used]})</>}.
            </p>
            <div className="grid-3">
              <SelectField
                label="Bảng mã chữ trong tệp"
                hint="Sổ cũ gõ bằng phông .VnTime (TCVN3) hoặc VNI-Times (VNI) được chuyển sang Unicode."
                value={encoding}
                onChange={(v) => setEncoding(v as 'auto' | ImportTextEncoding)}
                options={[
                  { value: 'auto', label: `Tự nhận biết (${ENCODING_LABELS[preview.encoding.detected]})` },
                  { value: 'unicode', label: ENCODING_LABELS.unicode },
                  { value: 'tcvn3', label: ENCODING_LABELS.tcvn3 },
                  { value: 'vni', label: ENCODING_LABELS.vni },
                ]}
              />
            </div>
            <div className="grid-3">
              {preview.fields.map((fl) => (
                <SelectField
                  key={fl.key}
                  label={fl.label}
                  required={fl.required}
                  value={mapping?.[fl.key] != null ? String(mapping[fl.key]) : ''}
                  onChange={(v) => setMapping({ ...(mapping ?? {}), [fl.key]: v === '' ? undefined : Number(v) })}
                  options={columnOptions}
                />
              ))}
            </div>
            <div className="table-wrap sample">
              <table className="data compact">
                <thead>
                  <tr>
                    {preview.columns.map((c, i) => (
                      <th key={i}>{c || `Cột ${i + 1}`}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row, i) => (
                    <tr key={i}>
                      {preview.columns.map((_, k) => (
                        <td key={k} title={row[k]?.endsWith('…') ? 'Ô dài, chỉ hiện phần đầu' : undefined}>
                          {row[k]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
          <fieldset className="card">
            <legend>3. Kiểm tra và nhập</legend>
            {previous.length > 0 && (
              <div className="banner warn" role="alert">
                Tệp này đã được nhập vào sổ{previous.length > 1 ? ` ${previous.length} lần` : ''}: {previous.map(batchText).join('; ')}. Nhập lại sẽ thêm một lần nữa các văn bản đó
                với số đến mới.
                <Checkbox label="Tôi hiểu và muốn nhập lại tệp này" checked={allowReimport} onChange={setAllowReimport} />
              </div>
            )}
            <div className="row wrap">
              <span>
                Hợp lệ: <strong>{preview.validRows.toLocaleString('vi-VN')}</strong> / {preview.totalRows.toLocaleString('vi-VN')} dòng.
                {preview.numbers && ` Số đến sẽ từ ${preview.numbers.from} đến ${preview.numbers.to}.`}
              </span>
              <span className="spacer" />
              {busy === 'preview' && <span className="muted">Đang kiểm tra…</span>}
              <Button
                variant="primary"
                busy={busy === 'commit'}
                disabled={errors.length > 0 || !preview.totalRows || busy === 'preview' || needsConfirm}
                onClick={() => void commit()}
              >
                Nhập {preview.totalRows.toLocaleString('vi-VN')} dòng
              </Button>
            </div>
            {errors.length > 0 && (
              <>
                <div className="banner error" role="alert">
                  Có {errors.length.toLocaleString('vi-VN')} lỗi. Chưa nhập dòng nào: sửa tệp (hoặc ghép lại cột) rồi kiểm tra lại. Việc nhập chỉ thực hiện khi mọi dòng hợp lệ.
                </div>
                <div className="table-wrap errors">
                  <table className="data compact">
                    <thead>
                      <tr>
                        <th className="right">Dòng</th>
                        <th>Cột</th>
                        <th>Lỗi</th>
                      </tr>
                    </thead>
                    <tbody>
                      {errors.slice(0, 500).map((e, i) => (
                        <tr key={i}>
                          <td className="right">{e.row || '—'}</td>
                          <td>{preview.fields.find((f) => f.key === e.field)?.label ?? e.field ?? ''}</td>
                          <td>{e.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </fieldset>
        </>
      )}
    </section>
  );
}
