// Quản trị › Sổ văn bản: the registers of one year (văn bản đến, văn bản đi), which is the default, and the last
// number given. Creating and editing only: numbers are allocated by the core, never typed here. An outgoing register
// also says what it numbers (administrative documents of some or all types, QPPL, copies): outgoing.configureRegister.

import { useCallback, useEffect, useState } from 'react';
import type { DocTypeDto } from '../../../../src-shared/api/documents';
import { OUT_REGISTER_KINDS, type OutRegisterConfig, type OutRegisterKind } from '../../../../src-shared/api/outgoing';
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
  const [outConfigs, setOutConfigs] = useState<OutRegisterConfig[]>([]);
  const [types, setTypes] = useState<DocTypeDto[]>([]);

  // One call for every year: the list is small (a few registers a year) and gives the years for the picker.
  const load = useCallback(() => run(async () => setAll(await call('registers.list', {}))), [run]);
  useEffect(() => void load(), [load]);
  // What each outgoing register numbers; a failure leaves the column empty rather than hiding the registers.
  const loadOut = useCallback(() => call('outgoing.registers', { year }).then(setOutConfigs, () => setOutConfigs([])), [year]);
  useEffect(() => void loadOut(), [loadOut]);
  useEffect(() => {
    call('doctypes.list', {}).then(setTypes, () => setTypes([]));
  }, []);
  const outConfig = (id: number) => outConfigs.find((c) => c.registerId === id);
  const typeNames = (ids: number[]) => ids.map((i) => types.find((t) => t.id === i)?.name ?? `#${i}`).join(', ');

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
              <th>Đánh số</th>
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
                <td>
                  {r.direction === 'out' && outConfig(r.id) ? (
                    <>
                      {OUT_REGISTER_KINDS[outConfig(r.id)!.kind]}
                      {outConfig(r.id)!.kind === 'admin' && (
                        <div className="muted small">{outConfig(r.id)!.docTypeIds.length ? typeNames(outConfig(r.id)!.docTypeIds) : 'Mọi loại chưa có sổ riêng'}</div>
                      )}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
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
          types={types}
          outConfig={editing.register ? outConfig(editing.register.id) : undefined}
          onClose={() => setEditing(null)}
          onSaved={(r) => {
            setEditing(null);
            toast('ok', editing.register ? `Đã lưu ${r.name}.` : `Đã tạo ${r.name} năm ${r.year}.`);
            void load();
            void loadOut();
          }}
        />
      )}
    </section>
  );
}

function RegisterDialog(props: {
  register: RegisterDto | null;
  year: number;
  types: DocTypeDto[];
  outConfig: OutRegisterConfig | undefined;
  onClose: () => void;
  onSaved: (r: RegisterDto) => void;
}) {
  const r = props.register;
  const [name, setName] = useState(r?.name ?? '');
  const [direction, setDirection] = useState<Direction>(r?.direction ?? 'in');
  const [seriesKey, setSeriesKey] = useState(r?.seriesKey ?? '');
  const [description, setDescription] = useState(r?.description ?? '');
  const [isDefault, setIsDefault] = useState(r?.isDefault ?? false);
  const [active, setActive] = useState(r?.active ?? true);
  const [kind, setKind] = useState<OutRegisterKind>(props.outConfig?.kind ?? 'admin');
  const [typeIds, setTypeIds] = useState<number[]>(props.outConfig?.docTypeIds ?? []);
  const { busy, error, run } = useAction();

  const submit = () =>
    run(async () => {
      const saved = r
        ? await call('registers.update', { id: r.id, name, description: description || null, isDefault, active })
        : await call('registers.create', { direction, year: props.year, seriesKey: seriesKey.trim() || undefined, name, description: description || null, isDefault });
      if (saved.direction === 'out') await call('outgoing.configureRegister', { registerId: saved.id, kind, docTypeIds: kind === 'admin' ? typeIds : [] });
      props.onSaved(saved);
    });

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
      <ErrorBanner error={error} shownFields={['name', 'direction', 'seriesKey', 'description', 'kind', 'docTypeIds']} />
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
      {direction === 'out' && (
        <fieldset className="out-register-kind">
          <legend>Đánh số văn bản đi</legend>
          <SelectField
            label="Loại sổ văn bản đi"
            value={kind}
            onChange={(v) => setKind(v as OutRegisterKind)}
            error={fe('kind')}
            options={Object.entries(OUT_REGISTER_KINDS).map(([value, label]) => ({ value, label }))}
          />
          {kind === 'admin' && (
            <div className="field">
              <span className="label">Loại văn bản đánh số chung trong sổ này</span>
              <span className="hint">Không chọn loại nào: sổ nhận mọi loại văn bản hành chính chưa có sổ riêng.</span>
              <div className="checks out-type-checks">
                {props.types
                  .filter((t) => t.active)
                  .map((t) => (
                    <Checkbox
                      key={t.id}
                      label={t.abbr ? `${t.name} (${t.abbr})` : t.name}
                      checked={typeIds.includes(t.id)}
                      onChange={(on) => setTypeIds((ids) => (on ? [...ids, t.id] : ids.filter((x) => x !== t.id)))}
                    />
                  ))}
              </div>
              {fe('docTypeIds') && <span className="error">{fe('docTypeIds')}</span>}
            </div>
          )}
          {kind === 'qppl' && <p className="muted small">Văn bản quy phạm pháp luật có hệ thống số riêng (Nghị quyết, Quyết định QPPL).</p>}
          {kind === 'copy' && <p className="muted small">Bản sao y, trích sao, sao lục được đánh số riêng trong sổ này.</p>}
        </fieldset>
      )}
      <Checkbox label={`Sổ mặc định của ${DIRECTION_LABEL[direction].toLowerCase()} năm ${r?.year ?? props.year}`} checked={isDefault} onChange={setIsDefault} />
      {r && <Checkbox label="Đang sử dụng" checked={active} onChange={setActive} />}
      {r && !active && r.active && <div className="banner warn">Sổ ngừng dùng không được chọn khi vào sổ và không được tạo lại cho năm sau.</div>}
    </FormDialog>
  );
}
