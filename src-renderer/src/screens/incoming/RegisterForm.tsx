// Vào sổ văn bản đến (and editing a registered one): keyboard-first form with the fields of Phụ lục IV, the agency
// directory, attachments, an early duplicate warning, and the refusal of secret documents before anything is sent.
// Opened from the scan tray (or after uploading an electronic file) it is prefilled with the fields read from the
// text, each marked "Gợi ý" with its confidence until the clerk edits it or confirms the suggestions.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { DocTypeDto, DocumentDetail } from '../../../../src-shared/api/documents';
import type { DuplicateCandidate } from '../../../../src-shared/api/incoming';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import type { PrefillDto } from '../../../../src-shared/api/scanning';
import { formatHhmm, todayVn, vnParts } from '../../../../src-shared/calendar/vn-time';
import { formatCode, RECEIVED_VIA, SECRECY, URGENCY_LABELS, type ReceivedVia, type Secrecy } from '../../../../src-shared/documents';
import { ApiError, call } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { AgencyPicker, type IssuerValue } from '../../ui/AgencyPicker';
import { Button, Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { FileDrop, useAttachments } from '../../ui/FileDrop';
import { useAction } from '../../ui/useAction';
import { useDocumentSync } from '../sync/IncomingSyncPanel';
import { asSuggestion, SuggestField, type Suggestion } from './scan-common';

interface Form {
  registerId: string;
  issuer: IssuerValue;
  codeNumber: string;
  codeNotation: string;
  issuedDate: string;
  docTypeId: string;
  subject: string;
  signerPosition: string;
  signerName: string;
  urgency: number;
  urgentDeadline: string;
  pageCount: string;
  copies: string;
  receivedVia: ReceivedVia;
  handlingDueDate: string;
  notes: string;
  secrecy: Secrecy;
  restricted: boolean;
}

const EMPTY: Form = {
  registerId: '',
  issuer: { agencyId: null, code: null, name: '' },
  codeNumber: '',
  codeNotation: '',
  issuedDate: '',
  docTypeId: '',
  subject: '',
  signerPosition: '',
  signerName: '',
  urgency: 0,
  urgentDeadline: '',
  pageCount: '',
  copies: '1',
  receivedVia: 'paper',
  handlingDueDate: '',
  notes: '',
  secrecy: 'none',
  restricted: false,
};

function fromDetail(d: DocumentDetail, registerId: string): Form {
  return {
    registerId,
    issuer: { agencyId: d.issuerAgencyId, code: d.issuerCode, name: d.issuerName },
    codeNumber: d.codeNumber ?? '',
    codeNotation: d.codeNotation ?? '',
    issuedDate: d.issuedDate ?? '',
    docTypeId: d.docTypeId ? String(d.docTypeId) : '',
    subject: d.subject,
    signerPosition: d.signerPosition ?? '',
    signerName: d.signerName ?? '',
    urgency: d.urgency,
    urgentDeadline: d.urgentDeadlineAt ? vnLocalInput(d.urgentDeadlineAt) : '',
    pageCount: d.pageCount ? String(d.pageCount) : '',
    copies: d.copies ? String(d.copies) : '',
    receivedVia: d.receivedVia,
    handlingDueDate: d.handlingDueDate ?? '',
    notes: d.notes ?? '',
    secrecy: 'none',
    restricted: d.restricted,
  };
}

/** The loaded form, except the fields the clerk already typed into, which keep her values. */
function keepTyped(loaded: Form, typed: Form, touched: ReadonlySet<keyof Form>): Form {
  const out: Form = { ...loaded };
  for (const k of touched) (out as unknown as Record<string, unknown>)[k] = typed[k];
  return out;
}

/** Vietnam wall time as a datetime-local value (YYYY-MM-DDTHH:MM). */
const vnLocalInput = (ms: number) => `${vnParts(ms).date}T${formatHhmm(vnParts(ms).minute)}`;
const num = (s: string) => (s.trim() ? Number(s) : null);
const opt = (s: string) => (s.trim() ? s : null);

type Suggestions = Partial<Record<keyof Form, Suggestion>>;

/**
 * The form with the fields read from a document's text. `onlyEmpty`: an electronic file's suggestions never replace
 * what is already there. Returns the form and which fields now hold a suggestion.
 */
function withPrefill(base: Form, p: PrefillDto, types: DocTypeDto[], onlyEmpty: boolean): { form: Form; suggested: Suggestions } {
  const form: Form = { ...base };
  const suggested: Suggestions = {};
  const put = <K extends keyof Form>(k: K, value: Form[K] | null | undefined, s: Suggestion | null, empty: boolean) => {
    if (value == null || value === '' || !s || (onlyEmpty && !empty)) return;
    form[k] = value;
    suggested[k] = s;
  };
  const sug = (x: { confidence: number; source: string } | null) => (x ? asSuggestion(x) : null);
  if (p.issuer) put('issuer', { agencyId: p.issuer.value.agencyId, code: p.issuer.value.code, name: p.issuer.value.name }, sug(p.issuer), !base.issuer.name);
  put('codeNumber', p.codeNumber?.value, sug(p.codeNumber), !base.codeNumber);
  put('codeNotation', p.codeNotation?.value, sug(p.codeNotation), !base.codeNotation);
  put('issuedDate', p.issuedDate?.value, sug(p.issuedDate), !base.issuedDate);
  if (p.docType) {
    const v = p.docType.value;
    const fold = (x: string | null | undefined) => (x ?? '').normalize('NFC').toLocaleLowerCase('vi');
    const t = types.find((x) => x.id === v.docTypeId) ?? types.find((x) => (v.abbr && fold(x.abbr) === fold(v.abbr)) || fold(x.name) === fold(v.name));
    if (t) put('docTypeId', String(t.id), sug(p.docType), !base.docTypeId);
  }
  put('subject', p.subject?.value, sug(p.subject), !base.subject);
  put('signerPosition', p.signerPosition?.value, sug(p.signerPosition), !base.signerPosition);
  put('signerName', p.signerName?.value, sug(p.signerName), !base.signerName);
  // The page count is counted, not read: certain, but still shown as filled in for the clerk.
  if (p.pageCount) put('pageCount', String(p.pageCount), { confidence: 1, source: 'Số trang của tệp' }, !base.pageCount);
  put('handlingDueDate', p.handlingDueDate?.value, sug(p.handlingDueDate), !base.handlingDueDate);
  return { form, suggested };
}

export function RegisterForm({ pendingId, editId, fromImport }: { pendingId?: number; editId?: number; fromImport?: { batchId: number; index: number } }) {
  const toast = useToast();
  const [f, setF] = useState<Form>(EMPTY);
  const { files, setFiles, track, settled } = useAttachments();
  const [source, setSource] = useState<DocumentDetail | null>(null);
  const [registers, setRegisters] = useState<RegisterDto[]>([]);
  const [types, setTypes] = useState<DocTypeDto[]>([]);
  const { busy, error, setError, run } = useAction();
  const [warning, setWarning] = useState<DuplicateCandidate[]>([]);
  const [dupDialog, setDupDialog] = useState<DuplicateCandidate[] | null>(null);
  const [again, setAgain] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Fields the clerk has changed. Reference data and the stored document may arrive after she started typing
  // (a slow disk, a busy core): they fill only what she has not touched, never discard her input.
  const touched = useRef(new Set<keyof Form>());
  // Fields holding a value read from the text and not yet confirmed (tinted, "Gợi ý" badge).
  const [suggested, setSuggested] = useState<Suggestions>({});
  const [detecting, setDetecting] = useState(false);
  const [detected, setDetected] = useState<string | null>(null);
  const year = Number(todayVn(Date.now()).slice(0, 4));
  const hub = useDocumentSync(pendingId ?? 0, !!pendingId && source?.receivedVia === 'hub');
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) => {
      touched.current.add(k);
      setF((x) => ({ ...x, [k]: v }));
      setSuggested((s) => (s[k] ? { ...s, [k]: undefined } : s));
    };

  useEffect(() => {
    void (async () => {
      try {
        const [regs, ts] = await Promise.all([call('registers.list', { direction: 'in' }), call('doctypes.list', {})]);
        setTypes(ts);
        const base = pendingId ?? editId;
        const detail = base ? await call('documents.get', { id: base }) : null;
        setSource(detail);
        const docYear = detail ? vnParts(detail.arrivalAt).date.slice(0, 4) : String(year);
        const usable = regs.filter((r) => r.active && String(r.year) === docYear);
        setRegisters(usable);
        const reg = detail?.registerId ? String(detail.registerId) : String((usable.find((r) => r.isDefault) ?? usable[0])?.id ?? '');
        let loaded = detail ? fromDetail(detail, reg) : { ...EMPTY, registerId: reg };
        if (fromImport) {
          const batch = await call('imports.get', { batchId: fromImport.batchId });
          const made = batch.created.find((c) => c.index === fromImport.index) ?? batch.created[fromImport.index - 1];
          if (!made) throw new Error('Không tìm thấy văn bản đã tạo từ lô quét này. Hãy bấm “Tạo văn bản” lại ở màn hình Quét văn bản.');
          const { form, suggested: s } = withPrefill(loaded, made.prefill, ts, false);
          loaded = form;
          const file = made.file;
          const mime = file.kind === 'pdf' ? 'application/pdf' : `image/${file.kind}`;
          setFiles([
            {
              hash: file.hash,
              fileName: file.fileName,
              role: 'main',
              info: {
                hash: file.hash,
                fileName: file.fileName,
                size: file.size,
                kind: file.kind,
                mime,
                macro: false,
                notes: file.signed ? ['Có chữ ký số: tệp được giữ nguyên.'] : [],
              },
            },
          ]);
          setSuggested(Object.fromEntries(Object.entries(s).filter(([k]) => !touched.current.has(k as keyof Form))));
        }
        setF((typed) => keepTyped(loaded, typed, touched.current));
      } catch (e) {
        setError(e);
      }
    })();
    // fromImport is read once per mount (the route keys the form).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingId, editId, year, setError, setFiles]);

  // Early, non-blocking duplicate warning once number, date and issuer are known.
  useEffect(() => {
    if (!f.codeNumber || !f.issuedDate || !f.issuer.name) return setWarning([]);
    const t = setTimeout(() => {
      call('incoming.checkDuplicates', {
        excludeId: editId ?? pendingId,
        issuer: f.issuer,
        codeNumber: f.codeNumber,
        codeNotation: f.codeNotation || null,
        issuedDate: f.issuedDate,
      }).then(
        (r) => setWarning(r.candidates),
        () => setWarning([]),
      );
    }, 400);
    return () => clearTimeout(t);
  }, [f.codeNumber, f.codeNotation, f.issuedDate, f.issuer, editId, pendingId]);

  const payload = useMemo(
    () => ({
      issuer: f.issuer,
      codeNumber: opt(f.codeNumber),
      codeNotation: opt(f.codeNotation),
      issuedDate: f.issuedDate || null,
      docTypeId: f.docTypeId ? Number(f.docTypeId) : null,
      subject: f.subject,
      signerPosition: opt(f.signerPosition),
      signerName: opt(f.signerName),
      urgency: f.urgency,
      urgentDeadlineAt: f.urgency === 4 && f.urgentDeadline ? Date.parse(`${f.urgentDeadline}:00+07:00`) : null,
      pageCount: num(f.pageCount),
      copies: num(f.copies),
      receivedVia: f.receivedVia,
      handlingDueDate: f.handlingDueDate || null,
      notes: opt(f.notes),
      secrecy: f.secrecy,
      restricted: f.restricted,
    }),
    [f],
  );

  const submit = (allowDuplicate = false) =>
    run(async () => {
      // Saving waits for a scan still uploading, and takes it along.
      const files = await settled();
      try {
        let d: DocumentDetail;
        if (editId) {
          d = await call('incoming.update', { id: editId, ...payload, files: files.map(({ hash, fileName, role }) => ({ hash, fileName, role })) });
          toast('ok', `Đã lưu văn bản số đến ${d.arrivalNumber}.`);
          return navigate(`/van-ban-den/${d.id}`);
        }
        d = await call('incoming.register', {
          ...payload,
          registerId: Number(f.registerId),
          pendingId,
          files: files.map(({ hash, fileName, role }) => ({ hash, fileName, role })),
          allowDuplicate,
        });
        toast('ok', `Đã vào sổ: số đến ${d.arrivalNumber} — ${d.registerName}.`);
        if (again) {
          touched.current.clear();
          setSuggested({});
          setDetected(null);
          setF((x) => ({ ...EMPTY, registerId: x.registerId, receivedVia: x.receivedVia }));
          setFiles([]);
          setWarning([]);
          formRef.current?.querySelector<HTMLInputElement>('input[role="combobox"]')?.focus();
        } else navigate(`/van-ban-den/${d.id}`);
      } catch (e) {
        // A likely duplicate is a question for the clerk, not an error: it opens the dialog below.
        if (e instanceof ApiError && e.code === 'duplicate_document') setDupDialog((e.details?.candidates as DuplicateCandidate[]) ?? []);
        else throw e;
      }
    });

  async function attachToExisting(c: DuplicateCandidate) {
    const done = await run(async () => {
      if (files.length) {
        await call('incoming.attachFiles', { documentId: c.id, files: files.map(({ hash, fileName }) => ({ hash, fileName, role: 'paper_copy' as const })) });
        toast('ok', `Đã đính kèm bản giấy vào văn bản số đến ${c.arrivalNumber}; không cấp số mới.`);
      }
      navigate(`/van-ban-den/${c.id}`);
      return true;
    });
    if (!done) setDupDialog(null);
  }

  // An electronic file uploaded here: its own text can fill what is still empty (issue 12, 6a).
  const textFile = !fromImport ? (files.find((x) => x.role === 'main') ?? files[0]) : undefined;
  const detectFromFile = () => {
    if (!textFile) return;
    setDetecting(true);
    void run(async () => {
      const p = await call('imports.detectFields', { hash: textFile.hash });
      const { form, suggested: s } = withPrefill(f, p, types, true);
      const n = Object.keys(s).length;
      setF(form);
      setSuggested((old) => ({ ...old, ...s }));
      setDetected(textFile.hash);
      toast(n ? 'ok' : 'info', n ? `Đã điền ${n} ô từ nội dung tệp: hãy kiểm tra các ô có nhãn “Gợi ý”.` : 'Không đọc được thêm thông tin nào từ nội dung tệp.');
    }).finally(() => setDetecting(false));
  };
  const pendingSuggestions = Object.values(suggested).filter(Boolean).length;
  const sg = (k: keyof Form) => suggested[k];

  const secret = f.secrecy !== 'none';
  const fe = (p: string) => fieldError(error, p);
  const title = editId ? `Sửa văn bản đến số ${source?.arrivalNumber ?? ''}` : pendingId ? 'Vào sổ văn bản đã tiếp nhận' : 'Vào sổ văn bản đến';

  return (
    <form
      ref={formRef}
      className="stack register-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!secret) void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          if (!secret) void submit();
        }
      }}
      aria-labelledby="register-title"
    >
      <div className="page-head">
        <h1 id="register-title">{title}</h1>
        <span className="spacer" />
        <Button onClick={() => navigate(editId ? `/van-ban-den/${editId}` : '/van-ban-den')}>Hủy</Button>
        <Button type="submit" variant="primary" busy={busy} disabled={secret || (!editId && !f.registerId)} kbd="Ctrl+Enter">
          {editId ? 'Lưu' : 'Vào sổ'}
        </Button>
      </div>
      {source?.status === 'pending' && (
        <div className="banner info">
          Tiếp nhận lúc {fmtDateTime(source.receivedAt)}; tính từ {fmtDateTime(source.arrivalAt)}; hạn vào sổ {fmtDateTime(source.registrationDueAt)}
          {Date.now() > source.registrationDueAt ? ' — đã quá hạn 8 giờ làm việc.' : '.'}
        </div>
      )}
      {source?.receivedVia === 'hub' && (
        <div className="banner info sync-source-banner">
          <div>
            <strong>Liên thông từ {hub.info?.received?.fromName ?? source.issuerName}</strong>. Văn bản điện tử nhận qua trục: kiểm tra chữ ký số ở{' '}
            <a href={`#/van-ban-den/${source.id}`}>màn hình văn bản</a> trước khi vào sổ; khi vào sổ, nơi gửi được báo “Đã tiếp nhận”.
          </div>
        </div>
      )}
      {pendingSuggestions > 0 && (
        <div className="banner info suggest-banner" role="status">
          <div className="grow">
            <strong>
              {pendingSuggestions} ô được điền sẵn từ nội dung văn bản{fromImport ? ' (nhận dạng chữ trang đầu)' : ''}.
            </strong>{' '}
            Các ô tô màu có nhãn “Gợi ý” kèm độ tin cậy; rê chuột lên nhãn để xem dòng chữ đã đọc. Hãy kiểm tra với bản giấy, sửa nếu sai, rồi xác nhận.
          </div>
          <Button small onClick={() => setSuggested({})}>
            Xác nhận gợi ý
          </Button>
        </div>
      )}
      <ErrorBanner error={error} shownFields={['issuer.name', 'subject', 'registerId', 'issuedDate', 'urgentDeadlineAt', 'codeNumber', 'codeNotation', 'secrecy']} />
      {secret && (
        <div className="banner error" role="alert">
          <div>
            <strong>Không được nhập văn bản “{SECRECY[f.secrecy]}” vào hệ thống.</strong> Văn bản mật phải được đăng ký, quản lý riêng theo quy định về bảo vệ bí mật nhà nước (Quy
            chế: KB 5, HN 1.2, PY 2.2). Hãy chuyển văn bản cho bộ phận quản lý văn bản mật.
          </div>
        </div>
      )}
      <div className="form-grid">
        <fieldset className="card">
          <legend>Vào sổ</legend>
          <div className="grid-3">
            <SelectField
              label="Sổ văn bản đến"
              required
              value={f.registerId}
              disabled={!!editId}
              onChange={set('registerId')}
              error={fe('registerId')}
              options={
                registers.length
                  ? registers.map((r) => ({ value: String(r.id), label: `${r.name} ${r.year} · số tiếp: ${r.lastNumber + 1}` }))
                  : [{ value: '', label: 'Chưa có sổ của năm nay' }]
              }
            />
            <SelectField
              label="Hình thức nhận"
              value={f.receivedVia}
              onChange={(v) => set('receivedVia')(v as ReceivedVia)}
              options={Object.entries(RECEIVED_VIA).map(([value, label]) => ({ value, label }))}
            />
            <SelectField
              label="Độ mật"
              value={f.secrecy}
              onChange={(v) => set('secrecy')(v as Secrecy)}
              error={fe('secrecy')}
              options={Object.entries(SECRECY).map(([value, label]) => ({ value, label }))}
            />
          </div>
          <div className="field">
            <span className="label">Độ khẩn</span>
            <div className="segmented" role="radiogroup" aria-label="Độ khẩn">
              {URGENCY_LABELS.map((l, i) => (
                <label key={l} className={f.urgency === i ? `on u${i}` : ''}>
                  <input type="radio" name="urgency" checked={f.urgency === i} onChange={() => set('urgency')(i)} />
                  {l}
                </label>
              ))}
            </div>
          </div>
          {f.urgency === 4 && (
            <TextField label="Giờ hẹn (hỏa tốc hẹn giờ)" type="datetime-local" value={f.urgentDeadline} onChange={set('urgentDeadline')} error={fe('urgentDeadlineAt')} required />
          )}
          <Checkbox
            label={
              <>
                <strong>Hạn chế</strong> — chỉ người vào sổ và người, đơn vị được giao hoặc gửi để biết xem được (lãnh đạo, văn thư khác không tự thấy)
              </>
            }
            checked={f.restricted}
            onChange={set('restricted')}
          />
        </fieldset>
        <fieldset className="card">
          <legend>Văn bản</legend>
          <div className="grid-3">
            <SuggestField s={sg('issuer')} label="Cơ quan ban hành">
              <AgencyPicker label="Cơ quan ban hành (tác giả)" required value={f.issuer} onChange={set('issuer')} error={fe('issuer.name')} autoFocus={!editId} />
            </SuggestField>
            <SuggestField s={sg('codeNumber')} label="Số">
              <TextField label="Số" value={f.codeNumber} onChange={set('codeNumber')} error={fe('codeNumber')} inputMode="numeric" placeholder="125" />
            </SuggestField>
            <SuggestField s={sg('codeNotation')} label="Ký hiệu">
              <TextField label="Ký hiệu" value={f.codeNotation} onChange={set('codeNotation')} error={fe('codeNotation')} placeholder="QĐ-UBND" />
            </SuggestField>
            <SuggestField s={sg('issuedDate')} label="Ngày văn bản">
              <DateField label="Ngày văn bản" value={f.issuedDate} onChange={set('issuedDate')} error={fe('issuedDate')} />
            </SuggestField>
            <SuggestField s={sg('docTypeId')} label="Loại văn bản">
              <SelectField
                label="Loại văn bản"
                value={f.docTypeId}
                onChange={set('docTypeId')}
                options={[{ value: '', label: '— Chọn loại —' }, ...types.map((t) => ({ value: String(t.id), label: t.abbr ? `${t.name} (${t.abbr})` : t.name }))]}
              />
            </SuggestField>
            <SuggestField s={sg('handlingDueDate')} label="Hạn xử lý">
              <DateField
                label="Hạn xử lý"
                value={f.handlingDueDate}
                onChange={set('handlingDueDate')}
                hint={sg('handlingDueDate') ? 'Hạn đề nghị trong văn bản' : 'Theo văn bản hoặc lãnh đạo giao'}
              />
            </SuggestField>
          </div>
          {warning.length > 0 && (
            <div className="banner warn" role="status">
              <div>
                <strong>Có thể trùng:</strong>{' '}
                {warning.map((c) => (
                  <span key={c.id}>
                    {c.arrivalNumber ? `số đến ${c.arrivalNumber}` : 'đang chờ vào sổ'} — {formatCode(c.codeNumber, c.codeNotation)} ngày {fmtDate(c.issuedDate)} (
                    {RECEIVED_VIA[c.receivedVia]}).{' '}
                  </span>
                ))}
                Nếu đây là bản giấy của văn bản điện tử đã vào sổ, hãy đính kèm vào văn bản đó (PY 5.5).
              </div>
            </div>
          )}
          <SuggestField s={sg('subject')} label="Trích yếu">
            <TextAreaField label="Trích yếu nội dung" required value={f.subject} onChange={set('subject')} error={fe('subject')} rows={3} maxLength={500} />
          </SuggestField>
          <div className="grid-3">
            <SuggestField s={sg('signerPosition')} label="Chức vụ người ký">
              <TextField label="Chức vụ người ký" value={f.signerPosition} onChange={set('signerPosition')} placeholder="KT. CHỦ TỊCH - PHÓ CHỦ TỊCH" />
            </SuggestField>
            <SuggestField s={sg('signerName')} label="Người ký">
              <TextField label="Người ký" value={f.signerName} onChange={set('signerName')} />
            </SuggestField>
            <div className="grid-2">
              <SuggestField s={sg('pageCount')} label="Số trang">
                <TextField label="Số trang" value={f.pageCount} onChange={set('pageCount')} inputMode="numeric" error={fe('pageCount')} />
              </SuggestField>
              <TextField label="Số bản" value={f.copies} onChange={set('copies')} inputMode="numeric" error={fe('copies')} />
            </div>
          </div>
          <TextAreaField label="Ghi chú" value={f.notes} onChange={set('notes')} rows={2} />
        </fieldset>
        <fieldset className="card">
          <legend>Tệp đính kèm</legend>
          {source && source.files.length > 0 && (
            <p className="muted">
              Đã có {source.files.length} tệp: {source.files.map((x) => x.fileName).join(', ')}.
            </p>
          )}
          <FileDrop files={files} onChange={setFiles} onUploading={track} />
          {textFile && detected !== textFile.hash && (
            <div className="row wrap">
              <Button small busy={detecting} onClick={detectFromFile}>
                Điền gợi ý từ nội dung tệp
              </Button>
              <span className="muted small">Đọc số, ký hiệu, ngày, trích yếu, hạn trả lời… từ {textFile.fileName}; chỉ điền các ô còn trống.</span>
            </div>
          )}
          {detecting && <span className="muted small">Đang đọc nội dung tệp…</span>}
        </fieldset>
      </div>
      {!editId && (
        <div className="row">
          <Checkbox label="Sau khi vào sổ, nhập tiếp văn bản khác" checked={again} onChange={setAgain} />
        </div>
      )}
      {dupDialog && (
        <Dialog
          title="Văn bản có thể đã được vào sổ"
          onClose={() => setDupDialog(null)}
          wide
          footer={
            <>
              <Button onClick={() => setDupDialog(null)}>Quay lại sửa</Button>
              <Button
                variant="danger"
                busy={busy}
                onClick={() => {
                  setDupDialog(null);
                  void submit(true);
                }}
              >
                Vẫn vào sổ số mới
              </Button>
            </>
          }
        >
          <div className="stack">
            <p>Đã có văn bản cùng số, ký hiệu, ngày và cơ quan ban hành (hoặc cùng mã văn bản liên thông):</p>
            <table className="data">
              <thead>
                <tr>
                  <th>Số đến</th>
                  <th>Số, ký hiệu</th>
                  <th>Trích yếu</th>
                  <th>Nhận qua</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {dupDialog.map((c) => (
                  <tr key={c.id}>
                    <td>{c.arrivalNumber ?? 'Chờ vào sổ'}</td>
                    <td className="nowrap">{formatCode(c.codeNumber, c.codeNotation)}</td>
                    <td>{c.subject}</td>
                    <td>{RECEIVED_VIA[c.receivedVia]}</td>
                    <td className="actions">
                      <Button small variant="primary" busy={busy} onClick={() => void attachToExisting(c)}>
                        {files.length ? 'Đính kèm bản giấy vào văn bản này' : 'Mở văn bản này'}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">Bản giấy của văn bản điện tử đã nhận được đính kèm vào văn bản đó, không cấp số đến thứ hai (PY 5.5).</p>
          </div>
        </Dialog>
      )}
    </form>
  );
}
