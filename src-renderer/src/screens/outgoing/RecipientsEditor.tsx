// Nơi nhận of a draft: internal units, bodies of the agency directory (AgencyPicker), free-text lines; each with
// "gửi kèm bản giấy". A name typed that is not in the directory stays a free-text line, never a false agency.

import { useState } from 'react';
import type { UnitDto } from '../../../../src-shared/api/accounts';
import { AgencyPicker, type IssuerValue } from '../../ui/AgencyPicker';
import { Button, Checkbox, SelectField, TextField } from '../../ui/Controls';

export interface RecipientDraft {
  kind: 'unit' | 'agency' | 'text';
  unitId?: number;
  agencyId?: number;
  /** Directory code, shown only. */
  code?: string | null;
  name: string;
  paper: boolean;
}

const KIND_LABEL = { unit: 'Đơn vị trong cơ quan', agency: 'Cơ quan (danh mục)', text: 'Nơi nhận khác' } as const;

export function RecipientsEditor({ value, onChange, units, error }: { value: RecipientDraft[]; onChange: (v: RecipientDraft[]) => void; units: UnitDto[]; error?: string }) {
  const [unitId, setUnitId] = useState('');
  const [agency, setAgency] = useState<IssuerValue>({ agencyId: null, code: null, name: '' });
  const [line, setLine] = useState('');

  const add = (r: RecipientDraft) => {
    const same = value.some((x) => x.kind === r.kind && (r.kind === 'unit' ? x.unitId === r.unitId : r.kind === 'agency' ? x.agencyId === r.agencyId : x.name === r.name));
    if (!same) onChange([...value, r]);
  };
  const addUnit = () => {
    const u = units.find((x) => String(x.id) === unitId);
    if (u) add({ kind: 'unit', unitId: u.id, name: u.name, paper: false });
    setUnitId('');
  };
  const addAgency = () => {
    const name = agency.name.trim();
    if (!name) return;
    add(agency.agencyId ? { kind: 'agency', agencyId: agency.agencyId, code: agency.code, name, paper: false } : { kind: 'text', name, paper: false });
    setAgency({ agencyId: null, code: null, name: '' });
  };
  const addLine = () => {
    const name = line.trim();
    if (name) add({ kind: 'text', name, paper: false });
    setLine('');
  };
  const onEnter = (fn: () => void) => (e: React.KeyboardEvent) => {
    // The agency list's own Enter (picking a suggestion) comes first.
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.defaultPrevented) {
      e.preventDefault();
      fn();
    }
  };

  return (
    <div className="stack out-recipients-editor">
      {value.length > 0 ? (
        <ul className="out-recipient-list" aria-label="Nơi nhận đã chọn">
          {value.map((r, i) => (
            <li key={`${r.kind}-${r.unitId ?? r.agencyId ?? r.name}`}>
              <span className="grow">
                <strong>{r.name}</strong> <span className="muted small">— {KIND_LABEL[r.kind]}</span>
                {r.code && <span className="mono muted"> {r.code}</span>}
              </span>
              <Checkbox label="Gửi kèm bản giấy" checked={r.paper} onChange={(paper) => onChange(value.map((x, k) => (k === i ? { ...x, paper } : x)))} />
              <Button small variant="ghost" aria-label={`Bỏ nơi nhận ${r.name}`} onClick={() => onChange(value.filter((_, k) => k !== i))}>
                Bỏ
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có nơi nhận.</p>
      )}
      {error && <span className="error-text">{error}</span>}
      <div className="grid-3 out-add-recipient">
        <div className="row out-add">
          <SelectField
            label="Thêm đơn vị trong cơ quan"
            value={unitId}
            onChange={setUnitId}
            options={[{ value: '', label: '— Chọn đơn vị —' }, ...units.filter((u) => u.active).map((u) => ({ value: String(u.id), label: u.name }))]}
            fieldClass="grow"
          />
          <Button onClick={addUnit} disabled={!unitId}>
            Thêm
          </Button>
        </div>
        <div className="row out-add" onKeyDown={onEnter(addAgency)}>
          <div className="grow">
            <AgencyPicker label="Thêm cơ quan ngoài" value={agency} onChange={setAgency} />
          </div>
          <Button onClick={addAgency} disabled={!agency.name.trim()}>
            Thêm
          </Button>
        </div>
        <div className="row out-add">
          <TextField label="Thêm dòng nơi nhận" value={line} onChange={setLine} placeholder="Như trên; Các thôn, tổ dân phố…" fieldClass="grow" onKeyDown={onEnter(addLine)} />
          <Button onClick={addLine} disabled={!line.trim()}>
            Thêm
          </Button>
        </div>
      </div>
    </div>
  );
}
