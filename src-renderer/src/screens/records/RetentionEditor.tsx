// "Thời hạn bảo quản": the office's retention table (built-in values and its own), edited one entry at a time in a
// dialog; entries in use are retired (inactive), never deleted. Writes only through retention.save.

import { useCallback, useEffect, useState } from 'react';
import { RETENTION_KINDS, type RetentionDto, type RetentionKind } from '../../../../src-shared/api/records';
import { call } from '../../api';
import { useSession } from '../../session';
import { Button, Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { RecordsTabs } from './common';

export function RetentionEditor() {
  const { can } = useSession();
  const [rows, setRows] = useState<RetentionDto[] | null>(null);
  const [editing, setEditing] = useState<RetentionDto | 'new' | null>(null);
  const { error, run } = useAction();
  const load = useCallback(() => void run(async () => setRows(await call('retention.list', { all: true }))), [run]);
  useEffect(load, [load]);
  const manage = can('fileplan.manage');

  return (
    <section aria-labelledby="retention-title">
      <div className="page-head wrap">
        <h1 id="retention-title">Bảng thời hạn bảo quản</h1>
        <span className="spacer" />
        {manage && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            + Thêm thời hạn
          </Button>
        )}
      </div>
      <RecordsTabs active="thoi-han" />
      <p className="muted">Các thời hạn chọn được khi lập Danh mục hồ sơ và khi mở, đóng hồ sơ. Thời hạn có thời hạn được tính từ năm công việc kết thúc.</p>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data catalog">
          <thead>
            <tr>
              <th>Thời hạn (như in)</th>
              <th>Loại</th>
              <th className="right">Số năm</th>
              <th>Ghi chú</th>
              <th>Trạng thái</th>
              {manage && <th className="actions" aria-label="Thao tác" />}
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((r) => (
              <tr key={r.id} className={r.active ? '' : 'inactive'}>
                <td>
                  <strong>{r.label}</strong>
                  {r.builtin && <span className="muted small"> (có sẵn)</span>}
                </td>
                <td>{RETENTION_KINDS[r.kind]}</td>
                <td className="right">{r.years ?? '—'}</td>
                <td>{r.note}</td>
                <td>{r.active ? <span className="badge green">Đang dùng</span> : <span className="badge">Ngừng dùng</span>}</td>
                {manage && (
                  <td className="actions">
                    <Button small aria-label={`Sửa thời hạn ${r.label}`} onClick={() => setEditing(r)}>
                      Sửa
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && <RetentionDialog entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={load} />}
    </section>
  );
}

function RetentionDialog({ entry, onClose, onDone }: { entry: RetentionDto | null; onClose: () => void; onDone: () => void }) {
  const toast = useToast();
  const [label, setLabel] = useState(entry?.label ?? '');
  const [kind, setKind] = useState<RetentionKind>(entry?.kind ?? 'years');
  const [years, setYears] = useState(entry?.years != null ? String(entry.years) : '');
  const [note, setNote] = useState(entry?.note ?? '');
  const [active, setActive] = useState(entry?.active ?? true);
  const { busy, error, run } = useAction();
  const submit = () =>
    run(async () => {
      const r = await call('retention.save', { id: entry?.id, label, kind, years: kind !== 'permanent' && years ? Number(years) : null, note: note || null, active });
      toast('ok', `Đã lưu thời hạn "${r.label}".`);
      onDone();
      onClose();
    });
  return (
    <FormDialog formId="retention" title={entry ? `Sửa thời hạn "${entry.label}"` : 'Thêm thời hạn bảo quản'} onClose={onClose} action="Lưu" busy={busy} onSubmit={submit}>
      <ErrorBanner error={error} shownFields={['label', 'years']} />
      <TextField
        label="Thời hạn (như in trên danh mục)"
        required
        value={label}
        onChange={setLabel}
        placeholder="10 năm"
        error={fieldError(error, 'label')}
        maxLength={100}
        autoFocus
      />
      <div className="grid-2">
        <SelectField label="Loại" value={kind} onChange={(v) => setKind(v as RetentionKind)} options={Object.entries(RETENTION_KINDS).map(([value, l]) => ({ value, label: l }))} />
        <TextField
          label="Số năm"
          required={kind === 'years'}
          disabled={kind === 'permanent'}
          value={kind === 'permanent' ? '' : years}
          onChange={(v) => setYears(v.replace(/\D/g, ''))}
          inputMode="numeric"
          error={fieldError(error, 'years')}
          hint={kind === 'condition' ? 'Số năm sau khi điều kiện xảy ra, nếu có.' : undefined}
        />
      </div>
      <TextAreaField label="Ghi chú" value={note} onChange={setNote} maxLength={500} />
      <Checkbox label="Đang dùng (chọn được khi lập danh mục, mở hồ sơ)" checked={active} onChange={setActive} />
    </FormDialog>
  );
}
