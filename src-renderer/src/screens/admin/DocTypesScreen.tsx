// Quản trị › Loại văn bản: the table of document types, edited in place one row at a time. The 29 types of NĐ 30
// are seeded by the core and can be renamed or retired here, never deleted (documents keep pointing at them).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocTypeDto } from '../../../../src-shared/api/documents';
import { ApiError, call } from '../../api';
import { useSession } from '../../session';
import { Button } from '../../ui/Controls';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

interface Draft {
  /** Null for a type being added. */
  id: number | null;
  name: string;
  abbr: string;
  sortOrder: string;
  active: boolean;
}

const FORM_ID = 'doctype-form';
const INLINE_FIELDS = ['name', 'abbr', 'sortOrder'];

export function DocTypesScreen() {
  const toast = useToast();
  const { can } = useSession();
  const canManage = can('doctypes.manage');
  const [types, setTypes] = useState<DocTypeDto[] | null>(null);
  const { error: loadError, run: runLoad } = useAction();
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, error, setError, run } = useAction();
  /** The row just saved: highlighted and scrolled into view, since a new type usually lands at the end of the list. */
  const [saved, setSaved] = useState<number | null>(null);

  const load = useCallback(() => runLoad(async () => setTypes(await call('doctypes.list', { includeInactive: true }))), [runLoad]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (saved !== null) document.querySelector(`[data-doctype="${saved}"]`)?.scrollIntoView({ block: 'center' });
  }, [saved, types]);

  const edit = (d: Draft | null) => {
    setError(null);
    if (d) setSaved(null);
    setDraft(d);
  };
  const startNew = () => {
    // New types go to the end of the list unless the admin chooses a place.
    const last = Math.max(0, ...(types ?? []).map((t) => t.sortOrder));
    edit({ id: null, name: '', abbr: '', sortOrder: String(Math.min(9999, Math.ceil((last + 1) / 10) * 10)), active: true });
  };

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!draft) return;
    await run(async () => {
      const r = await call('doctypes.save', {
        id: draft.id ?? undefined,
        name: draft.name,
        abbr: draft.abbr || null,
        // An empty box goes as null so the core answers "Bắt buộc nhập." beside it.
        sortOrder: draft.sortOrder.trim() === '' ? Number.NaN : Number(draft.sortOrder),
        active: draft.active,
      });
      setDraft(null);
      setSaved(r.id);
      toast('ok', draft.id ? `Đã lưu loại văn bản ${r.name}.` : `Đã thêm loại văn bản ${r.name}.`);
      await load();
    });
  }

  const builtinCount = types?.filter((t) => t.builtin).length ?? 0;
  const rows = types ?? [];

  return (
    <section aria-labelledby="doctypes-title">
      <div className="page-head">
        <h1 id="doctypes-title">Loại văn bản</h1>
        <span className="sub">{types ? `${types.length} loại, ${types.filter((t) => t.active).length} đang dùng` : ''}</span>
        <span className="spacer" />
        {canManage && (
          <Button variant="primary" onClick={startNew} disabled={draft?.id === null}>
            + Thêm loại văn bản
          </Button>
        )}
      </div>
      <div className="banner info">
        <div>
          {builtinCount > 0 ? `${builtinCount} loại` : 'Các loại'} văn bản hành chính theo Nghị định 30/2020/NĐ-CP có sẵn: được đổi tên, viết tắt, thứ tự hoặc ngừng dùng, không xóa
          được. Viết tắt dùng trong ký hiệu văn bản (ví dụ 12/<strong>QĐ</strong>-UBND); Công văn và Thư công không có viết tắt.
        </div>
      </div>
      <ErrorBanner error={loadError} />
      {/* The form lives outside the table (a <form> cannot wrap a row); the row's inputs join it by id, so Enter saves. */}
      <form id={FORM_ID} onSubmit={save} noValidate autoComplete="off" />
      <div className="card table-wrap">
        <table className="data catalog doctypes">
          <thead>
            <tr>
              <th className="right col-order">Thứ tự</th>
              <th>Tên loại văn bản</th>
              <th className="col-abbr">Viết tắt</th>
              <th className="col-status">Trạng thái</th>
              {canManage && <th className="right col-actions">Thao tác</th>}
            </tr>
          </thead>
          <tbody>
            {draft?.id === null && <EditRow draft={draft} onChange={setDraft} onCancel={() => edit(null)} error={error} busy={busy} builtin={false} savedName={null} />}
            {rows.map((t) =>
              draft?.id === t.id ? (
                <EditRow key={t.id} draft={draft} onChange={setDraft} onCancel={() => edit(null)} error={error} busy={busy} builtin={t.builtin} savedName={t.name} />
              ) : (
                <tr key={t.id} data-doctype={t.id} className={[t.active ? '' : 'inactive', t.id === saved ? 'selected' : ''].filter(Boolean).join(' ') || undefined}>
                  <td className="right">{t.sortOrder}</td>
                  <td>
                    {t.name}
                    {t.builtin && (
                      <>
                        {' '}
                        <span className="badge blue" title="Loại văn bản hành chính theo Nghị định 30/2020/NĐ-CP">
                          theo NĐ 30
                        </span>
                      </>
                    )}
                  </td>
                  <td>{t.abbr ? <strong>{t.abbr}</strong> : <span className="muted">(không viết tắt)</span>}</td>
                  <td>{t.active ? <span className="badge green">Đang dùng</span> : <span className="badge">Ngừng dùng</span>}</td>
                  {canManage && (
                    <td className="actions">
                      <Button
                        small
                        variant="ghost"
                        aria-label={`Sửa ${t.name}`}
                        onClick={() => edit({ id: t.id, name: t.name, abbr: t.abbr ?? '', sortOrder: String(t.sortOrder), active: t.active })}
                      >
                        Sửa
                      </Button>
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
        {types && types.length === 0 && !draft && <div className="empty">Chưa có loại văn bản nào.</div>}
      </div>
    </section>
  );
}

function EditRow(props: { draft: Draft; builtin: boolean; savedName: string | null; error: unknown; busy: boolean; onChange: (d: Draft) => void; onCancel: () => void }) {
  const { draft, error } = props;
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => nameRef.current?.focus(), []);
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      props.onChange({ ...draft, [k]: v });
  const fe = (p: string) => fieldError(error, p);
  // Labels name the row as saved, not as being typed, so they stay put while the name changes.
  const what = props.savedName ? `loại văn bản ${props.savedName}` : 'loại văn bản mới';
  // The message goes right under the row (the list is long; a banner above it may be off screen), unless every
  // problem is already shown beside its box.
  const api = error instanceof ApiError ? error : null;
  const coveredInline = api?.code === 'invalid_input' && api.fields.length > 0 && api.fields.every((f) => INLINE_FIELDS.includes(f.path));
  return (
    <>
      <tr className="editing" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), props.onCancel())}>
        <td className="right">
          <input
            form={FORM_ID}
            className="input order-input"
            inputMode="numeric"
            aria-label={`Thứ tự của ${what}`}
            aria-invalid={fe('sortOrder') ? true : undefined}
            value={draft.sortOrder}
            onChange={(e) => set('sortOrder')(e.target.value)}
          />
          {fe('sortOrder') && <div className="error-text">{fe('sortOrder')}</div>}
        </td>
        <td>
          <input
            ref={nameRef}
            form={FORM_ID}
            className="input"
            aria-label={`Tên ${what}`}
            aria-invalid={fe('name') ? true : undefined}
            aria-required
            placeholder="Tên loại văn bản"
            value={draft.name}
            onChange={(e) => set('name')(e.target.value)}
          />
          {fe('name') && <div className="error-text">{fe('name')}</div>}
          {props.builtin && <div className="muted small">Loại theo NĐ 30: đổi tên được, không xóa được.</div>}
        </td>
        <td>
          <input
            form={FORM_ID}
            className="input abbr-input"
            aria-label={`Viết tắt của ${what}`}
            aria-invalid={fe('abbr') ? true : undefined}
            placeholder="Ví dụ: QĐ"
            maxLength={10}
            value={draft.abbr}
            onChange={(e) => set('abbr')(e.target.value)}
          />
          {fe('abbr') && <div className="error-text">{fe('abbr')}</div>}
        </td>
        <td>
          <label className="check">
            <input form={FORM_ID} type="checkbox" checked={draft.active} onChange={(e) => set('active')(e.target.checked)} />
            Đang dùng
          </label>
        </td>
        <td className="actions">
          <Button small variant="primary" type="submit" form={FORM_ID} busy={props.busy}>
            Lưu
          </Button>
          <Button small variant="ghost" onClick={props.onCancel}>
            Hủy
          </Button>
        </td>
      </tr>
      {!!error && !coveredInline && (
        <tr className="editing">
          <td colSpan={5}>
            <ErrorBanner error={error} shownFields={INLINE_FIELDS} />
          </td>
        </tr>
      )}
    </>
  );
}
