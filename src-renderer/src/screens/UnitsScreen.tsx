// Quản trị › Đơn vị: the tree of units (phòng ban, bộ phận) that users belong to.

import { useEffect, useState } from 'react';
import type { UnitDto } from '../../../src-shared/api/accounts';
import { call } from '../api';
import { Button, Checkbox, SelectField, TextField } from '../ui/Controls';
import { FormDialog } from '../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../ui/Feedback';
import { useAction } from '../ui/useAction';

function flatten(units: UnitDto[]): Array<UnitDto & { depth: number }> {
  const byParent = new Map<number | null, UnitDto[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const out: Array<UnitDto & { depth: number }> = [];
  const walk = (p: number | null, depth: number) => {
    for (const u of byParent.get(p) ?? []) {
      out.push({ ...u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function UnitsScreen() {
  const toast = useToast();
  const [units, setUnits] = useState<UnitDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ unit: UnitDto | null; parentId: number | null } | null>(null);
  const load = () => call('units.list', {}).then(setUnits, setError);
  useEffect(() => void load(), []);
  const rows = units ? flatten(units) : [];

  return (
    <section aria-labelledby="units-title">
      <div className="page-head">
        <h1 id="units-title">Đơn vị</h1>
        <span className="sub">Phòng ban, bộ phận của cơ quan</span>
        <span className="spacer" />
        <Button variant="primary" onClick={() => setEditing({ unit: null, parentId: null })}>
          + Thêm đơn vị
        </Button>
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Tên đơn vị</th>
              <th>Mã</th>
              <th className="right">Số người</th>
              <th>Trạng thái</th>
              <th className="right">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <td>
                  <span className="tree-indent" aria-hidden>
                    {'\u00a0\u00a0\u00a0\u00a0'.repeat(u.depth)}
                    {u.depth > 0 ? '└ ' : ''}
                  </span>
                  {u.name}
                </td>
                <td className="mono">{u.code}</td>
                <td className="right">{u.userCount}</td>
                <td>{u.active ? <span className="badge green">Đang dùng</span> : <span className="badge">Ngừng dùng</span>}</td>
                <td className="actions">
                  <Button small variant="ghost" onClick={() => setEditing({ unit: null, parentId: u.id })}>
                    Thêm đơn vị con
                  </Button>
                  <Button small variant="ghost" onClick={() => setEditing({ unit: u, parentId: u.parentId })}>
                    Sửa
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {units && units.length === 0 && <div className="empty">Chưa có đơn vị nào.</div>}
      </div>
      {editing && (
        <UnitDialog
          unit={editing.unit}
          parentId={editing.parentId}
          all={units ?? []}
          onClose={() => setEditing(null)}
          onSaved={(u) => {
            setEditing(null);
            toast('ok', `Đã lưu đơn vị ${u.name}.`);
            void load();
          }}
        />
      )}
    </section>
  );
}

function UnitDialog(props: { unit: UnitDto | null; parentId: number | null; all: UnitDto[]; onClose: () => void; onSaved: (u: UnitDto) => void }) {
  const [name, setName] = useState(props.unit?.name ?? '');
  const [code, setCode] = useState(props.unit?.code ?? '');
  const [parentId, setParentId] = useState(props.parentId ? String(props.parentId) : '');
  const [active, setActive] = useState(props.unit?.active ?? true);
  const { busy, error, run } = useAction();
  const submit = () => {
    const base = { name, code: code || null, parentId: parentId ? Number(parentId) : null };
    void run(async () => props.onSaved(props.unit ? await call('units.update', { id: props.unit.id, ...base, active }) : await call('units.create', base)));
  };
  const options = [
    { value: '', label: '— Trực thuộc cơ quan —' },
    ...flatten(props.all)
      .filter((u) => u.id !== props.unit?.id)
      .map((u) => ({ value: String(u.id), label: `${'\u00a0\u00a0\u00a0'.repeat(u.depth)}${u.name}` })),
  ];
  return (
    <FormDialog title={props.unit ? 'Sửa đơn vị' : 'Thêm đơn vị'} onClose={props.onClose} formId="unit-form" onSubmit={submit} busy={busy} action="Lưu">
      <ErrorBanner error={error} shownFields={['name', 'parentId']} />
      <TextField label="Tên đơn vị" required value={name} onChange={setName} error={fieldError(error, 'name')} />
      <TextField label="Mã / viết tắt" value={code} onChange={setCode} hint="Dùng trong ký hiệu công văn, ví dụ VP, TP, VX" />
      <SelectField label="Đơn vị cấp trên" value={parentId} onChange={setParentId} options={options} error={fieldError(error, 'parentId')} />
      {props.unit && <Checkbox label="Đang sử dụng" checked={active} onChange={setActive} />}
    </FormDialog>
  );
}
