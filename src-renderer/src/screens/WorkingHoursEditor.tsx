// Editor for office hours (buổi làm việc, ngày làm việc): used by first-run setup and by the settings screen.

import type { WorkingHoursDto } from '../../../src-shared/api/accounts';
import { Button, Checkbox } from '../ui/Controls';

const WEEKDAYS = [
  [1, 'Thứ Hai'],
  [2, 'Thứ Ba'],
  [3, 'Thứ Tư'],
  [4, 'Thứ Năm'],
  [5, 'Thứ Sáu'],
  [6, 'Thứ Bảy'],
  [7, 'Chủ nhật'],
] as const;

export function WorkingHoursEditor({ value, onChange, error }: { value: WorkingHoursDto; onChange: (v: WorkingHoursDto) => void; error?: string }) {
  const setPeriod = (i: number, key: 'start' | 'end', v: string) => onChange({ ...value, periods: value.periods.map((p, k) => (k === i ? { ...p, [key]: v } : p)) });
  return (
    <div className="stack">
      <div className="field">
        <span className="label">Ngày làm việc trong tuần</span>
        <div className="checks">
          {WEEKDAYS.map(([d, label]) => (
            <Checkbox
              key={d}
              label={label}
              checked={value.weekdays.includes(d)}
              onChange={(on) => onChange({ ...value, weekdays: on ? [...value.weekdays, d].sort() : value.weekdays.filter((x) => x !== d) })}
            />
          ))}
        </div>
      </div>
      <div className="field">
        <span className="label">Các buổi làm việc</span>
        {value.periods.map((p, i) => (
          <div className="row" key={i}>
            <span className="muted nowrap">{i === 0 ? 'Buổi sáng' : i === 1 ? 'Buổi chiều' : `Buổi ${i + 1}`}: từ</span>
            <input
              className="input time-input"
              inputMode="numeric"
              placeholder="HH:MM"
              maxLength={5}
              aria-label={`Giờ bắt đầu buổi ${i + 1}`}
              value={p.start}
              onChange={(e) => setPeriod(i, 'start', e.target.value)}
            />
            <span className="muted">đến</span>
            <input
              className="input time-input"
              inputMode="numeric"
              placeholder="HH:MM"
              maxLength={5}
              aria-label={`Giờ kết thúc buổi ${i + 1}`}
              value={p.end}
              onChange={(e) => setPeriod(i, 'end', e.target.value)}
            />
            {value.periods.length > 1 && (
              <Button small variant="ghost" onClick={() => onChange({ ...value, periods: value.periods.filter((_, k) => k !== i) })} aria-label={`Bỏ buổi ${i + 1}`}>
                Bỏ
              </Button>
            )}
          </div>
        ))}
        {value.periods.length < 3 && (
          <div>
            <Button small onClick={() => onChange({ ...value, periods: [...value.periods, { start: '18:00', end: '20:00' }] })}>
              Thêm buổi
            </Button>
          </div>
        )}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
