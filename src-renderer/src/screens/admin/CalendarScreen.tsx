// Quản trị › Lịch nghỉ, làm bù: the days of a year that change the working week (Tết, nghỉ bù, làm bù) and the
// yearly confirmation against the official notice. Deadlines are computed by the core; this screen only edits days.

import { useEffect, useState } from 'react';
import type { SettingsDto, WorkingHoursDto } from '../../../../src-shared/api/accounts';
import type { CalendarDayDto } from '../../../../src-shared/api/calendar';
import type { DayKind } from '../../../../src-shared/calendar/holidays';
import { weekdayOf } from '../../../../src-shared/calendar/vn-time';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { useSession } from '../../session';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { currentYearVn, WEEKDAY_NAMES, weekdayName, YearField } from './common';

const KIND: Record<DayKind, { label: string; tone: string; help: string }> = {
  holiday: { label: 'Nghỉ lễ, Tết', tone: 'red', help: 'Nghỉ lễ, Tết theo luật và thông báo hằng năm' },
  off: { label: 'Nghỉ bù', tone: 'blue', help: 'Ngày làm việc được nghỉ (bù, hoán đổi)' },
  workday: { label: 'Làm bù', tone: 'green', help: 'Ngày cuối tuần chuyển thành ngày làm việc' },
};

/** "Thứ Hai – Thứ Sáu" for a run of days, otherwise the days listed. */
function weekdaysText(days: number[]): string {
  const d = [...days].sort((a, b) => a - b);
  const run = d.length >= 3 && d.every((x, i) => i === 0 || x === d[i - 1] + 1);
  return run ? `${WEEKDAY_NAMES[d[0]]} – ${WEEKDAY_NAMES[d[d.length - 1]]}` : d.map((x) => WEEKDAY_NAMES[x]).join(', ');
}

function periodsText(w: WorkingHoursDto): string {
  const name = (i: number) => (w.periods.length === 1 ? 'Giờ làm việc' : i === 0 ? 'Sáng' : i === 1 ? 'Chiều' : `Buổi ${i + 1}`);
  return w.periods.map((p, i) => `${name(i)} ${p.start}–${p.end}`).join(' · ');
}

export function CalendarScreen() {
  const toast = useToast();
  const { can } = useSession();
  const canManage = can('calendar.manage');
  const [year, setYear] = useState(currentYearVn);
  const [days, setDays] = useState<CalendarDayDto[] | null>(null);
  const [settings, setSettings] = useState<SettingsDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ day: CalendarDayDto | null } | null>(null);
  const [deleting, setDeleting] = useState<CalendarDayDto | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    // A slow answer for a year no longer shown must not overwrite the one picked since.
    let current = true;
    setError(null);
    setDays(null);
    call('calendar.days', { year }).then(
      (r) => current && setDays(r.days),
      (e) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [year]);
  useEffect(() => void call('settings.get', {}).then(setSettings, setError), []);

  const thisYear = currentYearVn();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - 3 + i);
  const pending = days?.filter((d) => !d.confirmed) ?? [];
  const weekdays = settings?.workingHours.weekdays ?? [1, 2, 3, 4, 5];

  return (
    <section aria-labelledby="calendar-title">
      <div className="page-head">
        <h1 id="calendar-title">Lịch nghỉ, làm bù</h1>
        <span className="sub">Ngày nghỉ lễ, Tết, nghỉ bù và ngày làm bù dùng để tính thời hạn</span>
        <span className="spacer" />
        {canManage && (
          <>
            <Button onClick={() => setConfirming(true)} disabled={!days}>
              Xác nhận lịch năm {year}
            </Button>
            <Button variant="primary" onClick={() => setEditing({ day: null })}>
              + Thêm ngày
            </Button>
          </>
        )}
      </div>

      {settings && (
        <div className="card hours-card">
          <div>
            <strong>Giờ làm việc của cơ quan:</strong> {weekdaysText(settings.workingHours.weekdays)} · {periodsText(settings.workingHours)}
          </div>
          {can('settings.manage') && <a href="#/quan-tri/cau-hinh">Sửa trong Cấu hình cơ quan</a>}
        </div>
      )}

      <div className="toolbar">
        <YearField value={year} years={years} onChange={setYear} />
      </div>

      {days &&
        (pending.length > 0 ? (
          <div className="banner warn" role="status">
            <div>
              <strong>
                Lịch năm {year} có {pending.length} ngày chưa xác nhận.
              </strong>{' '}
              Các ngày Tết Nguyên đán, Quốc khánh (ngày liền kề) và nghỉ bù được điền sẵn theo cách Thủ tướng Chính phủ thường quyết định; hãy đối chiếu với thông báo nghỉ lễ, Tết
              chính thức của năm (thông báo của Bộ Nội vụ), sửa hoặc thêm ngày cho đúng — kể cả ngày làm bù — rồi bấm “Xác nhận lịch năm {year}”. Trong khi chưa xác nhận, các ngày
              này vẫn được tính khi tính thời hạn.
            </div>
          </div>
        ) : days.every((d) => d.statutory) ? (
          <div className="banner info" role="status">
            Năm {year} chưa có ngày Tết Nguyên đán, nghỉ bù hay làm bù nào trong bảng: khi tính thời hạn chỉ các ngày lễ theo luật (01/01, 10/3 âm lịch, 30/4, 01/5, 02/9) được trừ.
            Bấm “+ Thêm ngày” để nhập theo thông báo của năm.
          </div>
        ) : (
          <div className="banner ok" role="status">
            Lịch năm {year} đã được xác nhận. Các ngày nghỉ lễ theo luật (01/01, 10/3 âm lịch, 30/4, 01/5, 02/9) luôn được tính, không cần nhập.
          </div>
        ))}
      <ErrorBanner error={error} />

      <div className="card table-wrap">
        <table className="data catalog">
          <thead>
            <tr>
              <th>Ngày</th>
              <th>Thứ</th>
              <th>Tên ngày</th>
              <th>Loại ngày</th>
              <th>Căn cứ</th>
              {canManage && <th className="right">Thao tác</th>}
            </tr>
          </thead>
          <tbody>
            {days?.map((d) => (
              <tr key={d.date}>
                <td className="nowrap">
                  <strong>{fmtDate(d.date)}</strong>
                </td>
                <td className="nowrap">{weekdayName(d.date)}</td>
                <td>{d.name}</td>
                <td>
                  <span className={`badge ${KIND[d.kind].tone}`} title={KIND[d.kind].help}>
                    {KIND[d.kind].label}
                  </span>
                </td>
                <td>
                  {d.statutory ? (
                    <span className="badge" title="Bộ luật Lao động 2019, Điều 112">
                      Theo luật
                    </span>
                  ) : d.confirmed ? (
                    <span className="muted">Đã xác nhận</span>
                  ) : (
                    <span className="badge orange" title={d.source === 'suggested' ? 'Điền sẵn theo lệ thường, cần đối chiếu thông báo chính thức' : undefined}>
                      Chưa xác nhận
                    </span>
                  )}
                </td>
                {canManage && (
                  <td className="actions">
                    {!d.statutory && (
                      <>
                        <Button small variant="ghost" onClick={() => setEditing({ day: d })} aria-label={`Sửa ngày ${fmtDate(d.date)}`}>
                          Sửa
                        </Button>
                        <Button small variant="danger" onClick={() => setDeleting(d)} aria-label={`Xóa ngày ${fmtDate(d.date)}`}>
                          Xóa
                        </Button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {days && days.length === 0 && <div className="empty">Năm {year} chưa có ngày nghỉ nào trong bảng.</div>}
      </div>

      {editing && (
        <DayDialog
          day={editing.day}
          year={year}
          weekdays={weekdays}
          known={days ?? []}
          onClose={() => setEditing(null)}
          onSaved={(date, saved) => {
            setEditing(null);
            toast('ok', `Đã lưu ngày ${fmtDate(date)}.`);
            // Saving a day of another year shows that year, so the person sees what they entered.
            if (saved.year !== year) setYear(saved.year);
            else setDays(saved.days);
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          day={deleting}
          onClose={() => setDeleting(null)}
          onDone={(r) => {
            setDeleting(null);
            toast('ok', `Đã xóa ngày ${fmtDate(deleting.date)} khỏi lịch.`);
            setDays(r.days);
          }}
        />
      )}
      {confirming && days && (
        <ConfirmYearDialog
          year={year}
          pending={pending}
          onClose={() => setConfirming(false)}
          onDone={(r) => {
            setConfirming(false);
            toast('ok', `Đã xác nhận lịch nghỉ năm ${year}.`);
            setDays(r.days);
          }}
        />
      )}
    </section>
  );
}

type DaysResult = { year: number; days: CalendarDayDto[] };

function DayDialog(props: {
  day: CalendarDayDto | null;
  year: number;
  weekdays: number[];
  /** The days shown, to say when a new date is already in the table. */
  known: CalendarDayDto[];
  onClose: () => void;
  onSaved: (date: string, r: DaysResult) => void;
}) {
  const d = props.day;
  const [date, setDate] = useState(d?.date ?? '');
  const [kind, setKind] = useState<DayKind>(d?.kind ?? 'holiday');
  const [name, setName] = useState(d?.name ?? '');
  const [confirmed, setConfirmed] = useState(d ? d.confirmed : true);
  const { busy, error, run } = useAction();

  const submit = () => run(async () => props.onSaved(date, await call('calendar.saveDay', { date, kind, name, confirmed })));

  // A plain warning, not a refusal: the notice may decide unusual swaps, the admin knows best.
  const isWorking = date ? props.weekdays.includes(weekdayOf(date)) : null;
  const warning =
    isWorking === null
      ? null
      : kind === 'workday' && isWorking
        ? `${weekdayName(date)} vốn là ngày làm việc; “Làm bù” thường là một ngày Thứ Bảy hoặc Chủ nhật.`
        : kind !== 'workday' && !isWorking
          ? `${weekdayName(date)} vốn là ngày nghỉ cuối tuần; nếu ngày lễ rơi vào cuối tuần, hãy nhập ngày nghỉ bù vào ngày làm việc kế tiếp.`
          : null;

  // Saving a statutory date would store a row the table cannot offer to delete (statutory rows have no actions).
  const existing = d ? null : (props.known.find((k) => k.date === date) ?? null);
  const statutory = existing?.statutory ?? false;

  const fe = (p: string) => fieldError(error, p);
  return (
    <FormDialog
      title={d ? `Sửa ngày ${fmtDate(d.date)}` : 'Thêm ngày nghỉ hoặc làm bù'}
      onClose={props.onClose}
      formId="day-form"
      onSubmit={submit}
      autoComplete="off"
      busy={busy}
      action="Lưu"
      actionDisabled={statutory}
    >
      <ErrorBanner error={error} shownFields={['date', 'kind', 'name']} />
      <div className="grid-2">
        {d ? (
          // Read-only text, not a disabled input: the dialog puts focus on its first input, and a disabled one takes none.
          <div className="field">
            <span className="label">Ngày</span>
            <span className="static-value">
              {fmtDate(d.date)} ({weekdayName(d.date)})
            </span>
            <span className="hint">Muốn đổi ngày: xóa ngày này rồi thêm ngày mới.</span>
          </div>
        ) : (
          <DateField label="Ngày" required value={date} onChange={setDate} error={fe('date')} hint={date ? weekdayName(date) : `Ví dụ: 10/01/${props.year}`} />
        )}
        <SelectField
          label="Loại ngày"
          required
          value={kind}
          onChange={(v) => setKind(v as DayKind)}
          options={(Object.keys(KIND) as DayKind[]).map((k) => ({ value: k, label: KIND[k].label }))}
          error={fe('kind')}
          hint={KIND[kind].help}
        />
      </div>
      {statutory ? (
        <div className="banner error">{`${fmtDate(date)} là ${existing?.name} — ngày nghỉ lễ theo luật, luôn được tính khi tính thời hạn; không cần thêm.`}</div>
      ) : existing ? (
        <div className="banner warn">{`${fmtDate(date)} đã có trong lịch (${existing.name}); lưu sẽ thay thế ngày đó.`}</div>
      ) : (
        warning && <div className="banner warn">{warning}</div>
      )}
      <TextField
        label="Tên ngày"
        required
        value={name}
        onChange={setName}
        error={fe('name')}
        placeholder={kind === 'workday' ? 'Ví dụ: Làm bù cho ngày 02/01' : kind === 'off' ? 'Ví dụ: Nghỉ bù Tết Dương lịch' : 'Ví dụ: Tết Nguyên đán (mùng 5)'}
      />
      <Checkbox label="Đã đối chiếu với thông báo chính thức" checked={confirmed} onChange={setConfirmed} />
    </FormDialog>
  );
}

function DeleteDialog(props: { day: CalendarDayDto; onClose: () => void; onDone: (r: DaysResult) => void }) {
  const { busy, error, run } = useAction();
  const { day } = props;
  const go = () => run(async () => props.onDone(await call('calendar.deleteDay', { date: day.date })));
  return (
    <ActionDialog title="Xóa ngày khỏi lịch" onClose={props.onClose} action="Xóa" danger busy={busy} onAction={go}>
      <ErrorBanner error={error} />
      <p>
        Xóa <strong>{day.name}</strong> ({weekdayName(day.date)}, {fmtDate(day.date)}) khỏi lịch? Ngày này sẽ trở lại như một{' '}
        {day.kind === 'workday' ? 'ngày nghỉ cuối tuần' : 'ngày làm việc bình thường'} khi tính thời hạn.
      </p>
    </ActionDialog>
  );
}

function ConfirmYearDialog(props: { year: number; pending: CalendarDayDto[]; onClose: () => void; onDone: (r: DaysResult) => void }) {
  const [source, setSource] = useState('');
  const { busy, error, run } = useAction();
  const submit = () => run(async () => props.onDone(await call('calendar.confirmYear', { year: props.year, source: source || null })));
  return (
    <FormDialog
      title={`Xác nhận lịch năm ${props.year}`}
      onClose={props.onClose}
      wide
      formId="confirm-year-form"
      onSubmit={submit}
      autoComplete="off"
      busy={busy}
      action={`Xác nhận lịch năm ${props.year}`}
    >
      <ErrorBanner error={error} shownFields={['source']} />
      <p>
        Hằng năm, Thủ tướng Chính phủ quyết định lịch nghỉ Tết Nguyên đán, nghỉ Quốc khánh và các ngày nghỉ bù, làm bù; Bộ Nội vụ ra thông báo cho cán bộ, công chức. Các ngày đó
        trong bảng được điền sẵn theo lệ thường của các năm trước. Trước khi xác nhận, hãy đối chiếu từng ngày với thông báo của năm {props.year} và sửa, xóa hoặc thêm ngày cho
        đúng.
      </p>
      {props.pending.length > 0 ? (
        <div className="field">
          <span className="label">Các ngày sẽ được xác nhận ({props.pending.length})</span>
          <ul className="day-list">
            {props.pending.map((d) => (
              <li key={d.date}>
                <span className="nowrap">
                  {weekdayName(d.date)}, {fmtDate(d.date)}
                </span>{' '}
                — {d.name} <span className={`badge ${KIND[d.kind].tone}`}>{KIND[d.kind].label}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">Mọi ngày trong bảng đã được xác nhận; có thể xác nhận lại để ghi căn cứ vào nhật ký.</p>
      )}
      <TextField
        label="Căn cứ (thông báo chính thức)"
        value={source}
        onChange={setSource}
        error={fieldError(error, 'source')}
        placeholder="Ví dụ: Thông báo số 6150/TB-BNV ngày 12/11/2025 của Bộ Nội vụ"
        hint="Số, ngày của thông báo; được ghi vào nhật ký hệ thống."
      />
    </FormDialog>
  );
}
