// "Danh mục hồ sơ" of a year (NĐ 30 Phụ lục V): đề mục lớn with their abbreviation, sub-headings, lines (title,
// retention, người lập, ghi chú), edited as a draft and saved whole; codes are the core's, shown after a save.
// Also: copy last year's list, read one from Excel (into the editor, unsaved), print, approve, issue, reopen.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PersonDto } from '../../../../src-shared/api/accounts';
import {
  FILEPLAN_GROUPING,
  FILEPLAN_NUMBERING,
  FILEPLAN_STATUS,
  type FilePlanDto,
  type FilePlanHeadingDto,
  type FilePlanHeadingInput,
  type FilePlanLineDto,
  type FilePlanLineInput,
  type RetentionDto,
} from '../../../../src-shared/api/records';
import { ApiError, call, saveFile } from '../../api';
import { fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button, SelectField, TextField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { RecordsTabs, retentionOptions, thisYear, usePeople, useRetentions } from './common';

interface LineDraft {
  key: string;
  id?: number;
  title: string;
  retentionId: string;
  keeperUserId: string;
  keeper: string;
  notes: string;
  /** As the core numbered it at the last save; absent on lines not saved yet. */
  code?: string;
  fileCount?: number;
}
interface SubDraft {
  key: string;
  id?: number;
  title: string;
  lines: LineDraft[];
}
interface HeadDraft {
  key: string;
  id?: number;
  abbr: string;
  title: string;
  unitId: number | null;
  lines: LineDraft[];
  children: SubDraft[];
}

let seq = 0;
const newKey = () => `k${++seq}`;

function lineFromDto(l: FilePlanLineDto): LineDraft {
  return {
    key: newKey(),
    id: l.id,
    title: l.title,
    retentionId: String(l.retentionId),
    keeperUserId: l.keeperUserId ? String(l.keeperUserId) : '',
    keeper: l.keeper ?? '',
    notes: l.notes ?? '',
    code: l.code,
    fileCount: l.fileCount,
  };
}
function lineFromInput(l: FilePlanLineInput): LineDraft {
  return {
    key: newKey(),
    title: l.title,
    retentionId: String(l.retentionId),
    keeperUserId: l.keeperUserId ? String(l.keeperUserId) : '',
    keeper: l.keeper ?? '',
    notes: l.notes ?? '',
  };
}
function draftsFromDto(hs: FilePlanHeadingDto[]): HeadDraft[] {
  return hs.map((h) => ({
    key: newKey(),
    id: h.id,
    abbr: h.abbr ?? '',
    title: h.title,
    unitId: h.unitId,
    lines: h.lines.map(lineFromDto),
    children: h.children.map((c) => ({ key: newKey(), id: c.id, title: c.title, lines: c.lines.map(lineFromDto) })),
  }));
}
function draftsFromInput(hs: FilePlanHeadingInput[]): HeadDraft[] {
  return hs.map((h) => ({
    key: newKey(),
    abbr: h.abbr,
    title: h.title,
    unitId: h.unitId ?? null,
    lines: (h.lines ?? []).map(lineFromInput),
    children: (h.children ?? []).map((c) => ({ key: newKey(), title: c.title, lines: (c.lines ?? []).map(lineFromInput) })),
  }));
}
function lineInput(l: LineDraft): FilePlanLineInput {
  return {
    id: l.id,
    title: l.title,
    retentionId: Number(l.retentionId),
    keeperUserId: l.keeperUserId ? Number(l.keeperUserId) : null,
    keeper: l.keeperUserId ? null : l.keeper || null,
    notes: l.notes || null,
  };
}
function toInput(hs: HeadDraft[]): FilePlanHeadingInput[] {
  return hs.map((h) => ({
    id: h.id,
    abbr: h.abbr,
    title: h.title,
    unitId: h.unitId,
    lines: h.lines.map(lineInput),
    children: h.children.map((c) => ({ id: c.id, title: c.title, lines: c.lines.map(lineInput) })),
  }));
}

const ROMAN: Array<[number, string]> = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];
function roman(n: number): string {
  let out = '';
  for (const [v, s] of ROMAN) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

export function FilePlanEditor() {
  const { can } = useSession();
  const toast = useToast();
  const retentions = useRetentions(true);
  const people = usePeople();
  const [year, setYear] = useState(thisYear());
  const [plan, setPlan] = useState<FilePlanDto | null>(null);
  const [heads, setHeads] = useState<HeadDraft[]>([]);
  const [grouping, setGrouping] = useState<FilePlanDto['grouping']>('field');
  const [numbering, setNumbering] = useState<FilePlanDto['numbering']>('continuous');
  // What was loaded, to tell unsaved changes (the Excel import and edits make the editor dirty).
  const [baseline, setBaseline] = useState('');
  const [warnings, setWarnings] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'copy' | 'reopen' | 'approve' | 'issue' | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const xlsx = useRef<HTMLInputElement>(null);

  const show = useCallback((p: FilePlanDto) => {
    setPlan(p);
    const hs = draftsFromDto(p.headings);
    setHeads(hs);
    setGrouping(p.grouping);
    setNumbering(p.numbering);
    setBaseline(JSON.stringify([p.grouping, p.numbering, toInput(hs)]));
  }, []);
  const load = useCallback(() => void call('fileplan.get', { year }).then(show, setError), [year, show, setError]);
  useEffect(() => {
    setWarnings([]);
    load();
  }, [load]);

  const manage = can('fileplan.manage');
  const editable = manage && (plan?.status ?? 'draft') === 'draft';
  const dirty = plan != null && JSON.stringify([grouping, numbering, toInput(heads)]) !== baseline;
  const stale = error instanceof ApiError && (error.code === 'stale_version' || error.code === 'conflict');

  const save = () =>
    run(async () => {
      const p = await call('fileplan.save', { year, version: plan?.id != null ? plan.version : undefined, grouping, numbering, headings: toInput(heads) });
      show(p);
      setWarnings([]);
      toast('ok', `Đã lưu Danh mục hồ sơ năm ${year}: ${p.counts.total} hồ sơ.`);
    });

  // Ctrl+S saves the draft, as in an office program.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    if (!editable) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === 's' || e.key === 'S')) {
        e.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editable]);

  const importXlsx = (f: File) =>
    run(async () => {
      const r = await call('fileplan.importXlsx', { fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
      setHeads(draftsFromInput(r.headings));
      setWarnings(r.warnings);
      toast('info', `Đã đọc ${r.lineCount} dòng từ ${f.name}. Kiểm tra rồi bấm "Lưu".`);
    });

  const print = () => run(async () => saveFile(await call('fileplan.print', { year })));

  const defaultRetention = retentions.find((r) => r.active)?.id;
  const blankLine = (): LineDraft => {
    const key = newKey();
    setFocusKey(key);
    return { key, title: '', retentionId: defaultRetention ? String(defaultRetention) : '', keeperUserId: '', keeper: '', notes: '' };
  };
  const updateHead = (key: string, fn: (h: HeadDraft) => HeadDraft) => setHeads((hs) => hs.map((h) => (h.key === key ? fn(h) : h)));

  const counts = useMemo(() => {
    const kinds = new Map(retentions.map((r) => [String(r.id), r.kind]));
    const all = heads.flatMap((h) => [...h.lines, ...h.children.flatMap((c) => c.lines)]);
    const permanent = all.filter((l) => kinds.get(l.retentionId) === 'permanent').length;
    return { total: all.length, permanent, limited: all.length - permanent };
  }, [heads, retentions]);

  const y = thisYear();
  return (
    <section aria-labelledby="plan-title">
      <div className="page-head wrap">
        <h1 id="plan-title">Danh mục hồ sơ năm {year}</h1>
        {plan && (
          <span className={`badge ${plan.status === 'issued' ? 'green' : plan.status === 'approved' ? 'blue' : 'orange'}`}>
            {plan.id == null ? 'Chưa lập' : FILEPLAN_STATUS[plan.status]}
          </span>
        )}
        {dirty && <span className="badge orange">Chưa lưu</span>}
        <span className="spacer" />
        {editable && (
          <Button variant="primary" busy={busy} onClick={() => void save()} kbd="Ctrl+S">
            Lưu
          </Button>
        )}
        {/* The core copies only into an empty draft, never over lines already written. */}
        {editable && heads.length === 0 && <Button onClick={() => setDialog('copy')}>Lập từ danh mục năm trước</Button>}
        {editable && (
          <>
            <Button onClick={() => xlsx.current?.click()}>Nhập từ Excel</Button>
            <input
              ref={xlsx}
              type="file"
              hidden
              accept=".xlsx"
              aria-label="Chọn tệp Excel Danh mục hồ sơ"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void importXlsx(f);
                e.target.value = '';
              }}
            />
          </>
        )}
        {plan?.id != null && <Button onClick={() => void print()}>In danh mục</Button>}
        {can('fileplan.approve') && plan?.id != null && plan.status === 'draft' && (
          <Button variant="primary" disabled={dirty} title={dirty ? 'Lưu trước khi duyệt' : undefined} onClick={() => setDialog('approve')}>
            Duyệt
          </Button>
        )}
        {manage && plan?.status === 'approved' && (
          <Button variant="primary" onClick={() => setDialog('issue')}>
            Ban hành
          </Button>
        )}
        {can('fileplan.approve') && plan && plan.status !== 'draft' && <Button onClick={() => setDialog('reopen')}>Mở lại để sửa</Button>}
      </div>
      <RecordsTabs active="danh-muc" />
      <div className="toolbar">
        <SelectField
          label="Năm"
          value={String(year)}
          onChange={(v) => {
            if (!dirty || window.confirm('Danh mục đang sửa chưa lưu. Bỏ các thay đổi để xem năm khác?')) setYear(Number(v));
          }}
          options={[y + 1, y, y - 1, y - 2, y - 3].map((v) => ({ value: String(v), label: `Năm ${v}` }))}
          fieldClass="year-field"
        />
        <SelectField
          label="Đề mục lớn"
          value={grouping}
          disabled={!editable}
          onChange={(v) => setGrouping(v as FilePlanDto['grouping'])}
          options={Object.entries(FILEPLAN_GROUPING).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          label="Đánh số hồ sơ"
          value={numbering}
          disabled={!editable}
          onChange={(v) => setNumbering(v as FilePlanDto['numbering'])}
          options={Object.entries(FILEPLAN_NUMBERING).map(([value, label]) => ({ value, label }))}
        />
        {manage && (
          <a className="btn ghost" href="#/ho-so/thoi-han">
            Bảng thời hạn bảo quản…
          </a>
        )}
      </div>
      <ErrorBanner error={error} />
      {stale && (
        <div className="banner warn" role="alert">
          <div className="grow">Danh mục đã được người khác lưu sau khi bạn mở. Tải lại để xem bản mới (các thay đổi của bạn chưa được lưu).</div>
          <Button onClick={load}>Tải lại</Button>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="banner warn">
          <div>
            <strong>Lưu ý khi đọc tệp Excel:</strong>
            <ul>
              {warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {plan && plan.status !== 'draft' && (
        <div className="banner info">
          {plan.status === 'issued' ? `Đã ban hành ${fmtDateTime(plan.issuedAt)}${plan.issuedBy ? ` (${plan.issuedBy})` : ''}.` : ''}{' '}
          {plan.approvedAt ? `Đã duyệt ${fmtDateTime(plan.approvedAt)}${plan.approvedBy ? ` bởi ${plan.approvedBy}` : ''}.` : ''} Danh mục chỉ xem; lãnh đạo "Mở lại để sửa" khi cần
          sửa đổi, bổ sung.
        </div>
      )}
      {plan?.id == null && editable && heads.length === 0 && (
        <div className="banner info">Năm {year} chưa có Danh mục hồ sơ. Thêm đề mục lớn và các hồ sơ, hoặc lập từ danh mục năm trước, hoặc nhập từ tệp Excel.</div>
      )}
      <div className="card table-wrap rec-plan">
        <table className="data">
          <thead>
            <tr>
              <th className="rec-col-code">Số và ký hiệu hồ sơ</th>
              <th>Tên đề mục và tiêu đề hồ sơ</th>
              <th className="rec-col-ret">Thời hạn bảo quản</th>
              <th className="rec-col-keeper">Người lập hồ sơ</th>
              <th className="rec-col-notes">Ghi chú</th>
              {editable && <th className="actions" aria-label="Thao tác" />}
            </tr>
          </thead>
          {heads.map((h, hi) => (
            <tbody key={h.key}>
              <tr className="rec-heading">
                <td>
                  <strong>{roman(hi + 1)}.</strong>{' '}
                  {editable ? (
                    <input
                      className="input abbr-input"
                      aria-label={`Viết tắt đề mục ${roman(hi + 1)}`}
                      placeholder="VT"
                      value={h.abbr}
                      onChange={(e) => updateHead(h.key, (x) => ({ ...x, abbr: e.target.value.toUpperCase() }))}
                    />
                  ) : (
                    <span className="mono">{h.abbr}</span>
                  )}
                </td>
                <td colSpan={4}>
                  {editable ? (
                    <input
                      className="input"
                      aria-label={`Tên đề mục ${roman(hi + 1)}`}
                      placeholder="Tên đề mục lớn"
                      autoFocus={focusKey === h.key}
                      value={h.title}
                      onChange={(e) => updateHead(h.key, (x) => ({ ...x, title: e.target.value }))}
                    />
                  ) : (
                    <strong>{h.title}</strong>
                  )}
                </td>
                {editable && (
                  <td className="actions">
                    <Button small variant="ghost" aria-label={`Xóa đề mục ${roman(hi + 1)}`} onClick={() => setHeads((hs) => hs.filter((x) => x.key !== h.key))}>
                      Xóa
                    </Button>
                  </td>
                )}
              </tr>
              {h.lines.map((l) => (
                <LineRow
                  key={l.key}
                  line={l}
                  editable={editable}
                  autoFocus={focusKey === l.key}
                  retentions={retentions}
                  people={people}
                  onChange={(n) => updateHead(h.key, (x) => ({ ...x, lines: x.lines.map((y) => (y.key === l.key ? n : y)) }))}
                  onRemove={() => updateHead(h.key, (x) => ({ ...x, lines: x.lines.filter((y) => y.key !== l.key) }))}
                />
              ))}
              {h.children.map((c, ci) => (
                <SubRows
                  key={c.key}
                  sub={c}
                  numeral={String(ci + 1)}
                  editable={editable}
                  focusKey={focusKey}
                  retentions={retentions}
                  people={people}
                  onChange={(n) => updateHead(h.key, (x) => ({ ...x, children: x.children.map((y) => (y.key === c.key ? n : y)) }))}
                  onRemove={() => updateHead(h.key, (x) => ({ ...x, children: x.children.filter((y) => y.key !== c.key) }))}
                  blankLine={blankLine}
                />
              ))}
              {editable && (
                <tr className="rec-add-row">
                  <td />
                  <td colSpan={5}>
                    <Button
                      small
                      onClick={() => {
                        const nl = blankLine();
                        updateHead(h.key, (x) => ({ ...x, lines: [...x.lines, nl] }));
                      }}
                    >
                      + Thêm hồ sơ vào đề mục {roman(hi + 1)}
                    </Button>{' '}
                    <Button
                      small
                      onClick={() => {
                        const key = newKey();
                        setFocusKey(key);
                        updateHead(h.key, (x) => ({ ...x, children: [...x.children, { key, title: '', lines: [] }] }));
                      }}
                    >
                      + Thêm tiểu mục
                    </Button>
                  </td>
                </tr>
              )}
            </tbody>
          ))}
        </table>
        {heads.length === 0 && !editable && <div className="empty">Năm {year} chưa có Danh mục hồ sơ.</div>}
        {editable && (
          <div className="card-body">
            <Button
              onClick={() => {
                const key = newKey();
                setFocusKey(key);
                setHeads((hs) => [...hs, { key, abbr: '', title: '', unitId: null, lines: [], children: [] }]);
              }}
            >
              + Thêm đề mục lớn
            </Button>
          </div>
        )}
      </div>
      <p className="rec-plan-foot" aria-label="Tổng số hồ sơ">
        Danh mục có <strong>{counts.total}</strong> hồ sơ, bao gồm: <strong>{counts.permanent}</strong> hồ sơ bảo quản vĩnh viễn, <strong>{counts.limited}</strong> hồ sơ bảo quản
        có thời hạn.
        {editable && counts.total > 0 && <span className="muted"> Số và ký hiệu hồ sơ mới được đánh khi lưu.</span>}
      </p>
      {dialog === 'copy' && (
        <CopyDialog
          year={year}
          onClose={() => setDialog(null)}
          onDone={(p) => {
            show(p);
            toast('ok', `Đã lập dự thảo từ danh mục năm trước: ${p.counts.total} hồ sơ.`);
          }}
        />
      )}
      {dialog === 'approve' && plan && (
        <ConfirmDialog
          title={`Duyệt Danh mục hồ sơ năm ${year}`}
          action="Duyệt"
          text={`Duyệt Danh mục hồ sơ năm ${year} gồm ${plan.counts.total} hồ sơ. Sau khi duyệt, văn thư ban hành danh mục; muốn sửa phải mở lại.`}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            show(await call('fileplan.approve', { year, version: plan.version }));
            toast('ok', `Đã duyệt Danh mục hồ sơ năm ${year}.`);
          }}
        />
      )}
      {dialog === 'issue' && (
        <ConfirmDialog
          title={`Ban hành Danh mục hồ sơ năm ${year}`}
          action="Ban hành"
          text="Danh mục đã duyệt được ban hành để mọi người lập hồ sơ theo đó."
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            show(await call('fileplan.issue', { year }));
            toast('ok', `Đã ban hành Danh mục hồ sơ năm ${year}.`);
          }}
        />
      )}
      {dialog === 'reopen' && (
        <ReopenPlanDialog
          year={year}
          onClose={() => setDialog(null)}
          onDone={(p) => {
            show(p);
            toast('ok', 'Đã mở lại Danh mục hồ sơ để sửa đổi, bổ sung.');
          }}
        />
      )}
    </section>
  );
}

interface RowCommon {
  editable: boolean;
  retentions: RetentionDto[];
  people: PersonDto[];
}

function SubRows(p: RowCommon & { sub: SubDraft; numeral: string; focusKey: string | null; onChange: (s: SubDraft) => void; onRemove: () => void; blankLine: () => LineDraft }) {
  const { sub } = p;
  return (
    <>
      <tr className="rec-subheading">
        <td className="right">
          <strong>{p.numeral}.</strong>
        </td>
        <td colSpan={4}>
          {p.editable ? (
            <input
              className="input"
              aria-label={`Tên tiểu mục ${p.numeral}`}
              placeholder="Tên tiểu mục"
              autoFocus={p.focusKey === sub.key}
              value={sub.title}
              onChange={(e) => p.onChange({ ...sub, title: e.target.value })}
            />
          ) : (
            <em>{sub.title}</em>
          )}
        </td>
        {p.editable && (
          <td className="actions">
            <Button small variant="ghost" aria-label={`Xóa tiểu mục ${p.numeral}`} onClick={p.onRemove}>
              Xóa
            </Button>
          </td>
        )}
      </tr>
      {sub.lines.map((l) => (
        <LineRow
          key={l.key}
          line={l}
          editable={p.editable}
          autoFocus={p.focusKey === l.key}
          retentions={p.retentions}
          people={p.people}
          onChange={(n) => p.onChange({ ...sub, lines: sub.lines.map((y) => (y.key === l.key ? n : y)) })}
          onRemove={() => p.onChange({ ...sub, lines: sub.lines.filter((y) => y.key !== l.key) })}
        />
      ))}
      {p.editable && (
        <tr className="rec-add-row">
          <td />
          <td colSpan={5}>
            <Button
              small
              variant="ghost"
              onClick={() => {
                const nl = p.blankLine();
                p.onChange({ ...sub, lines: [...sub.lines, nl] });
              }}
            >
              + Thêm hồ sơ vào tiểu mục {p.numeral}
            </Button>
          </td>
        </tr>
      )}
    </>
  );
}

function LineRow(p: RowCommon & { line: LineDraft; autoFocus: boolean; onChange: (l: LineDraft) => void; onRemove: () => void }) {
  const { line: l } = p;
  const set = (patch: Partial<LineDraft>) => p.onChange({ ...l, ...patch });
  const label = l.title || 'hồ sơ mới';
  if (!p.editable) {
    const keeper = l.keeperUserId ? p.people.find((x) => String(x.id) === l.keeperUserId)?.fullName : l.keeper;
    return (
      <tr>
        <td className="mono nowrap">{l.code ?? '—'}</td>
        <td>
          {l.title}
          {l.fileCount ? <span className="muted small"> · đã mở {l.fileCount} hồ sơ</span> : null}
        </td>
        <td>{p.retentions.find((r) => String(r.id) === l.retentionId)?.label ?? '—'}</td>
        <td>{keeper || '—'}</td>
        <td>{l.notes}</td>
      </tr>
    );
  }
  return (
    <tr className="rec-line">
      <td className="mono nowrap">{l.code ?? <span className="muted">mới</span>}</td>
      <td>
        <input
          className="input"
          aria-label={`Tiêu đề hồ sơ ${l.code ?? ''}`.trim()}
          placeholder="Tiêu đề hồ sơ"
          autoFocus={p.autoFocus}
          value={l.title}
          onChange={(e) => set({ title: e.target.value })}
        />
      </td>
      <td>
        <select className="input" aria-label={`Thời hạn bảo quản: ${label}`} value={l.retentionId} onChange={(e) => set({ retentionId: e.target.value })}>
          <option value="">— Chọn —</option>
          {retentionOptions(p.retentions, Number(l.retentionId)).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select className="input" aria-label={`Người lập hồ sơ: ${label}`} value={l.keeperUserId} onChange={(e) => set({ keeperUserId: e.target.value })}>
          <option value="">(ghi bằng chữ)</option>
          {p.people.map((x) => (
            <option key={x.id} value={x.id}>
              {x.fullName}
            </option>
          ))}
        </select>
        {!l.keeperUserId && (
          <input
            className="input rec-keeper-text"
            aria-label={`Người lập (chữ): ${label}`}
            placeholder="Đơn vị, chức danh"
            value={l.keeper}
            onChange={(e) => set({ keeper: e.target.value })}
          />
        )}
      </td>
      <td>
        <input className="input" aria-label={`Ghi chú: ${label}`} value={l.notes} onChange={(e) => set({ notes: e.target.value })} />
      </td>
      <td className="actions">
        <Button
          small
          variant="ghost"
          aria-label={`Xóa dòng: ${label}`}
          disabled={!!l.fileCount}
          title={l.fileCount ? 'Đã có hồ sơ mở từ dòng này' : undefined}
          onClick={p.onRemove}
        >
          Xóa
        </Button>
      </td>
    </tr>
  );
}

function CopyDialog({ year, onClose, onDone }: { year: number; onClose: () => void; onDone: (p: FilePlanDto) => void }) {
  const [fromYear, setFromYear] = useState(String(year - 1));
  const { busy, error, run } = useAction();
  return (
    <ActionDialog
      title="Lập từ danh mục năm trước"
      onClose={onClose}
      action="Lập dự thảo"
      busy={busy}
      onAction={() =>
        run(async () => {
          onDone(await call('fileplan.copyFrom', { year, fromYear: Number(fromYear) }));
          onClose();
        })
      }
    >
      <ErrorBanner error={error} />
      <SelectField label="Lấy từ danh mục năm" value={fromYear} onChange={setFromYear} options={[1, 2, 3].map((d) => ({ value: String(year - d), label: `Năm ${year - d}` }))} />
      <p className="muted">Các đề mục và hồ sơ được chép sang dự thảo năm {year} (đang trống) để sửa tiếp; số và ký hiệu được đánh lại.</p>
    </ActionDialog>
  );
}

function ConfirmDialog(p: { title: string; action: string; text: string; onClose: () => void; onConfirm: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  return (
    <ActionDialog
      title={p.title}
      onClose={p.onClose}
      action={p.action}
      busy={busy}
      onAction={() =>
        run(async () => {
          await p.onConfirm();
          p.onClose();
        })
      }
    >
      <ErrorBanner error={error} />
      <p>{p.text}</p>
    </ActionDialog>
  );
}

function ReopenPlanDialog({ year, onClose, onDone }: { year: number; onClose: () => void; onDone: (p: FilePlanDto) => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  return (
    <ActionDialog
      title={`Mở lại Danh mục hồ sơ năm ${year}`}
      onClose={onClose}
      action="Mở lại để sửa"
      busy={busy}
      onAction={() =>
        run(async () => {
          onDone(await call('fileplan.reopen', { year, reason }));
          onClose();
        })
      }
    >
      <ErrorBanner error={error} />
      <p>Danh mục trở về dự thảo để sửa đổi, bổ sung; sau khi sửa phải duyệt và ban hành lại. Hồ sơ đã mở giữ nguyên.</p>
      <TextField label="Lý do" required value={reason} onChange={setReason} />
    </ActionDialog>
  );
}
