// "Thêm văn bản" into a file: find a registered incoming or issued outgoing document (the recent ones, or a search
// with or without diacritics) and add it; or upload another record ("Tài liệu khác") and describe it. The dialog
// stays open so several documents go in one after another; the core orders them and warns about odd ones.

import { useEffect, useState } from 'react';
import type { DocumentListItem } from '../../../../src-shared/api/documents';
import type { RecordFileDetailDto } from '../../../../src-shared/api/records';
import { formatCode } from '../../../../src-shared/documents';
import { SEARCH_MAX } from '../../../../src-shared/documents';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { Button, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { fileSize } from '../incoming/bits';

type Tab = 'in' | 'out' | 'other';
const TABS: Record<Tab, string> = { in: 'Văn bản đến', out: 'Văn bản đi', other: 'Tài liệu khác' };

export function AddDocumentDialog({ file, onClose, onAdded }: { file: RecordFileDetailDto; onClose: () => void; onAdded: () => void }) {
  const [tab, setTab] = useState<Tab>('in');
  // Documents added while the dialog is open, besides those already in the file.
  const [added, setAdded] = useState<Set<number>>(new Set(file.items.flatMap((i) => (i.documentId != null ? [i.documentId] : []))));
  return (
    <Dialog title={`Thêm văn bản vào hồ sơ ${file.code}`} wide onClose={onClose} footer={<Button onClick={onClose}>Xong</Button>}>
      <div className="stack">
        <div className="tabs rec-add-tabs" role="tablist" aria-label="Loại văn bản">
          {(Object.keys(TABS) as Tab[]).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={t === tab} className={t === tab ? 'active' : ''} onClick={() => setTab(t)}>
              {TABS[t]}
            </button>
          ))}
        </div>
        {tab === 'other' ? (
          <OtherDocumentForm fileId={file.id} onAdded={onAdded} />
        ) : (
          <DocumentPicker
            key={tab}
            direction={tab}
            fileId={file.id}
            added={added}
            onAdded={(id) => {
              setAdded((s) => new Set([...s, id]));
              onAdded();
            }}
          />
        )}
      </div>
    </Dialog>
  );
}

function DocumentPicker({ direction, fileId, added, onAdded }: { direction: 'in' | 'out'; fileId: number; added: Set<number>; onAdded: (documentId: number) => void }) {
  const toast = useToast();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<DocumentListItem[] | null>(null);
  const [total, setTotal] = useState<{ total: number; totalExact: boolean }>({ total: 0, totalExact: true });
  const [adding, setAdding] = useState<number | null>(null);
  const { error, run } = useAction();

  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => {
    void run(async () => {
      // No words: the latest documents of that direction (the search needs words to match).
      if (!query) {
        const page = await call('documents.list', { filters: { direction }, limit: 20, withTotal: false });
        setRows(page.items);
        setTotal({ total: page.items.length, totalExact: true });
      } else {
        const r = await call('documents.search', { query, filters: { direction }, limit: 30 });
        setRows(r.items.map((h) => h.item));
        setTotal(r);
        // More than the page: the exact number (up to 10,000) is counted after the rows are shown.
        if (!r.totalExact) setTotal(await call('documents.searchTotal', { query, filters: { direction }, limit: 30 }));
      }
    });
  }, [query, direction, run]);

  const add = (d: DocumentListItem) =>
    run(async () => {
      setAdding(d.id);
      try {
        const r = await call('files.addDocument', { fileId, documentId: d.id });
        onAdded(d.id);
        toast(r.warning ? 'info' : 'ok', r.warning ? `Đã thêm, lưu ý: ${r.warning}` : `Đã thêm văn bản ${formatCode(d.codeNumber, d.codeNotation) || d.subject} vào hồ sơ.`);
      } finally {
        setAdding(null);
      }
    });

  return (
    <div className="stack">
      <TextField
        label={direction === 'in' ? 'Tìm văn bản đến' : 'Tìm văn bản đi'}
        value={text}
        onChange={setText}
        type="search"
        maxLength={SEARCH_MAX}
        autoFocus
        placeholder="Số, ký hiệu, trích yếu, cơ quan ban hành (có dấu hay không dấu)"
        hint={query ? `${total.totalExact ? '' : 'Hơn '}${total.total.toLocaleString('vi-VN')} văn bản khớp` : 'Đang hiện các văn bản mới nhất.'}
      />
      <ErrorBanner error={error} />
      <div className="table-wrap rec-pick">
        <table className="data compact">
          <thead>
            <tr>
              <th>Số, ký hiệu</th>
              <th>Ngày</th>
              <th>Trích yếu</th>
              <th>{direction === 'in' ? 'Cơ quan ban hành' : 'Nơi ban hành'}</th>
              <th className="actions" aria-label="Thao tác" />
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((d) => {
              const code = formatCode(d.codeNumber, d.codeNotation);
              return (
                <tr key={d.id}>
                  <td className="nowrap">
                    {code || '—'}
                    {d.arrivalNumber != null && direction === 'in' && <div className="muted small">Số đến {d.arrivalNumber}</div>}
                  </td>
                  <td className="nowrap">{fmtDate(d.issuedDate) || '—'}</td>
                  <td>
                    {d.typeName && <span className="type">{d.typeName} </span>}
                    {d.subject}
                  </td>
                  <td>{d.issuerName}</td>
                  <td className="actions">
                    {added.has(d.id) ? (
                      <span className="badge green">Đã có trong hồ sơ</span>
                    ) : (
                      <Button
                        small
                        variant="primary"
                        busy={adding === d.id}
                        disabled={adding != null}
                        aria-label={`Đưa vào hồ sơ: ${code || d.subject}`}
                        onClick={() => void add(d)}
                      >
                        Đưa vào
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows && rows.length === 0 && <div className="empty">{query ? 'Không tìm thấy văn bản nào.' : 'Chưa có văn bản nào.'}</div>}
      </div>
    </div>
  );
}

function OtherDocumentForm({ fileId, onAdded }: { fileId: number; onAdded: () => void }) {
  const toast = useToast();
  const [blob, setBlob] = useState<{ hash: string; fileName: string; size: number } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [subject, setSubject] = useState('');
  const [codeNumber, setCodeNumber] = useState('');
  const [codeNotation, setCodeNotation] = useState('');
  const [issuedDate, setIssuedDate] = useState('');
  const [typeName, setTypeName] = useState('');
  const [issuerName, setIssuerName] = useState('');
  const [pageCount, setPageCount] = useState('');
  const { busy, error, setError, run } = useAction();

  const upload = async (f: File) => {
    setUploading(true);
    setError(null);
    try {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const info = await call('blobs.put', { fileName: f.name, bytes });
      setBlob({ hash: info.hash, fileName: info.fileName, size: info.size });
      if (!subject) setSubject(f.name.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' '));
      // The Mục lục counts pages from the number entered: prefill it from the file, the clerk may correct it.
      const pages = info.kind === 'pdf' ? await pdfPages(bytes) : info.mime.startsWith('image/') ? 1 : null;
      setPageCount(pages ? String(pages) : '');
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const submit = () =>
    run(async () => {
      if (!blob) return;
      await call('files.addDocument', {
        fileId,
        other: {
          blobHash: blob.hash,
          fileName: blob.fileName,
          subject,
          codeNumber: codeNumber || null,
          codeNotation: codeNotation || null,
          issuedDate: issuedDate || null,
          typeName: typeName || null,
          issuerName: issuerName || null,
          pageCount: pageCount ? Number(pageCount) : null,
        },
      });
      toast('ok', `Đã thêm tài liệu "${subject}" vào hồ sơ.`);
      onAdded();
      setBlob(null);
      setSubject('');
      setCodeNumber('');
      setCodeNotation('');
      setIssuedDate('');
      setTypeName('');
      setIssuerName('');
      setPageCount('');
    });

  const f = (path: string) => fieldError(error, `other.${path}`) ?? fieldError(error, path);
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ErrorBanner error={error} shownFields={['other.subject', 'other.pageCount', 'other.issuedDate']} />
      <p className="muted small">Tài liệu không vào sổ (biên bản, báo cáo nội bộ, bản vẽ, ảnh …): tải tệp lên rồi ghi thông tin để in vào mục lục.</p>
      <div className="row wrap">
        <label className="btn">
          {uploading ? <span className="spinner" aria-hidden /> : null}
          Chọn tệp…
          <input
            type="file"
            hidden
            aria-label="Chọn tệp tài liệu"
            onChange={(e) => {
              const x = e.target.files?.[0];
              if (x) void upload(x);
              e.target.value = '';
            }}
          />
        </label>
        {blob ? (
          <span>
            <strong>{blob.fileName}</strong> <span className="muted">{fileSize(blob.size)}</span>
          </span>
        ) : (
          <span className="muted">{uploading ? 'Đang tải lên…' : 'Chưa chọn tệp.'}</span>
        )}
      </div>
      <TextField label="Trích yếu nội dung" required value={subject} onChange={setSubject} error={f('subject')} maxLength={500} />
      <div className="grid-3">
        <TextField label="Số" value={codeNumber} onChange={setCodeNumber} maxLength={11} />
        <TextField label="Ký hiệu" value={codeNotation} onChange={setCodeNotation} maxLength={30} />
        <DateField label="Ngày" value={issuedDate} onChange={setIssuedDate} error={f('issuedDate')} />
        <TextField label="Tên loại" value={typeName} onChange={setTypeName} placeholder="Biên bản" maxLength={100} />
        <TextField label="Tác giả" value={issuerName} onChange={setIssuerName} maxLength={200} />
        <TextField
          label="Số trang"
          value={pageCount}
          onChange={(v) => setPageCount(v.replace(/\D/g, ''))}
          inputMode="numeric"
          error={f('pageCount')}
          hint={blob?.fileName.toLowerCase().endsWith('.pdf') ? 'Đã đếm từ tệp PDF; sửa nếu cần.' : undefined}
        />
      </div>
      <div className="row">
        <span className="spacer" />
        <Button type="submit" variant="primary" busy={busy} disabled={!blob || uploading}>
          Thêm tài liệu vào hồ sơ
        </Button>
      </div>
    </form>
  );
}

/** Pages of a PDF read in the page with pdf.js (loaded only when needed); null when it does not open. */
async function pdfPages(bytes: Uint8Array): Promise<number | null> {
  try {
    const pdfjs = await import('pdfjs-dist');
    const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    const pdf = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    const n = pdf.numPages;
    await pdf.destroy();
    return n;
  } catch {
    return null;
  }
}
