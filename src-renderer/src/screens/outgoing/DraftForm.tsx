// Soạn dự thảo văn bản đi (new, reply to an incoming document, or a new version of a draft): the fields of
// standards §3.10 I, recipients, signer and authority, the files with their roles (PDF, editable original, annexes).
// Saving an existing draft always makes a new version; the core's field errors show beside their fields.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { PersonDto, UnitDto } from '../../../../src-shared/api/accounts';
import type { DocTypeDto, DocumentDetail } from '../../../../src-shared/api/documents';
import { AUTHORITY, DRAFT_FILE_ROLES, type Authority, type DraftFileRole, type OutgoingDetail } from '../../../../src-shared/api/outgoing';
import { formatCode, URGENCY_LABELS, type Urgency } from '../../../../src-shared/documents';
import { call } from '../../api';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { Button, Checkbox, Field, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { FileDrop, type UploadedFile } from '../../ui/FileDrop';
import { Icon } from '../../ui/Icons';
import { useAction } from '../../ui/useAction';
import { fileSize } from '../incoming/bits';
import { PersonOptions } from './common';
import { RecipientsEditor, type RecipientDraft } from './RecipientsEditor';

interface Form {
  docTypeId: string;
  subject: string;
  urgency: Urgency;
  restricted: boolean;
  draftingUnitId: string;
  signerUserId: string;
  signerName: string;
  signerPosition: string;
  authority: Authority;
  recipients: RecipientDraft[];
  keepLine: string;
  replyRequested: boolean;
  replyDueDate: string;
  noPaper: boolean;
  pageCount: string;
  copies: string;
  notes: string;
  versionNote: string;
}

interface DraftFile {
  hash: string;
  fileName: string;
  draftRole: DraftFileRole;
  size: number;
  kind: string;
}

const EMPTY: Form = {
  docTypeId: '',
  subject: '',
  urgency: 0,
  restricted: false,
  draftingUnitId: '',
  signerUserId: '',
  signerName: '',
  signerPosition: '',
  authority: '',
  recipients: [],
  keepLine: 'VT',
  replyRequested: false,
  replyDueDate: '',
  noPaper: false,
  pageCount: '',
  copies: '',
  notes: '',
  versionNote: '',
};

function fromDetail(d: OutgoingDetail): Form {
  return {
    docTypeId: d.docTypeId ? String(d.docTypeId) : '',
    subject: d.subject,
    urgency: d.urgency,
    restricted: d.restricted,
    draftingUnitId: d.draftingUnitId ? String(d.draftingUnitId) : '',
    signerUserId: d.signerUserId ? String(d.signerUserId) : '',
    signerName: d.signerName ?? '',
    signerPosition: d.signerPosition ?? '',
    authority: d.authority,
    recipients: d.recipients.map((r) => ({
      kind: r.kind,
      unitId: r.unitId ?? undefined,
      agencyId: r.agencyId ?? undefined,
      code: r.agencyCode,
      name: r.name,
      paper: r.paper,
    })),
    keepLine: d.keepLine ?? '',
    replyRequested: d.replyRequested,
    replyDueDate: d.replyDueDate ?? '',
    noPaper: d.noPaper,
    pageCount: d.pageCount ? String(d.pageCount) : '',
    copies: d.copies ? String(d.copies) : '',
    notes: d.notes ?? '',
    versionNote: '',
  };
}

/** The role a new file most likely has: the first PDF is the document, Word/Excel the editable original. */
function guessRole(kind: string, files: DraftFile[]): DraftFileRole {
  if (kind === 'pdf' && !files.some((f) => f.draftRole === 'main')) return 'main';
  if (/^(docx?|xlsx?|odt|ods)$/.test(kind) && !files.some((f) => f.draftRole === 'original')) return 'original';
  return 'attachment';
}

const num = (s: string): number | null => (s.trim() && Number.isInteger(Number(s)) ? Number(s) : null);

export function DraftForm({ editId, replyToId }: { editId?: number; replyToId?: number }) {
  const { me } = useSession();
  const toast = useToast();
  const [f, setF] = useState<Form>(EMPTY);
  const [files, setFilesState] = useState<DraftFile[]>([]);
  const filesRef = useRef<DraftFile[]>([]);
  const [source, setSource] = useState<OutgoingDetail | null>(null);
  const [replyTo, setReplyTo] = useState<DocumentDetail | null>(null);
  const [types, setTypes] = useState<DocTypeDto[]>([]);
  const [units, setUnits] = useState<UnitDto[]>([]);
  const [people, setPeople] = useState<PersonDto[]>([]);
  const { busy, error, setError, run } = useAction();
  // Reference data may arrive after typing started: it fills only the fields not yet touched.
  const touched = useRef(new Set<keyof Form>());
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) => {
      touched.current.add(k);
      setF((x) => ({ ...x, [k]: v }));
    };
  const setFiles = useCallback((next: DraftFile[]) => {
    filesRef.current = next;
    setFilesState(next);
  }, []);

  // Saving waits for uploads still in flight, then takes the files as they are at that moment.
  const uploading = useRef(false);
  const waiters = useRef<Array<() => void>>([]);
  const track = useCallback((on: boolean) => {
    uploading.current = on;
    if (!on) for (const w of waiters.current.splice(0)) w();
  }, []);
  const settled = async () => {
    if (uploading.current) await new Promise<void>((r) => waiters.current.push(r));
    return filesRef.current;
  };

  useEffect(() => {
    void (async () => {
      try {
        const [ts, us, ps] = await Promise.all([call('doctypes.list', {}), call('units.list', {}), call('users.directory', {})]);
        setTypes(ts);
        setUnits(us);
        setPeople(ps);
        let loaded: Form;
        if (editId) {
          const d = await call('outgoing.get', { id: editId });
          setSource(d);
          loaded = fromDetail(d);
          const current = d.versions.find((v) => v.version === d.currentVersion);
          setFiles((current?.files ?? []).map((x) => ({ hash: x.hash, fileName: x.fileName, draftRole: x.draftRole, size: x.size, kind: x.kind })));
        } else {
          const congVan = ts.find((t) => t.name === 'Công văn');
          loaded = { ...EMPTY, docTypeId: congVan ? String(congVan.id) : '', draftingUnitId: me.user.unitId ? String(me.user.unitId) : '' };
          if (replyToId) {
            const inc = await call('documents.get', { id: replyToId });
            setReplyTo(inc);
            // The reply goes back to the body that wrote: from the directory when it is there.
            const back: RecipientDraft = inc.issuerAgencyId
              ? { kind: 'agency', agencyId: inc.issuerAgencyId, code: inc.issuerCode, name: inc.issuerName, paper: false }
              : { kind: 'text', name: inc.issuerName, paper: false };
            loaded = { ...loaded, recipients: inc.issuerName ? [back] : [] };
          }
        }
        setF((typed) => {
          const out = { ...loaded };
          for (const k of touched.current) (out as Record<string, unknown>)[k] = typed[k];
          return out;
        });
      } catch (e) {
        setError(e);
      }
    })();
  }, [editId, replyToId, me.user.unitId, setError, setFiles]);

  const pickSigner = (v: string) => {
    touched.current.add('signerUserId');
    const p = people.find((x) => String(x.id) === v);
    setF((x) => ({ ...x, signerUserId: v, signerName: p?.fullName ?? x.signerName, signerPosition: p ? (p.position ?? '') : x.signerPosition }));
  };

  const submit = () =>
    run(async () => {
      const current = await settled();
      const payload = {
        // An unchosen type goes to the core as missing, so its message shows beside the field.
        docTypeId: (f.docTypeId ? Number(f.docTypeId) : null) as number,
        subject: f.subject,
        urgency: f.urgency,
        restricted: f.restricted,
        draftingUnitId: f.draftingUnitId ? Number(f.draftingUnitId) : null,
        signerUserId: f.signerUserId ? Number(f.signerUserId) : null,
        signerName: f.signerName || null,
        signerPosition: f.signerPosition || null,
        authority: f.authority,
        recipients: f.recipients.map((r) => ({ kind: r.kind, unitId: r.unitId, agencyId: r.agencyId, name: r.name, paper: r.paper })),
        keepLine: f.keepLine || null,
        replyRequested: f.replyRequested,
        replyDueDate: f.replyRequested && f.replyDueDate ? f.replyDueDate : null,
        noPaper: f.noPaper,
        pageCount: num(f.pageCount),
        copies: num(f.copies),
        notes: f.notes || null,
        files: current.map((x) => ({ hash: x.hash, fileName: x.fileName, role: x.draftRole === 'main' ? ('main' as const) : ('attachment' as const), draftRole: x.draftRole })),
        versionNote: f.versionNote || null,
      };
      if (editId && source) {
        const d = await call('outgoing.updateDraft', { id: editId, baseVersion: source.currentVersion, ...payload });
        toast('ok', `Đã lưu dự thảo, phiên bản ${d.currentVersion}.`);
        navigate(`/van-ban-di/${d.id}`);
      } else {
        const d = await call('outgoing.createDraft', { ...payload, replyToId });
        toast('ok', 'Đã lưu dự thảo.');
        navigate(`/van-ban-di/${d.id}`);
      }
    });

  const fe = (p: string) => fieldError(error, p);
  const title = editId ? `Sửa dự thảo (lưu thành phiên bản ${(source?.currentVersion ?? 0) + 1})` : replyToId ? 'Soạn văn bản trả lời' : 'Soạn văn bản đi';
  const cancelTo = editId ? `/van-ban-di/${editId}` : replyToId ? `/van-ban-den/${replyToId}` : '/van-ban-di';

  return (
    <form
      className="stack out-form"
      noValidate
      aria-labelledby="draft-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div className="page-head wrap">
        <h1 id="draft-title">{title}</h1>
        <span className="spacer" />
        <Button onClick={() => navigate(cancelTo)}>Hủy</Button>
        <Button type="submit" variant="primary" busy={busy} kbd="Ctrl+Enter">
          Lưu dự thảo
        </Button>
      </div>
      {replyTo && (
        <div className="banner info out-reply-to">
          <div>
            Trả lời văn bản đến{' '}
            <a href={`#/van-ban-den/${replyTo.id}`}>
              {replyTo.arrivalNumber ? `số đến ${replyTo.arrivalNumber}` : ''} {formatCode(replyTo.codeNumber, replyTo.codeNotation)}
            </a>{' '}
            của {replyTo.issuerName}: <em>{replyTo.subject}</em>
          </div>
        </div>
      )}
      {source?.replyTo && (
        <div className="banner info">
          <div>
            Trả lời văn bản đến <a href={`#/van-ban-den/${source.replyTo.id}`}>{source.replyTo.code ?? ''}</a>: <em>{source.replyTo.subject}</em>
          </div>
        </div>
      )}
      <ErrorBanner
        error={error}
        shownFields={[
          'docTypeId',
          'subject',
          'draftingUnitId',
          'signerUserId',
          'signerName',
          'signerPosition',
          'recipients',
          'keepLine',
          'replyDueDate',
          'pageCount',
          'copies',
          'notes',
          'versionNote',
          'files',
        ]}
      />
      <div className="form-grid">
        <fieldset className="card">
          <legend>Văn bản</legend>
          <div className="grid-3">
            <SelectField
              label="Loại văn bản"
              required
              value={f.docTypeId}
              onChange={set('docTypeId')}
              error={fe('docTypeId')}
              options={[{ value: '', label: '— Chọn loại —' }, ...types.map((t) => ({ value: String(t.id), label: t.abbr ? `${t.name} (${t.abbr})` : t.name }))]}
            />
            <SelectField
              label="Đơn vị soạn thảo"
              value={f.draftingUnitId}
              onChange={set('draftingUnitId')}
              error={fe('draftingUnitId')}
              hint="Viết tắt của đơn vị đứng sau số công văn (12/UBND-VP)."
              options={[
                { value: '', label: '— Không —' },
                ...units.filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.code ? `${u.name} (${u.code})` : u.name })),
              ]}
            />
            <div className="field">
              <span className="label">Hạn chế</span>
              <Checkbox label="Chỉ người soạn, người duyệt, văn thư và nơi nhận xem được" checked={f.restricted} onChange={set('restricted')} />
            </div>
          </div>
          <TextAreaField label="Trích yếu nội dung" required value={f.subject} onChange={set('subject')} error={fe('subject')} rows={3} maxLength={500} autoFocus={!editId} />
          <div className="field">
            <span className="label">Độ khẩn</span>
            <div className="segmented out-urgency" role="radiogroup" aria-label="Độ khẩn">
              {URGENCY_LABELS.slice(0, 4).map((l, i) => (
                <label key={l} className={f.urgency === i ? `on u${i}` : ''}>
                  <input type="radio" name="urgency" checked={f.urgency === i} onChange={() => set('urgency')(i as Urgency)} />
                  {l}
                </label>
              ))}
            </div>
          </div>
        </fieldset>
        <fieldset className="card">
          <legend>Người ký</legend>
          <div className="grid-3">
            <Field label="Người ký" error={fe('signerUserId')}>
              {(id, describedBy) => (
                <select id={id} className="input" aria-describedby={describedBy} value={f.signerUserId} onChange={(e) => pickSigner(e.target.value)}>
                  <option value="">— Chọn người ký —</option>
                  <PersonOptions people={people} />
                </select>
              )}
            </Field>
            <SelectField
              label="Quyền hạn ký"
              value={f.authority}
              onChange={(v) => set('authority')(v as Authority)}
              options={Object.entries(AUTHORITY).map(([value, label]) => ({ value, label }))}
            />
            <TextField label="Chức vụ người ký" value={f.signerPosition} onChange={set('signerPosition')} error={fe('signerPosition')} placeholder="PHÓ CHỦ TỊCH" />
          </div>
        </fieldset>
        <fieldset className="card">
          <legend>Nơi nhận</legend>
          <RecipientsEditor value={f.recipients} onChange={set('recipients')} units={units} error={fe('recipients')} />
          <div className="grid-3 out-after-recipients">
            <TextField label="Lưu" value={f.keepLine} onChange={set('keepLine')} error={fe('keepLine')} hint="Nơi lưu bản chính, ví dụ: VT, VP." placeholder="VT, VP" />
            <div className="field">
              <span className="label">Bản giấy</span>
              <Checkbox label="Không gửi văn bản giấy (chỉ gửi điện tử)" checked={f.noPaper} onChange={set('noPaper')} />
            </div>
            <div className="grid-2">
              <TextField label="Số trang" value={f.pageCount} onChange={set('pageCount')} inputMode="numeric" error={fe('pageCount')} />
              <TextField label="Số bản" value={f.copies} onChange={set('copies')} inputMode="numeric" error={fe('copies')} />
            </div>
          </div>
          <div className="grid-3">
            <div className="field">
              <span className="label">Trả lời</span>
              <Checkbox label="Yêu cầu nơi nhận trả lời" checked={f.replyRequested} onChange={set('replyRequested')} />
            </div>
            {f.replyRequested && <DateField label="Hạn trả lời" required value={f.replyDueDate} onChange={set('replyDueDate')} error={fe('replyDueDate')} />}
          </div>
        </fieldset>
        <fieldset className="card">
          <legend>Tệp dự thảo</legend>
          {files.length > 0 && (
            <ul className="files" aria-label="Tệp của dự thảo">
              {files.map((x, i) => (
                <li key={x.hash + i}>
                  <Icon name="file" />
                  <span className="grow">
                    <strong>{x.fileName}</strong>{' '}
                    <span className="muted">
                      {fileSize(x.size)} · {x.kind.toUpperCase()}
                    </span>
                  </span>
                  <select
                    className="input role"
                    aria-label={`Vai trò của tệp ${x.fileName}`}
                    value={x.draftRole}
                    onChange={(e) => setFiles(files.map((y, k) => (k === i ? { ...y, draftRole: e.target.value as DraftFileRole } : y)))}
                  >
                    {Object.entries(DRAFT_FILE_ROLES).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                  <Button small variant="ghost" aria-label={`Bỏ tệp ${x.fileName}`} onClick={() => setFiles(files.filter((_, k) => k !== i))}>
                    Bỏ
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {fe('files') && <span className="error-text">{fe('files')}</span>}
          {/* FileDrop only uploads here: each call adds one stored file at the end; the roles are the draft's own. */}
          <FileDrop
            files={[]}
            onUploading={track}
            onChange={(next: UploadedFile[]) => {
              const added = next[next.length - 1];
              if (!added) return;
              const list = filesRef.current;
              setFiles([...list, { hash: added.hash, fileName: added.fileName, size: added.info.size, kind: added.info.kind, draftRole: guessRole(added.info.kind, list) }]);
            }}
          />
          <p className="muted small">Văn bản (PDF) là bản lãnh đạo xem và duyệt; kèm bản gốc Word/Excel để sửa tiếp, và các phụ lục.</p>
        </fieldset>
        <fieldset className="card">
          <legend>Ghi chú</legend>
          <div className="grid-2">
            <TextAreaField label="Ghi chú" value={f.notes} onChange={set('notes')} error={fe('notes')} rows={2} />
            <TextAreaField
              label="Ghi chú phiên bản"
              value={f.versionNote}
              onChange={set('versionNote')}
              error={fe('versionNote')}
              rows={2}
              placeholder={editId ? 'Đã sửa gì so với phiên bản trước' : 'Ví dụ: Bản dự thảo đầu tiên'}
            />
          </div>
        </fieldset>
      </div>
      <div className="row wrap out-form-foot">
        <span className="spacer" />
        <Button onClick={() => navigate(cancelTo)}>Hủy</Button>
        <Button type="submit" variant="primary" busy={busy}>
          Lưu dự thảo
        </Button>
      </div>
    </form>
  );
}
