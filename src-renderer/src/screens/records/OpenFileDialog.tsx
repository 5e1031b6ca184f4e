// "Mở hồ sơ": open a file from a line of this year's Danh mục hồ sơ (its code, title and retention come from the
// line) or with a code, title and retention of one's own; start date and chế độ sử dụng. Opens, then shows the file.

import { useEffect, useMemo, useState } from 'react';
import { FILE_RIGHTS, FILEPLAN_STATUS, type FilePlanDto, type FilePlanHeadingDto, type FilePlanLineDto, type FileRights } from '../../../../src-shared/api/records';
import { call } from '../../api';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { retentionOptions, thisYear, todayIso, usePeople, useRetentions } from './common';

interface LineChoice {
  line: FilePlanLineDto;
  group: string;
}

/** Every line of a Danh mục with the heading it sits under ("I. Tổ chức – Cán bộ › 1. Tuyển dụng"). */
export function planLines(headings: FilePlanHeadingDto[]): LineChoice[] {
  const out: LineChoice[] = [];
  for (const h of headings) {
    const top = `${h.numeral}. ${h.title}`;
    for (const line of h.lines) out.push({ line, group: top });
    for (const c of h.children) for (const line of c.lines) out.push({ line, group: `${top} › ${c.numeral}. ${c.title}` });
  }
  return out;
}

export function OpenFileDialog({ onClose, planLineId }: { onClose: () => void; planLineId?: number }) {
  const { can, me } = useSession();
  const toast = useToast();
  const retentions = useRetentions();
  const people = usePeople();
  const year = thisYear();
  const [plan, setPlan] = useState<FilePlanDto | null>(null);
  const [mode, setMode] = useState<'plan' | 'own'>('plan');
  const [lineId, setLineId] = useState(planLineId ? String(planLineId) : '');
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [retentionId, setRetentionId] = useState('');
  const [startDate, setStartDate] = useState(todayIso());
  const [rights, setRights] = useState<FileRights>('open');
  const [description, setDescription] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const { busy, error, setError, run } = useAction();
  // Only the archive role or a leader opens a file for someone else; everyone else keeps their own.
  const forOthers = can('records.archive') || can('fileplan.approve');

  // A draft Danh mục is not yet in force: the core opens files only from approved or issued lines.
  useEffect(() => {
    call('fileplan.get', { year }).then((p) => {
      setPlan(p);
      if (p.status === 'draft' || !planLines(p.headings).length) setMode('own');
    }, setError);
  }, [year, setError]);
  const lines = useMemo(() => (plan && plan.status !== 'draft' ? planLines(plan.headings) : []), [plan]);
  const chosen = lines.find((l) => String(l.line.id) === lineId)?.line;

  const submit = () =>
    run(async () => {
      const common = { year, startDate, rights, description: description || null, ownerId: ownerId ? Number(ownerId) : undefined };
      const f =
        mode === 'plan'
          ? await call('files.open', { ...common, planLineId: chosen ? chosen.id : undefined, title: title.trim() || undefined })
          : await call('files.open', { ...common, code, title, retentionId: retentionId ? Number(retentionId) : undefined });
      toast('ok', `Đã mở hồ sơ ${f.code}.`);
      onClose();
      navigate(`/ho-so/${f.id}`);
    });

  return (
    <FormDialog
      formId="open-file"
      title={`Mở hồ sơ năm ${year}`}
      wide
      onClose={onClose}
      action="Mở hồ sơ"
      busy={busy}
      actionDisabled={mode === 'plan' && !chosen}
      onSubmit={submit}
    >
      <ErrorBanner error={error} shownFields={['code', 'title', 'retentionId', 'startDate', 'planLineId']} />
      <div className="segmented" role="radiogroup" aria-label="Cách mở hồ sơ">
        <label className={mode === 'plan' ? 'on' : ''}>
          <input type="radio" name="open-mode" checked={mode === 'plan'} onChange={() => setMode('plan')} disabled={!lines.length} /> Theo Danh mục hồ sơ
        </label>
        <label className={mode === 'own' ? 'on' : ''}>
          <input type="radio" name="open-mode" checked={mode === 'own'} onChange={() => setMode('own')} /> Hồ sơ ngoài Danh mục
        </label>
      </div>
      {plan && plan.status === 'draft' && planLines(plan.headings).length > 0 && (
        <div className="banner warn">
          Danh mục hồ sơ năm {year} còn là {FILEPLAN_STATUS.draft.toLowerCase()}, chưa được duyệt: chưa mở hồ sơ theo danh mục được. Hãy tự đặt số, ký hiệu và tiêu đề, hoặc chờ
          lãnh đạo duyệt danh mục.
        </div>
      )}
      {plan && plan.status === 'draft' && !planLines(plan.headings).length && (
        <p className="muted">Danh mục hồ sơ năm {year} chưa có dòng nào; hãy tự đặt số, ký hiệu và tiêu đề, hoặc đề nghị văn thư lập Danh mục.</p>
      )}
      {plan && plan.status !== 'draft' && !lines.length && <p className="muted">Danh mục hồ sơ năm {year} không có dòng nào; hãy tự đặt số, ký hiệu và tiêu đề.</p>}
      {mode === 'plan' ? (
        <>
          <SelectField
            label="Dòng của Danh mục hồ sơ"
            required
            value={lineId}
            onChange={setLineId}
            error={fieldError(error, 'planLineId')}
            options={[
              { value: '', label: '— Chọn hồ sơ trong Danh mục —' },
              ...lines.map(({ line, group }) => ({ value: String(line.id), label: `${line.code} — ${line.title} (${line.retentionLabel}) · ${group}` })),
            ]}
          />
          {chosen && (
            <dl className="kv">
              <dt>Số, ký hiệu</dt>
              <dd className="mono">{chosen.code}</dd>
              <dt>Thời hạn bảo quản</dt>
              <dd>{chosen.retentionLabel}</dd>
              <dt>Người lập theo Danh mục</dt>
              <dd>{chosen.keeper ?? people.find((p) => p.id === chosen.keeperUserId)?.fullName ?? '—'}</dd>
              {chosen.fileCount > 0 && (
                <>
                  <dt>Đã mở</dt>
                  <dd>{chosen.fileCount} hồ sơ từ dòng này</dd>
                </>
              )}
            </dl>
          )}
          <TextField
            label="Tiêu đề hồ sơ"
            value={title}
            onChange={setTitle}
            placeholder={chosen?.title ?? 'Để trống: dùng tiêu đề trong Danh mục'}
            error={fieldError(error, 'title')}
            maxLength={500}
          />
        </>
      ) : (
        <>
          <div className="grid-2">
            <TextField
              label="Số và ký hiệu hồ sơ"
              required
              value={code}
              onChange={setCode}
              placeholder="05.VP"
              hint="Số thứ tự, dấu chấm, viết tắt đề mục."
              error={fieldError(error, 'code')}
            />
            <SelectField
              label="Thời hạn bảo quản"
              required
              value={retentionId}
              onChange={setRetentionId}
              error={fieldError(error, 'retentionId')}
              options={[{ value: '', label: '— Chọn —' }, ...retentionOptions(retentions)]}
            />
          </div>
          <TextField label="Tiêu đề hồ sơ" required value={title} onChange={setTitle} error={fieldError(error, 'title')} maxLength={500} />
        </>
      )}
      <div className="grid-2">
        <DateField label="Ngày bắt đầu" required value={startDate} onChange={setStartDate} error={fieldError(error, 'startDate')} />
        <SelectField
          label="Chế độ sử dụng"
          value={rights}
          onChange={(v) => setRights(v as FileRights)}
          options={Object.entries(FILE_RIGHTS).map(([value, label]) => ({ value, label }))}
        />
      </div>
      {forOthers && (
        <SelectField
          label="Người lập hồ sơ"
          value={ownerId}
          onChange={setOwnerId}
          options={[
            { value: '', label: `${me.user.fullName} (tôi)` },
            ...people.filter((p) => p.id !== me.user.id).map((p) => ({ value: String(p.id), label: [p.fullName, p.position].filter(Boolean).join(' — ') })),
          ]}
        />
      )}
      <TextAreaField label="Mô tả, chú giải" value={description} onChange={setDescription} maxLength={500} />
      {rights === 'restricted' && <p className="muted small">Hồ sơ hạn chế: chỉ người lập và những người được cấp quyền xem được; thay đổi quyền cần lãnh đạo duyệt.</p>}
    </FormDialog>
  );
}
