// "Hồ sơ của tôi" and "Tất cả hồ sơ": the files list with its filters (year, state, người lập, due for transfer,
// past retention, a search the core folds), paged by offset; "Mở hồ sơ" for those who keep files. Reads only.

import { useCallback, useEffect, useState } from 'react';
import { FILE_STATES, type FileState, type RecordFileDto } from '../../../../src-shared/api/records';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { Button, SelectField, TextField } from '../../ui/Controls';
import { ErrorBanner } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { FileStateBadge, RecordsTabs, rowKeys, thisYear, useFilesChanged, usePeople } from './common';
import { OpenFileDialog } from './OpenFileDialog';

const PAGE = 50;

export function FileList({ mine }: { mine: boolean }) {
  const { can } = useSession();
  const people = usePeople();
  const [year, setYear] = useState(String(thisYear()));
  const [state, setState] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [due, setDue] = useState('');
  const [text, setText] = useState('');
  // The query sent lags the box by a moment so typing does not fire a call per key.
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<RecordFileDto[] | null>(null);
  const [total, setTotal] = useState(0);
  const [opening, setOpening] = useState(false);
  const { error, run } = useAction();

  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 300);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => setOffset(0), [year, state, ownerId, due, query, mine]);

  const load = useCallback(
    () =>
      void run(async () => {
        const r = await call('files.list', {
          mine,
          // Due lists span years: a file of 2024 due for transfer now must show whatever year is picked.
          year: year && !due ? Number(year) : undefined,
          state: (state || undefined) as FileState | undefined,
          ownerId: !mine && ownerId ? Number(ownerId) : undefined,
          due: (due || undefined) as 'transfer' | 'expired' | undefined,
          query: query || undefined,
          limit: PAGE,
          offset,
        });
        setRows(r.items);
        setTotal(r.total);
      }),
    [run, mine, year, state, ownerId, due, query, offset],
  );
  useEffect(load, [load]);
  useFilesChanged(null, load);

  const y = thisYear();
  const years = [y + 1, y, y - 1, y - 2, y - 3, y - 4, y - 5];

  return (
    <section aria-labelledby="files-title">
      <div className="page-head wrap">
        <h1 id="files-title">{mine ? 'Hồ sơ của tôi' : 'Tất cả hồ sơ'}</h1>
        <span className="sub">{rows ? `${total.toLocaleString('vi-VN')} hồ sơ` : ''}</span>
        <span className="spacer" />
        {can('records.manage') && (
          <Button variant="primary" kbd="Alt+N" onClick={() => setOpening(true)}>
            + Mở hồ sơ
          </Button>
        )}
      </div>
      <RecordsTabs active={mine ? '' : 'tat-ca'} />
      <div className="toolbar">
        <TextField label="Tìm hồ sơ" value={text} onChange={setText} placeholder="Tiêu đề hoặc số, ký hiệu (gõ có dấu hay không dấu)" fieldClass="search-wide" type="search" />
        <SelectField
          label="Năm"
          value={due ? '' : year}
          disabled={!!due}
          onChange={setYear}
          options={[{ value: '', label: 'Tất cả các năm' }, ...years.map((v) => ({ value: String(v), label: `Năm ${v}` }))]}
          fieldClass="year-field"
        />
        <SelectField
          label="Trạng thái"
          value={state}
          onChange={setState}
          options={[{ value: '', label: 'Tất cả' }, ...Object.entries(FILE_STATES).map(([value, label]) => ({ value, label }))]}
        />
        {!mine && (
          <SelectField
            label="Người lập"
            value={ownerId}
            onChange={setOwnerId}
            options={[{ value: '', label: 'Mọi người' }, ...people.map((p) => ({ value: String(p.id), label: p.fullName }))]}
          />
        )}
        <SelectField
          label="Thời hạn"
          value={due}
          onChange={setDue}
          options={[
            { value: '', label: 'Không lọc' },
            { value: 'transfer', label: 'Sắp đến hạn nộp lưu' },
            { value: 'expired', label: 'Hết hạn bảo quản' },
          ]}
        />
      </div>
      <ErrorBanner error={error} />
      {can('fileplan.approve') && <PendingAccess />}
      <div className="card table-wrap">
        <table className="data docs rec-files">
          <thead>
            <tr>
              <th>Số, ký hiệu</th>
              <th>Tiêu đề hồ sơ</th>
              <th>Thời hạn bảo quản</th>
              <th>Người lập</th>
              <th className="right">Văn bản / trang</th>
              <th>Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((f) => {
              const open = () => navigate(`/ho-so/${f.id}`);
              return (
                <tr key={f.id} tabIndex={0} onClick={open} onKeyDown={(e) => rowKeys(e, open)} aria-label={`Hồ sơ ${f.code}: ${f.title}`}>
                  <td className="nowrap num">
                    {f.code}
                    <div className="muted small">Năm {f.year}</div>
                  </td>
                  <td className="subject">
                    {f.title}
                    {f.rights === 'restricted' && <span className="badge purple"> Hạn chế</span>}
                    {f.transferDueDate && f.state === 'closed' && <div className="muted small">Hạn nộp lưu: {fmtDate(f.transferDueDate)}</div>}
                    {f.expiresAfterYear != null && <div className="muted small">Bảo quản đến hết năm {f.expiresAfterYear}</div>}
                  </td>
                  <td>{f.retentionLabel}</td>
                  <td>
                    {f.ownerName}
                    {f.unitName && <div className="muted small">{f.unitName}</div>}
                  </td>
                  <td className="right nowrap">
                    {f.docTotal} / {f.pageTotal}
                  </td>
                  <td>
                    <FileStateBadge state={f.state} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows && rows.length === 0 && (
          <div className="empty">
            {query || state || due ? 'Không có hồ sơ nào khớp điều kiện lọc.' : mine ? 'Bạn chưa mở hồ sơ nào trong năm này. Bấm "Mở hồ sơ" để bắt đầu.' : 'Chưa có hồ sơ nào.'}
          </div>
        )}
      </div>
      <div className="pager">
        <Button small disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          ‹ Trang trước
        </Button>
        <span className="muted">{rows?.length ? `${offset + 1}–${offset + rows.length} / ${total}` : ''}</span>
        <Button small disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          Trang sau ›
        </Button>
      </div>
      {opening && <OpenFileDialog onClose={() => setOpening(false)} />}
      <AltN enabled={can('records.manage')} onPress={() => setOpening(true)} />
    </section>
  );
}

/** Alt+N opens "Mở hồ sơ", like the new-document shortcut of the other areas. */
function AltN({ enabled, onPress }: { enabled: boolean; onPress: () => void }) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'n' || e.key === 'N')) {
        e.preventDefault();
        onPress();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, onPress]);
  return null;
}

/** Leaders: the files whose access change waits for their decision (files.pendingAccess), each a link to decide on. */
function PendingAccess() {
  const [rows, setRows] = useState<RecordFileDto[]>([]);
  const load = useCallback(() => void call('files.pendingAccess', {}).then(setRows, () => setRows([])), []);
  useEffect(load, [load]);
  useFilesChanged(null, load);
  if (!rows.length) return null;
  return (
    <section className="banner warn rec-pending" aria-label="Chờ duyệt quyền truy cập">
      <div>
        <strong>{rows.length} hồ sơ có thay đổi quyền truy cập chờ lãnh đạo duyệt:</strong>
        <ul>
          {rows.map((f) => (
            <li key={f.id}>
              <a href={`#/ho-so/${f.id}`}>
                {f.code} — {f.title}
              </a>{' '}
              <span className="muted">({f.ownerName})</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
