// "Lưu trữ cơ quan" (records.archive): files due for transfer (print the Mục lục and Biên bản, receive them), the
// transfers made (reprint), files past their retention (dispose of them by a decision, after a red confirmation)
// and the disposal decisions carried out. The core checks every rule (due, retention ended); this screen asks.

import { useCallback, useEffect, useState } from 'react';
import type { DisposalDto, RecordFileDto, TransferDto } from '../../../../src-shared/api/records';
import { call, saveFile } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button, Checkbox, TextAreaField, TextField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { FileStateBadge, RecordsTabs, todayIso, useFilesChanged } from './common';

const TABS = {
  due: 'Đến hạn nộp lưu',
  transfers: 'Các lần nộp lưu',
  expired: 'Hết hạn bảo quản',
  disposals: 'Quyết định tiêu hủy',
} as const;
type Tab = keyof typeof TABS;

export function ArchiveScreen() {
  const [tab, setTab] = useState<Tab>('due');
  return (
    <section aria-labelledby="archive-title">
      <div className="page-head wrap">
        <h1 id="archive-title">Lưu trữ cơ quan</h1>
      </div>
      <RecordsTabs active="luu-tru" />
      <div className="rec-subtabs" role="tablist" aria-label="Lưu trữ cơ quan">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === tab} className={t === tab ? 'active' : ''} onClick={() => setTab(t)}>
            {TABS[t]}
          </button>
        ))}
      </div>
      {tab === 'due' && <DueTab />}
      {tab === 'transfers' && <TransfersTab />}
      {tab === 'expired' && <ExpiredTab />}
      {tab === 'disposals' && <DisposalsTab />}
    </section>
  );
}

/** Files of one `due` list, with a selection kept across reloads (only ids still listed stay chosen). */
function useDueFiles(due: 'transfer' | 'expired') {
  const [rows, setRows] = useState<RecordFileDto[] | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const { error, run } = useAction();
  const load = useCallback(
    () =>
      void run(async () => {
        const r = await call('files.list', { due, limit: 500, offset: 0 });
        setRows(r.items);
        setSelected((s) => new Set(r.items.filter((f) => s.has(f.id)).map((f) => f.id)));
      }),
    [due, run],
  );
  useEffect(load, [load]);
  useFilesChanged(null, load);
  return { rows, selected, setSelected, error, load };
}

function FilesTable({
  rows,
  selected,
  setSelected,
  extra,
}: {
  rows: RecordFileDto[];
  selected: Set<number>;
  setSelected: (s: Set<number>) => void;
  extra: 'transfer' | 'expired';
}) {
  const toggle = (id: number) => {
    const n = new Set(selected);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    setSelected(n);
  };
  return (
    <table className="data rec-files">
      <thead>
        <tr>
          <th className="pick">
            <input
              type="checkbox"
              aria-label="Chọn tất cả hồ sơ"
              checked={rows.length > 0 && rows.every((f) => selected.has(f.id))}
              onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((f) => f.id)) : new Set())}
            />
          </th>
          <th>Số, ký hiệu</th>
          <th>Tiêu đề hồ sơ</th>
          <th>Thời gian</th>
          <th>Thời hạn bảo quản</th>
          <th>Người lập</th>
          <th className="right">Văn bản / trang</th>
          <th>{extra === 'transfer' ? 'Hạn nộp lưu' : 'Hết hạn'}</th>
          <th>Trạng thái</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.id} className={selected.has(f.id) ? 'selected' : ''}>
            <td className="pick">
              <input type="checkbox" aria-label={`Chọn hồ sơ ${f.code}: ${f.title}`} checked={selected.has(f.id)} onChange={() => toggle(f.id)} />
            </td>
            <td className="nowrap">
              <a href={`#/ho-so/${f.id}`}>{f.code}</a>
              <div className="muted small">Năm {f.year}</div>
            </td>
            <td>{f.title}</td>
            <td className="nowrap">
              {fmtDate(f.startDate)} – {fmtDate(f.endDate)}
            </td>
            <td>{f.retentionLabel}</td>
            <td>{f.ownerName}</td>
            <td className="right">
              {f.docTotal} / {f.pageTotal}
            </td>
            <td className="nowrap">{extra === 'transfer' ? fmtDate(f.transferDueDate) : f.expiresAfterYear != null ? `hết năm ${f.expiresAfterYear}` : '—'}</td>
            <td>
              <FileStateBadge state={f.state} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DueTab() {
  const { me } = useSession();
  const toast = useToast();
  const { rows, selected, setSelected, error, load } = useDueFiles('transfer');
  const [deliveredBy, setDeliveredBy] = useState('');
  const [deliveringUnit, setDeliveringUnit] = useState('');
  const [receiving, setReceiving] = useState(false);
  const print = useAction();
  const chosen = (rows ?? []).filter((f) => selected.has(f.id));
  // The person handing over, by default the keeper of the chosen files when they are all one person's.
  const owners = [...new Set(chosen.map((f) => f.ownerName))];
  const giver = deliveredBy || (owners.length === 1 ? owners[0] : '');
  const unit = deliveringUnit || [...new Set(chosen.map((f) => f.unitName).filter(Boolean))].join(', ');

  return (
    <div className="stack">
      <p className="muted">
        Hồ sơ đã đóng, bảo quản từ 5 năm trở lên, phải nộp vào Lưu trữ cơ quan trong 01 năm kể từ ngày công việc kết thúc (Điều 31 Nghị định 30/2020/NĐ-CP). Chọn hồ sơ, in Mục lục
        hồ sơ nộp lưu và Biên bản giao nhận để hai bên ký, rồi bấm "Nhận nộp lưu".
      </p>
      <div className="toolbar">
        <TextField label="Người giao" value={giver} onChange={setDeliveredBy} placeholder="Họ và tên người nộp" />
        <TextField label="Đơn vị giao" value={unit} onChange={setDeliveringUnit} fieldClass="search-wide" />
        <Button
          busy={print.busy}
          disabled={!chosen.length}
          onClick={() =>
            void print.run(async () =>
              saveFile(await call('archive.transferForms', { fileIds: chosen.map((f) => f.id), deliveredBy: giver || null, deliveringUnit: unit || null })),
            )
          }
        >
          In mục lục và biên bản
        </Button>
        <Button variant="primary" disabled={!chosen.length} onClick={() => setReceiving(true)}>
          Nhận nộp lưu{chosen.length ? ` (${chosen.length})` : ''}
        </Button>
      </div>
      <ErrorBanner error={error ?? print.error} />
      <div className="card table-wrap">
        {rows && <FilesTable rows={rows} selected={selected} setSelected={setSelected} extra="transfer" />}
        {rows && rows.length === 0 && <div className="empty">Không có hồ sơ nào đến hạn nộp lưu.</div>}
      </div>
      {receiving && (
        <ReceiveDialog
          files={chosen}
          deliveredBy={giver}
          deliveringUnit={unit}
          receiver={me.user.fullName}
          onClose={() => setReceiving(false)}
          onDone={(t) => {
            toast('ok', `Đã nhận ${t.fileCount} hồ sơ vào Lưu trữ cơ quan (biên bản số ${t.number}/${t.year}).`);
            setSelected(new Set());
            load();
          }}
        />
      )}
    </div>
  );
}

function ReceiveDialog(p: { files: RecordFileDto[]; deliveredBy: string; deliveringUnit: string; receiver: string; onClose: () => void; onDone: (t: TransferDto) => void }) {
  const [deliveredBy, setDeliveredBy] = useState(p.deliveredBy);
  const [deliveringUnit, setDeliveringUnit] = useState(p.deliveringUnit);
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useAction();
  const docs = p.files.reduce((n, f) => n + f.docTotal, 0);
  const go = () =>
    run(async () => {
      const t = await call('archive.transfer', { fileIds: p.files.map((f) => f.id), deliveredBy, deliveringUnit: deliveringUnit || null, notes: notes || null });
      p.onDone(t);
      p.onClose();
    });
  return (
    <ActionDialog title="Nhận hồ sơ nộp lưu" onClose={p.onClose} action={`Nhận ${p.files.length} hồ sơ`} busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['deliveredBy']} />
      <p>
        Nhận <strong>{p.files.length}</strong> hồ sơ ({docs} văn bản) vào Lưu trữ cơ quan; người nhận: <strong>{p.receiver}</strong>. Hồ sơ đã nộp lưu không sửa, không thêm bớt văn
        bản được nữa.
      </p>
      <TextField label="Người giao" required value={deliveredBy} onChange={setDeliveredBy} error={fieldError(error, 'deliveredBy')} />
      <TextField label="Đơn vị giao" value={deliveringUnit} onChange={setDeliveringUnit} />
      <TextAreaField label="Ghi chú" value={notes} onChange={setNotes} />
    </ActionDialog>
  );
}

function TransfersTab() {
  const toast = useToast();
  const [rows, setRows] = useState<TransferDto[] | null>(null);
  const [printing, setPrinting] = useState<number | null>(null);
  const { error, run } = useAction();
  useEffect(() => void run(async () => setRows(await call('archive.transfers', {}))), [run]);
  return (
    <div className="stack">
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Biên bản số</th>
              <th>Ngày nhận</th>
              <th>Người giao</th>
              <th>Đơn vị giao</th>
              <th>Người nhận</th>
              <th className="right">Hồ sơ</th>
              <th className="right">Văn bản</th>
              <th>Ghi chú</th>
              <th className="actions" aria-label="Thao tác" />
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((t) => (
              <tr key={t.id}>
                <td className="nowrap">
                  {t.number}/{t.year}
                </td>
                <td className="nowrap">{fmtDateTime(t.at)}</td>
                <td>{t.deliveredBy}</td>
                <td>{t.deliveringUnit ?? '—'}</td>
                <td>{t.receivedBy}</td>
                <td className="right">{t.fileCount}</td>
                <td className="right">{t.documentCount}</td>
                <td>{t.notes}</td>
                <td className="actions">
                  <Button
                    small
                    busy={printing === t.id}
                    onClick={() => {
                      setPrinting(t.id);
                      call('archive.transferPdf', { id: t.id })
                        .then(saveFile, (e: Error) => toast('error', e.message))
                        .finally(() => setPrinting(null));
                    }}
                  >
                    In lại
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows && rows.length === 0 && <div className="empty">Chưa có lần nộp lưu nào.</div>}
      </div>
    </div>
  );
}

function ExpiredTab() {
  const toast = useToast();
  const { rows, selected, setSelected, error, load } = useDueFiles('expired');
  const [disposing, setDisposing] = useState(false);
  const chosen = (rows ?? []).filter((f) => selected.has(f.id));
  return (
    <div className="stack">
      <p className="muted">
        Hồ sơ đã hết thời hạn bảo quản. Việc tiêu hủy phải theo quyết định của người đứng đầu cơ quan, sau khi Hội đồng xác định giá trị tài liệu thẩm tra. Thông tin mô tả hồ sơ và
        quyết định được giữ lại; nội dung tài liệu bị xóa vĩnh viễn.
      </p>
      <div className="toolbar">
        <Button variant="danger" disabled={!chosen.length} onClick={() => setDisposing(true)}>
          Tiêu hủy{chosen.length ? ` (${chosen.length})` : ''}…
        </Button>
      </div>
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        {rows && <FilesTable rows={rows} selected={selected} setSelected={setSelected} extra="expired" />}
        {rows && rows.length === 0 && <div className="empty">Không có hồ sơ nào hết thời hạn bảo quản.</div>}
      </div>
      {disposing && (
        <DisposeDialog
          files={chosen}
          onClose={() => setDisposing(false)}
          onDone={(d) => {
            toast('ok', `Đã tiêu hủy ${d.fileCount} hồ sơ theo Quyết định số ${d.decisionNumber}.`);
            setSelected(new Set());
            load();
          }}
        />
      )}
    </div>
  );
}

function DisposeDialog(p: { files: RecordFileDto[]; onClose: () => void; onDone: (d: DisposalDto) => void }) {
  const [decisionNumber, setDecisionNumber] = useState('');
  const [decisionDate, setDecisionDate] = useState(todayIso());
  const [signerName, setSignerName] = useState('');
  const [signerPosition, setSignerPosition] = useState('');
  const [notes, setNotes] = useState('');
  const [sure, setSure] = useState(false);
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      const d = await call('archive.dispose', { fileIds: p.files.map((f) => f.id), decisionNumber, decisionDate, signerName, signerPosition, notes: notes || null });
      p.onDone(d);
      p.onClose();
    });
  return (
    <ActionDialog
      title="Tiêu hủy hồ sơ hết thời hạn bảo quản"
      wide
      onClose={p.onClose}
      cancel="Không"
      action={`Tiêu hủy ${p.files.length} hồ sơ`}
      danger
      busy={busy}
      actionDisabled={!sure}
      onAction={go}
    >
      <ErrorBanner error={error} shownFields={['decisionNumber', 'decisionDate', 'signerName', 'signerPosition']} />
      <ul className="rec-dispose-list">
        {p.files.map((f) => (
          <li key={f.id}>
            <strong>{f.code}</strong> {f.title}{' '}
            <span className="muted">
              ({f.retentionLabel}, năm {f.year})
            </span>
          </li>
        ))}
      </ul>
      <div className="grid-2">
        <TextField label="Số quyết định" required value={decisionNumber} onChange={setDecisionNumber} placeholder="15/QĐ-UBND" error={fieldError(error, 'decisionNumber')} />
        <DateField label="Ngày quyết định" required value={decisionDate} onChange={setDecisionDate} error={fieldError(error, 'decisionDate')} />
        <TextField label="Người ký quyết định" required value={signerName} onChange={setSignerName} error={fieldError(error, 'signerName')} />
        <TextField
          label="Chức vụ người ký"
          required
          value={signerPosition}
          onChange={setSignerPosition}
          placeholder="Chủ tịch UBND xã"
          error={fieldError(error, 'signerPosition')}
        />
      </div>
      <TextAreaField label="Ghi chú" value={notes} onChange={setNotes} />
      <div className="banner error rec-danger" role="alert">
        <div className="stack">
          <strong>Nội dung tài liệu của {p.files.length} hồ sơ sẽ bị xóa vĩnh viễn, không khôi phục được.</strong>
          <Checkbox label="Tôi đã kiểm tra quyết định tiêu hủy và xác nhận tiêu hủy các hồ sơ trên." checked={sure} onChange={setSure} />
        </div>
      </div>
    </ActionDialog>
  );
}

function DisposalsTab() {
  const [rows, setRows] = useState<DisposalDto[] | null>(null);
  const { error, run } = useAction();
  useEffect(() => void run(async () => setRows(await call('archive.disposals', {}))), [run]);
  return (
    <div className="stack">
      <ErrorBanner error={error} />
      <div className="card table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Quyết định</th>
              <th>Người ký</th>
              <th>Thực hiện</th>
              <th className="right">Hồ sơ</th>
              <th>Tệp đã xóa / giữ lại</th>
              <th>Ghi chú</th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((d) => (
              <tr key={d.id}>
                <td>
                  Số {d.decisionNumber}
                  <div className="muted small">ngày {fmtDate(d.decisionDate)}</div>
                </td>
                <td>
                  {d.signerName}
                  <div className="muted small">{d.signerPosition}</div>
                </td>
                <td>
                  {fmtDateTime(d.at)}
                  <div className="muted small">{d.by}</div>
                </td>
                <td className="right">{d.fileCount}</td>
                <td>
                  {d.blobsRemoved} / {d.blobsKept}
                  {d.blobsKept > 0 && <div className="muted small">giữ lại tệp còn dùng ở văn bản khác</div>}
                </td>
                <td>{d.notes}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows && rows.length === 0 && <div className="empty">Chưa tiêu hủy hồ sơ nào.</div>}
      </div>
    </div>
  );
}
