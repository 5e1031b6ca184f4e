// Add or edit one entry of a week: day, time or buổi, content, chair (a person or text), participants (people,
// units, outside guests), place, preparing unit, notes, "lặp lại hằng tuần", attachments. Enter saves, Esc closes.
// Double bookings come back as warnings after saving; the entry is saved all the same.

import { useEffect, useState } from 'react';
import type { PersonDto, UnitDto } from '../../../../src-shared/api/accounts';
import type { ScheduleEntryDto, ScheduleOwner, ScheduleWeekDto } from '../../../../src-shared/api/schedule';
import { dmy } from '../../../../src-shared/schedule/week';
import { ApiError, call } from '../../api';
import { Button, Checkbox, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { ActionDialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { FileDrop, useAttachments } from '../../ui/FileDrop';
import { useAction } from '../../ui/useAction';

type Part = { kind: 'user'; userId: number; name: string } | { kind: 'unit'; unitId: number; name: string } | { kind: 'text'; name: string };

const OTHER = 'text';

export function EntryDialog(props: {
  owner: ScheduleOwner;
  week: ScheduleWeekDto;
  /** The state of the week the entry belongs to (in "Lịch của tôi", the entry's own week). */
  state: ScheduleWeekDto['state'];
  entry: ScheduleEntryDto | null;
  onClose: () => void;
  onSaved: (message: string | null) => void;
}) {
  const { week, entry: e, state } = props;
  const [people, setPeople] = useState<PersonDto[]>([]);
  const [units, setUnits] = useState<UnitDto[]>([]);
  useEffect(() => {
    void call('users.directory', {}).then(setPeople, () => setPeople([]));
    void call('units.list', {}).then(
      (u) => setUnits(u.filter((x) => x.active)),
      () => setUnits([]),
    );
  }, []);

  const firstWorkday = week.days.find((d) => !d.dayOff)?.date ?? week.weekStart;
  const [date, setDate] = useState(e?.date ?? firstWorkday);
  const [slot, setSlot] = useState<ScheduleEntryDto['slot']>(e?.slot ?? 'time');
  const [startTime, setStart] = useState(e?.startTime ?? '08:00');
  const [endTime, setEnd] = useState(e?.endTime ?? '');
  const [content, setContent] = useState(e?.content ?? '');
  const [chair, setChair] = useState(e ? (e.chairUserId ? String(e.chairUserId) : e.chair ? OTHER : '') : '');
  const [chairText, setChairText] = useState(e && !e.chairUserId ? (e.chair ?? '') : '');
  const [parts, setParts] = useState<Part[]>(
    (e?.participants ?? []).map((p) =>
      p.kind === 'user'
        ? { kind: 'user', userId: p.userId!, name: p.name }
        : p.kind === 'unit'
          ? { kind: 'unit', unitId: p.unitId!, name: p.name }
          : { kind: 'text', name: p.name },
    ),
  );
  const [guest, setGuest] = useState('');
  const [place, setPlace] = useState(e?.place ?? '');
  const [prep, setPrep] = useState(e ? (e.prepUnitId ? String(e.prepUnitId) : e.prep ? OTHER : '') : '');
  const [prepText, setPrepText] = useState(e && !e.prepUnitId ? (e.prep ?? '') : '');
  const [notes, setNotes] = useState(e?.notes ?? '');
  const [recurring, setRecurring] = useState(e?.recurring ?? false);
  const [kept, setKept] = useState(e?.files ?? []);
  const att = useAttachments();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const { error, run, busy } = useAction();

  const addPart = (p: Part) => {
    const key = (x: Part) => (x.kind === 'user' ? `u${x.userId}` : x.kind === 'unit' ? `n${x.unitId}` : `t${x.name}`);
    if (!parts.some((x) => key(x) === key(p))) setParts([...parts, p]);
  };

  const save = () =>
    run(async () => {
      const files = [...kept, ...(await att.settled()).map((f) => ({ hash: f.hash, fileName: f.fileName }))];
      const r = await call('schedule.save', {
        id: e?.id,
        owner: props.owner,
        weekStart: week.weekStart,
        date,
        slot,
        startTime: slot === 'time' ? startTime || null : null,
        endTime: slot === 'time' ? endTime || null : null,
        content,
        chairUserId: chair && chair !== OTHER ? Number(chair) : null,
        chairText: chair === OTHER ? chairText : null,
        participants: parts.map((p) =>
          p.kind === 'user' ? { kind: 'user', userId: p.userId } : p.kind === 'unit' ? { kind: 'unit', unitId: p.unitId } : { kind: 'text', name: p.name },
        ),
        place,
        prepUnitId: prep && prep !== OTHER ? Number(prep) : null,
        prepText: prep === OTHER ? prepText : null,
        notes,
        recurring,
        files,
      });
      const warn = r.clashes.length ? `Đã lưu, lưu ý trùng lịch: ${r.clashes.map((c) => `${c.people.join(', ')} — ${c.time} ${c.content}`).join('; ')}.` : null;
      const told = r.notified ? `Đã thông báo điều chỉnh cho ${r.notified} người.` : null;
      props.onSaved([warn, told].filter(Boolean).join(' ') || null);
    });

  const cancel = () =>
    run(async () => {
      const r = await call('schedule.cancel', { id: e!.id, reason: reason || null });
      props.onSaved(r.deleted ? 'Đã xóa mục lịch.' : `Đã hủy mục lịch${r.notified ? ` và thông báo cho ${r.notified} người` : ''}.`);
    });

  const fe = (p: string) => fieldError(error, p);
  const shown = ['date', 'startTime', 'endTime', 'content', 'chairUserId', 'chairText', 'place', 'prepText', 'notes'];
  const timeError = error instanceof ApiError && error.code === 'schedule_time_invalid' && !error.fields.length ? error.message : undefined;

  if (cancelling && e)
    return (
      <ActionDialog
        title={state === 'published' ? 'Hủy mục lịch đã ban hành' : 'Xóa mục lịch'}
        action={state === 'published' ? 'Hủy mục lịch' : 'Xóa'}
        danger
        busy={busy}
        onClose={() => setCancelling(false)}
        onAction={cancel}
      >
        <p>
          {e.time} {dmy(e.date)}: <strong>{e.content}</strong>
        </p>
        {state === 'published' ? (
          <>
            <p className="muted small">Mục lịch vẫn hiển thị (gạch ngang) và người liên quan được thông báo.</p>
            <TextField label="Lý do" value={reason} onChange={setReason} maxLength={300} />
          </>
        ) : (
          <p className="muted small">Lịch chưa ban hành nên mục này được xóa hẳn.</p>
        )}
        <ErrorBanner error={error} />
      </ActionDialog>
    );

  return (
    <FormDialog formId="sch-entry" title={e ? 'Sửa mục lịch' : 'Thêm mục lịch'} action="Lưu" busy={busy} onClose={props.onClose} onSubmit={save} wide autoComplete="off">
      {state === 'published' && <div className="banner info">Lịch tuần đã ban hành: thay đổi sẽ được đánh dấu điều chỉnh và thông báo cho người liên quan.</div>}
      <div className="form-grid">
        <SelectField
          label="Ngày"
          required
          value={date}
          onChange={setDate}
          error={fe('date')}
          options={week.days.map((d) => ({ value: d.date, label: `${d.weekday}, ${dmy(d.date)}${d.holidays.length ? ` — ${d.holidays.join('; ')}` : ''}` }))}
        />
        <SelectField
          label="Buổi"
          value={slot}
          onChange={(v) => setSlot(v as ScheduleEntryDto['slot'])}
          options={[
            { value: 'time', label: 'Giờ cụ thể' },
            { value: 'morning', label: 'Buổi sáng' },
            { value: 'afternoon', label: 'Buổi chiều' },
            { value: 'allday', label: 'Cả ngày' },
          ]}
        />
        {slot === 'time' && (
          <>
            <TextField label="Từ giờ" required value={startTime} onChange={setStart} placeholder="08:00" inputMode="numeric" maxLength={5} error={fe('startTime') ?? timeError} />
            <TextField label="Đến giờ" value={endTime} onChange={setEnd} placeholder="10:00" inputMode="numeric" maxLength={5} hint="Bỏ trống: tính 1 giờ" error={fe('endTime')} />
          </>
        )}
      </div>
      <TextField label="Nội dung" required value={content} onChange={setContent} maxLength={2000} error={fe('content')} autoFocus />
      <div className="form-grid">
        <SelectField
          label="Chủ trì"
          value={chair}
          onChange={setChair}
          error={fe('chairUserId')}
          options={[
            { value: '', label: '— Không ghi —' },
            ...people.map((p) => ({ value: String(p.id), label: `${p.fullName}${p.position ? ` (${p.position})` : ''}` })),
            { value: OTHER, label: 'Khác (nhập tên)…' },
          ]}
        />
        {chair === OTHER && <TextField label="Chủ trì (nhập)" value={chairText} onChange={setChairText} maxLength={200} error={fe('chairText')} />}
        <TextField label="Địa điểm" value={place} onChange={setPlace} maxLength={300} error={fe('place')} />
      </div>
      <div>
        <div className="field">
          <label>Thành phần</label>
          <div className="sch-chips" aria-live="polite">
            {parts.length === 0 && <span className="muted small">Chưa chọn ai.</span>}
            {parts.map((p, i) => (
              <span key={i} className={`badge ${p.kind === 'unit' ? 'purple' : p.kind === 'user' ? 'blue' : ''}`}>
                {p.name}
                <button type="button" aria-label={`Bỏ ${p.name}`} onClick={() => setParts(parts.filter((_, j) => j !== i))}>
                  ×
                </button>
              </span>
            ))}
          </div>
        </div>
        <div className="sch-add-row">
          <SelectField
            label="Thêm người"
            value=""
            onChange={(v) => {
              const p = people.find((x) => String(x.id) === v);
              if (p) addPart({ kind: 'user', userId: p.id, name: p.fullName });
            }}
            options={[{ value: '', label: '— Chọn người —' }, ...people.map((p) => ({ value: String(p.id), label: p.fullName }))]}
          />
          <SelectField
            label="Thêm đơn vị"
            value=""
            onChange={(v) => {
              const u = units.find((x) => String(x.id) === v);
              if (u) addPart({ kind: 'unit', unitId: u.id, name: u.name });
            }}
            options={[{ value: '', label: '— Chọn đơn vị —' }, ...units.map((u) => ({ value: String(u.id), label: u.name }))]}
          />
          <TextField
            label="Khách mời (ngoài cơ quan)"
            value={guest}
            onChange={setGuest}
            maxLength={200}
            onKeyDown={(k) => {
              if (k.key === 'Enter' && guest.trim()) {
                k.preventDefault();
                addPart({ kind: 'text', name: guest.trim() });
                setGuest('');
              }
            }}
          />
          <Button
            small
            disabled={!guest.trim()}
            onClick={() => {
              addPart({ kind: 'text', name: guest.trim() });
              setGuest('');
            }}
          >
            Thêm khách
          </Button>
        </div>
      </div>
      <div className="form-grid">
        <SelectField
          label="Đơn vị chuẩn bị"
          value={prep}
          onChange={setPrep}
          options={[{ value: '', label: '— Không ghi —' }, ...units.map((u) => ({ value: String(u.id), label: u.name })), { value: OTHER, label: 'Khác (nhập)…' }]}
        />
        {prep === OTHER && <TextField label="Đơn vị chuẩn bị (nhập)" value={prepText} onChange={setPrepText} maxLength={300} error={fe('prepText')} />}
      </div>
      <TextAreaField label="Ghi chú" value={notes} onChange={setNotes} rows={2} maxLength={2000} error={fe('notes')} />
      <Checkbox label="Lặp lại hằng tuần (được sao chép sang tuần sau)" checked={recurring} onChange={setRecurring} />
      <div className="field">
        <label>Tệp đính kèm</label>
        {kept.length > 0 && (
          <div className="sch-chips">
            {kept.map((f) => (
              <span key={f.hash} className="badge">
                📎 {f.fileName}
                <button type="button" aria-label={`Bỏ tệp ${f.fileName}`} onClick={() => setKept(kept.filter((x) => x.hash !== f.hash))}>
                  ×
                </button>
              </span>
            ))}
          </div>
        )}
        <FileDrop files={att.files} onChange={att.setFiles} onUploading={att.track} defaultRole="attachment" roles={['attachment']} />
      </div>
      <ErrorBanner error={error} shownFields={shown} />
      {e && (
        <div>
          <Button variant="danger" small onClick={() => setCancelling(true)}>
            {state === 'published' ? 'Hủy mục lịch này…' : 'Xóa mục lịch này…'}
          </Button>
        </div>
      )}
    </FormDialog>
  );
}
