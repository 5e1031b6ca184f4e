// Quản trị › Sổ văn bản: the registers of one year (văn bản đến, văn bản đi), which is the default, and the last
// number given. Creating and editing only: numbers are allocated by the core, never typed here.

import { useCallback, useEffect, useState } from 'react';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { call } from '../../api';
import { useSession } from '../../session';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { currentYearVn, YearField } from './common';

type Direction = RegisterDto['direction'];

const DIRECTION_LABEL: Record<Direction, string> = { in: 'Văn bản đến', out: 'Văn bản đi' };

/** Register numbers are shown with at least two digits, as NĐ 30 writes them (01, 02 …). */
const fmtNumber = (n: number) => String(n).padStart(2, '0');

export function RegistersScreen() {
  const toast = useToast();
  const { can } = useSession();
  const canManage = can('registers.manage');
  const [year, setYear] = useState(currentYearVn);
  const [all, setAll] = useState<RegisterDto[] | null>(null);
  const { error, run } = useAction();
  const [editing, setEditing] = useState<{ register: RegisterDto | null } | null>(null);

  // One call for every year: the list is small (a few registers a year) and gives the years for the picker.
  const load = useCallback(() => run(async () => setAll(await call('registers.list', {}))), [run]);
  useEffect(() => void load(), [load]);

  const rows = all?.filter((r) => r.year === year) ?? [];
  const years = [...new Set([currentYearVn(), ...(all ?? []).map((r) => r.year)])];

  return (
    <section aria-labelledby="registers-title">
      <div className="page-head">
        <h1 id="registers-title">Sổ văn bản</h1>
        <span className="sub">{all ? `${rows.length} sổ trong năm ${year}` : ''}</span>
        <span className="spacer" />
        {canManage && (
          <Button variant="primary" onClick={() => setEditing({ register: null })}>
            + Thêm sổ
          </Button>
        )}
      </div>
      <div className="banner info">
        <div>
          Mỗi năm có bộ sổ riêng và số văn bản bắt đầu lại từ <strong>01</strong>. Ngày 01/01 hằng năm, hệ thống tự tạo sổ của năm mới theo các sổ đang dùng của năm trước (giữ tên,
          mã sổ và sổ mặc định), nên không cần tạo lại. Sổ mặc định được chọn sẵn khi vào sổ văn bản.
        </div>
      </div>
      <div className="toolbar">
        <YearField value={year} years={years} onChange={setYear} />
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data catalog">
          <thead>
            <tr>
              <th>Tên sổ</th>
              <th>Loại sổ</th>
              <th>Mã sổ</th>
              <th>Mặc định</th>
              <th>Trạng thái</th>
              <th className="right">Số cuối đã cấp</th>
              {canManage && <th className="right">Thao tác</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <strong>{r.name}</strong>
                  {r.description && <div className="muted">{r.description}</div>}
                </td>
                <td className="nowrap">{DIRECTION_LABEL[r.direction]}</td>
                <td className="mono">{r.seriesKey}</td>
                <td>{r.isDefault ? <span className="badge blue">Mặc định</span> : <span className="muted">—</span>}</td>
                <td>{r.active ? <span className="badge green">Đang dùng</span> : <span className="badge">Ngừng dùng</span>}</td>
                <td className="right">{r.lastNumber > 0 ? <strong className="mono">{fmtNumber(r.lastNumber)}</strong> : <span className="muted">Chưa cấp số</span>}</td>
                {canManage && (
                  <td className="actions">
                    <Button small variant="ghost" onClick={() => setEditing({ register: r })} aria-label={`Sửa ${r.name}`}>
                      Sửa
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {all && rows.length === 0 && (
          <div className="empty">
            Năm {year} chưa có sổ nào.
            {year === currentYearVn() && ' Sổ sẽ được tạo tự động khi vào sổ văn bản đầu tiên của năm, hoặc bấm “+ Thêm sổ”.'}
          </div>
        )}
      </div>

      {editing && (
        <RegisterDialog
          register={editing.register}
          year={year}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            toast('ok', editing.register ? `Đã lưu ${r.name}.` : `Đã tạo ${r.name} năm ${r.year}.`);
            void load();
          }}
        />
      )}
    </section>
  );
}

function RegisterDialog(props: { register: RegisterDto | null; year: number; onClose: () => void; onSaved: (r: RegisterDto) => void }) {
  const r = props.register;
  const [name, setName] = useState(r?.name ?? '');
  const [direction, setDirection] = useState<Direction>(r?.direction ?? 'in');
  const [seriesKey, setSeriesKey] = useState(r?.seriesKey ?? '');
  const [description, setDescription] = useState(r?.description ?? '');
  const [isDefault, setIsDefault] = useState(r?.isDefault ?? false);
  const [active, setActive] = useState(r?.active ?? true);
  const { busy, error, run } = useAction();

  const submit = () =>
    run(async () =>
      props.onSaved(
        r
          ? await call('registers.update', { id: r.id, name, description: description || null, isDefault, active })
          : await call('registers.create', { direction, year: props.year, seriesKey: seriesKey.trim() || undefined, name, description: description || null, isDefault }),
      ),
    );

  const fe = (p: string) => fieldError(error, p);
  return (
    <FormDialog
      title={r ? `Sửa sổ văn bản năm ${r.year}` : `Thêm sổ văn bản năm ${props.year}`}
      onClose={props.onClose}
      formId="register-form"
      onSubmit={submit}
      autoComplete="off"
      busy={busy}
      action={r ? 'Lưu' : 'Tạo sổ'}
    >
      <ErrorBanner error={error} shownFields={['name', 'direction', 'seriesKey', 'description']} />
      <TextField label="Tên sổ" required value={name} onChange={setName} error={fe('name')} placeholder="Ví dụ: Sổ đăng ký đơn thư" />
      <div className="grid-2">
        <SelectField
          label="Loại sổ"
          required
          value={direction}
          disabled={!!r}
          onChange={(v) => setDirection(v as Direction)}
          options={[
            { value: 'in', label: DIRECTION_LABEL.in },
            { value: 'out', label: DIRECTION_LABEL.out },
          ]}
          error={fe('direction')}
        />
        <TextField
          label="Mã sổ"
          value={seriesKey}
          disabled={!!r}
          onChange={setSeriesKey}
          error={fe('seriesKey')}
          placeholder={r ? undefined : 'Tự tạo từ tên sổ'}
          hint={r ? 'Mã sổ nối sổ này với sổ cùng loại của các năm khác, không đổi được.' : 'Chữ thường không dấu, chữ số, gạch nối (ví dụ don-thu). Sổ năm sau giữ mã này.'}
        />
      </div>
      <TextField label="Mô tả" value={description} onChange={setDescription} error={fe('description')} placeholder="Dùng cho loại văn bản nào" />
      <Checkbox label={`Sổ mặc định của ${DIRECTION_LABEL[direction].toLowerCase()} năm ${r?.year ?? props.year}`} checked={isDefault} onChange={setIsDefault} />
      {r && <Checkbox label="Đang sử dụng" checked={active} onChange={setActive} />}
      {r && !active && r.active && <div className="banner warn">Sổ ngừng dùng không được chọn khi vào sổ và không được tạo lại cho năm sau.</div>}
    </FormDialog>
  );
}
