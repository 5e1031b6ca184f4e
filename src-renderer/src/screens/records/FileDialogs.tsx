// The dialogs of one file: edit its description, close it (re-assess retention, fix title and code; the core's list
// of problems when it is not ready), reopen it (archive), set access, approve access (leader), export it as a ZIP.
// Each calls one core method and hands the result back; none decides what is allowed.

import { useEffect, useMemo, useState } from 'react';
import { FILE_RIGHTS, type CloseProblem, type ExportResult, type FileRights, type RecordFileDetailDto, type RecordFileDto } from '../../../../src-shared/api/records';
import type { UnitDto } from '../../../../src-shared/api/accounts';
import { fold } from '../../../../src-shared/vn/text';
import { ApiError, call } from '../../api';
import { Button, Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog, Dialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { fileSize } from '../incoming/bits';
import { downloadBlob, retentionOptions, usePeople, useRetentions } from './common';

interface Props<T = RecordFileDto> {
  file: RecordFileDetailDto;
  onClose: () => void;
  onDone: (f: T) => void;
}

export function EditFileDialog({ file, onClose, onDone }: Props) {
  const retentions = useRetentions();
  const toast = useToast();
  const [code, setCode] = useState(file.code);
  const [title, setTitle] = useState(file.title);
  const [retentionId, setRetentionId] = useState(String(file.retentionId));
  const [startDate, setStartDate] = useState(file.startDate);
  const [description, setDescription] = useState(file.description ?? '');
  const { busy, error, run } = useAction();
  const submit = () =>
    run(async () => {
      onDone(await call('files.update', { id: file.id, code, title, retentionId: Number(retentionId), startDate, description: description || null }));
      toast('ok', 'Đã lưu thông tin hồ sơ.');
      onClose();
    });
  return (
    <FormDialog formId="edit-file" title="Sửa thông tin hồ sơ" onClose={onClose} action="Lưu" busy={busy} onSubmit={submit}>
      <ErrorBanner error={error} shownFields={['code', 'title', 'retentionId', 'startDate']} />
      <div className="grid-2">
        <TextField label="Số và ký hiệu hồ sơ" required value={code} onChange={setCode} error={fieldError(error, 'code')} />
        <SelectField
          label="Thời hạn bảo quản"
          value={retentionId}
          onChange={setRetentionId}
          options={retentionOptions(retentions, file.retentionId)}
          error={fieldError(error, 'retentionId')}
        />
      </div>
      <TextField label="Tiêu đề hồ sơ" required value={title} onChange={setTitle} error={fieldError(error, 'title')} maxLength={500} />
      <DateField label="Ngày bắt đầu" required value={startDate} onChange={setStartDate} error={fieldError(error, 'startDate')} />
      <TextAreaField label="Mô tả, chú giải" value={description} onChange={setDescription} maxLength={500} />
    </FormDialog>
  );
}

/** The problems the core found (file_not_ready), or null for any other refusal. */
function problemsOf(e: unknown): CloseProblem[] | null {
  if (!(e instanceof ApiError) || e.code !== 'file_not_ready') return null;
  const p = e.details?.problems;
  return Array.isArray(p) ? (p as CloseProblem[]) : [];
}

export function CloseFileDialog({ file, onClose, onDone }: Props) {
  const retentions = useRetentions();
  const toast = useToast();
  const [code, setCode] = useState(file.code);
  const [title, setTitle] = useState(file.title);
  const [retentionId, setRetentionId] = useState(String(file.retentionId));
  const [endDate, setEndDate] = useState('');
  const { busy, error, run } = useAction();
  const problems = problemsOf(error);
  const submit = () =>
    run(async () => {
      const f = await call('files.close', { id: file.id, code, title, retentionId: Number(retentionId), endDate: endDate || undefined });
      toast('ok', `Đã đóng hồ sơ ${f.code}.`);
      onDone(f);
      onClose();
    });
  return (
    <FormDialog formId="close-file" title={`Đóng hồ sơ ${file.code}`} wide onClose={onClose} action="Đóng hồ sơ" busy={busy} onSubmit={submit}>
      {problems ? (
        <div className="banner error" role="alert">
          <div>
            <strong>{(error as ApiError).message}</strong>
            {problems.length > 0 && (
              <ul className="rec-problems">
                {problems.map((p, i) => (
                  <li key={i}>{p.text}</li>
                ))}
              </ul>
            )}
          </div>
        </div>
      ) : (
        <ErrorBanner error={error} shownFields={['code', 'title', 'retentionId', 'endDate']} />
      )}
      <p className="muted">
        Khi công việc đã giải quyết xong, người lập hồ sơ kiểm tra văn bản trong hồ sơ, xem lại thời hạn bảo quản, sửa tiêu đề, số và ký hiệu cho đúng với thực tế rồi đóng hồ sơ
        (Điều 29 Nghị định 30/2020/NĐ-CP). Hồ sơ đã đóng không thêm, bớt văn bản được nữa.
      </p>
      <p>
        Hồ sơ có <strong>{file.docTotal}</strong> văn bản, <strong>{file.pageTotal}</strong> trang.
      </p>
      <div className="grid-2">
        <TextField label="Số và ký hiệu hồ sơ" required value={code} onChange={setCode} error={fieldError(error, 'code')} />
        <SelectField
          label="Thời hạn bảo quản"
          required
          value={retentionId}
          onChange={setRetentionId}
          options={retentionOptions(retentions, file.retentionId)}
          error={fieldError(error, 'retentionId')}
        />
      </div>
      <TextField label="Tiêu đề hồ sơ" required value={title} onChange={setTitle} error={fieldError(error, 'title')} maxLength={500} />
      <DateField label="Ngày kết thúc" value={endDate} onChange={setEndDate} error={fieldError(error, 'endDate')} hint="Để trống: ngày của văn bản cuối cùng trong hồ sơ." />
    </FormDialog>
  );
}

export function ReopenFileDialog({ file, onClose, onDone }: Props) {
  const toast = useToast();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      onDone(await call('files.reopen', { id: file.id, reason }));
      toast('ok', `Đã mở lại hồ sơ ${file.code}.`);
      onClose();
    });
  return (
    <ActionDialog title={`Mở lại hồ sơ ${file.code}`} onClose={onClose} action="Mở lại" busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reason']} />
      <p>Hồ sơ đã đóng nhưng chưa nộp lưu được mở lại để bổ sung, sửa; lý do được ghi vào lịch sử hồ sơ.</p>
      <TextField label="Lý do" required value={reason} onChange={setReason} error={fieldError(error, 'reason')} />
    </ActionDialog>
  );
}

export function AccessDialog({ file, onClose, onDone }: Props<RecordFileDetailDto>) {
  const people = usePeople();
  const toast = useToast();
  const [units, setUnits] = useState<UnitDto[]>([]);
  const current = file.access.filter((a) => a.state !== 'revoked');
  const [rights, setRights] = useState<FileRights>(file.pendingRights ?? file.rights);
  const [userIds, setUserIds] = useState<Set<number>>(new Set(current.flatMap((a) => (a.userId != null ? [a.userId] : []))));
  const [unitIds, setUnitIds] = useState<Set<number>>(new Set(current.flatMap((a) => (a.unitId != null ? [a.unitId] : []))));
  const [filter, setFilter] = useState('');
  const { busy, error, run } = useAction();
  useEffect(() => void call('units.list', {}).then(setUnits, () => {}), []);
  const f = fold(filter);
  const shownPeople = useMemo(() => people.filter((p) => !f || fold(`${p.fullName} ${p.unitName ?? ''}`).includes(f)), [people, f]);
  const shownUnits = useMemo(() => units.filter((u) => !f || fold(u.name).includes(f)), [units, f]);
  const toggle = (set: Set<number>, id: number, on: boolean) => {
    const n = new Set(set);
    if (on) n.add(id);
    else n.delete(id);
    return n;
  };
  const go = () =>
    run(async () => {
      const next = await call('files.setAccess', { id: file.id, rights, userIds: [...userIds], unitIds: [...unitIds] });
      onDone(next);
      const waiting = next.pendingRights != null || next.access.some((a) => a.state === 'pending');
      toast('ok', waiting ? 'Đã gửi đề nghị; thay đổi có hiệu lực khi lãnh đạo duyệt.' : 'Đã cập nhật quyền truy cập hồ sơ.');
      onClose();
    });
  return (
    <ActionDialog title="Quyền truy cập hồ sơ" wide onClose={onClose} action="Lưu quyền truy cập" busy={busy} onAction={go}>
      <ErrorBanner error={error} />
      <SelectField
        label="Chế độ sử dụng"
        value={rights}
        onChange={(v) => setRights(v as FileRights)}
        options={Object.entries(FILE_RIGHTS).map(([value, label]) => ({ value, label }))}
      />
      <p className="muted small">Mở rộng quyền xem hồ sơ hạn chế, hoặc đổi chế độ sử dụng, cần lãnh đạo duyệt; đến khi duyệt, quyền cũ vẫn giữ nguyên.</p>
      <TextField label="Lọc người, đơn vị" value={filter} onChange={setFilter} placeholder="Gõ tên (có dấu hay không dấu)" />
      <div className="share-columns">
        <fieldset>
          <legend>Đơn vị</legend>
          {shownUnits.map((u) => (
            <Checkbox key={u.id} label={u.name} checked={unitIds.has(u.id)} onChange={(on) => setUnitIds(toggle(unitIds, u.id, on))} />
          ))}
          {!shownUnits.length && <span className="muted small">Không có đơn vị.</span>}
        </fieldset>
        <fieldset>
          <legend>Người</legend>
          {shownPeople.map((p) => (
            <Checkbox
              key={p.id}
              label={[p.fullName, p.unitName].filter(Boolean).join(' — ')}
              checked={userIds.has(p.id)}
              onChange={(on) => setUserIds(toggle(userIds, p.id, on))}
            />
          ))}
          {!shownPeople.length && <span className="muted small">Không có người nào khớp.</span>}
        </fieldset>
      </div>
    </ActionDialog>
  );
}

export function ApproveAccessDialog({ file, onClose, onDone }: Props<RecordFileDetailDto>) {
  const toast = useToast();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const pending = file.access.filter((a) => a.state === 'pending');
  const decide = (approve: boolean) =>
    run(async () => {
      onDone(await call('files.approveAccess', { id: file.id, approve, reason: reason || null }));
      toast('ok', approve ? 'Đã duyệt quyền truy cập hồ sơ.' : 'Đã từ chối đề nghị quyền truy cập.');
      onClose();
    });
  return (
    <Dialog
      title={`Duyệt quyền truy cập hồ sơ ${file.code}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Để sau</Button>
          <Button variant="danger" busy={busy} onClick={() => void decide(false)}>
            Không duyệt
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void decide(true)}>
            Duyệt
          </Button>
        </>
      }
    >
      <div className="stack">
        <ErrorBanner error={error} shownFields={['reason']} />
        <p>
          <strong>{file.title}</strong>
        </p>
        {file.pendingRights && file.pendingRights !== file.rights && (
          <p>
            Đổi chế độ sử dụng từ <strong>{FILE_RIGHTS[file.rights]}</strong> thành <strong>{FILE_RIGHTS[file.pendingRights]}</strong>.
          </p>
        )}
        {pending.length > 0 && (
          <>
            <p>Cho xem hồ sơ:</p>
            <ul className="access-list">
              {pending.map((a) => (
                <li key={a.id}>
                  <strong>{a.userName ?? a.unitName}</strong>
                  {a.unitId != null && <span className="muted"> (đơn vị)</span>}
                  <span className="muted small"> — đề nghị của {a.requestedBy ?? '—'}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <TextField label="Ý kiến" value={reason} onChange={setReason} error={fieldError(error, 'reason')} />
      </div>
    </Dialog>
  );
}

/** Export: runs files.export (PDF, XML and the originals in one ZIP), then downloads the ZIP from the blob store. */
export function ExportDialog({ file, onClose }: { file: RecordFileDetailDto; onClose: () => void }) {
  const [result, setResult] = useState<ExportResult | null>(null);
  const [seconds, setSeconds] = useState(0);
  const { busy, error, run } = useAction();
  // Packing a large file takes a while: the elapsed time shows the work is going on.
  useEffect(() => {
    if (!busy) return;
    setSeconds(0);
    const t = setInterval(() => setSeconds((s) => s + 1), 1000);
    return () => clearInterval(t);
  }, [busy]);
  const go = () =>
    run(async () => {
      const r = await call('files.export', { id: file.id });
      setResult(r);
      await downloadBlob(r.hash, r.fileName);
    });
  return (
    <Dialog
      title={`Xuất hồ sơ ${file.code}`}
      onClose={onClose}
      footer={
        result ? (
          <>
            <Button onClick={() => void run(() => downloadBlob(result.hash, result.fileName))}>Tải lại tệp ZIP</Button>
            <Button variant="primary" onClick={onClose}>
              Xong
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose}>Hủy</Button>
            <Button variant="primary" busy={busy} onClick={() => void go()}>
              Xuất hồ sơ
            </Button>
          </>
        )
      }
    >
      <div className="stack">
        <ErrorBanner error={error} />
        {!result && !busy && (
          <p>
            Tệp ZIP gồm: <strong>ho-so.pdf</strong> (bìa, mục lục văn bản và toàn bộ văn bản ghép theo thứ tự), tệp XML thông tin hồ sơ và văn bản theo Phụ lục VI Nghị định
            30/2020/NĐ-CP, và các tệp gốc (tệp đã ký số giữ nguyên).
          </p>
        )}
        {busy && !result && (
          <div className="rec-progress" role="progressbar" aria-label="Đang xuất hồ sơ" aria-valuetext={`${seconds} giây`}>
            <span className="spinner" aria-hidden />
            <div>
              <strong>Đang xuất hồ sơ…</strong>
              <div className="muted small">
                Ghép {file.docTotal} văn bản thành một tệp PDF, lập tệp XML, đóng gói tệp gốc — {seconds} giây
              </div>
            </div>
          </div>
        )}
        {result && (
          <div className="banner ok" role="status">
            <div>
              <strong>Đã xuất hồ sơ: {result.fileName}</strong>
              <div>
                {result.documents} văn bản, {result.pages} trang PDF, {fileSize(result.size)}. Tệp đã được tải về máy.
              </div>
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
