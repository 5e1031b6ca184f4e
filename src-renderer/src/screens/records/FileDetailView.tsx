// One file (hồ sơ): its metadata, the documents in it (Mục lục order), who may see it, its history, and the actions
// its keeper, the archive and leaders have (add, remove, close, export, print the index, access and its approval).
// The core decides what is allowed; this screen only hides what the person cannot do.

import { useCallback, useEffect, useState } from 'react';
import { FILE_RIGHTS, type RecordFileDetailDto } from '../../../../src-shared/api/records';
import { call, saveFile } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { useSession } from '../../session';
import { Button } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { AddDocumentDialog } from './AddDocumentDialog';
import { docsPages, downloadBlob, FileStateBadge, RightsBadge, useFilesChanged } from './common';
import { AccessDialog, ApproveAccessDialog, CloseFileDialog, EditFileDialog, ExportDialog, ReopenFileDialog } from './FileDialogs';

type DialogName = 'add' | 'close' | 'edit' | 'reopen' | 'access' | 'approve' | 'export' | null;

const ACCESS_STATE = { pending: { label: 'Chờ duyệt', tone: 'orange' }, active: { label: 'Được xem', tone: 'green' }, revoked: { label: 'Đã thu hồi', tone: 'red' } } as const;

export function FileDetailView({ id }: { id: number }) {
  const { can } = useSession();
  const toast = useToast();
  const [f, setF] = useState<RecordFileDetailDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [printing, setPrinting] = useState(false);
  const load = useCallback(() => void call('files.get', { id }).then(setF, setError), [id]);
  useEffect(load, [load]);
  useFilesChanged(id, load);

  if (!f) return <ErrorBanner error={error} />;
  const open = f.state === 'open';
  const editable = f.canEdit && open;
  const pendingAccess = f.access.some((a) => a.state === 'pending') || f.pendingRights != null;
  const removingItem = f.items.find((i) => i.id === removing);

  const printIndex = () => {
    setPrinting(true);
    call('files.printIndex', { id: f.id })
      .then(saveFile, (e: Error) => toast('error', e.message))
      .finally(() => setPrinting(false));
  };

  return (
    <section aria-labelledby="file-title" className="stack">
      <div className="page-head wrap">
        <Button variant="ghost" small onClick={() => history.back()} aria-label="Quay lại">
          ‹ Quay lại
        </Button>
        <h1 id="file-title">Hồ sơ số {f.code}</h1>
        <FileStateBadge state={f.state} />
        <RightsBadge rights={f.rights} pending={f.pendingRights} />
      </div>
      <div className="rec-actions">
        {editable && (
          <Button variant="primary" onClick={() => setDialog('add')}>
            + Thêm văn bản
          </Button>
        )}
        {editable && <Button onClick={() => setDialog('edit')}>Sửa thông tin</Button>}
        {editable && <Button onClick={() => setDialog('close')}>Đóng hồ sơ</Button>}
        {f.state === 'closed' && can('records.archive') && <Button onClick={() => setDialog('reopen')}>Mở lại hồ sơ</Button>}
        <Button busy={printing} onClick={printIndex}>
          In mục lục
        </Button>
        {can('documents.export') && f.state !== 'disposed' && <Button onClick={() => setDialog('export')}>Xuất hồ sơ</Button>}
        {f.canEdit && f.state !== 'disposed' && <Button onClick={() => setDialog('access')}>Quyền truy cập</Button>}
        {can('fileplan.approve') && pendingAccess && (
          <Button variant="primary" onClick={() => setDialog('approve')}>
            Duyệt quyền truy cập
          </Button>
        )}
      </div>
      <ErrorBanner error={error} />
      {f.state === 'disposed' && (
        <div className="banner error">Hồ sơ đã tiêu hủy lúc {fmtDateTime(f.disposedAt)}: chỉ còn thông tin mô tả, nội dung tài liệu đã bị xóa theo quyết định.</div>
      )}
      {f.state === 'archived' && <div className="banner info">Hồ sơ đã nộp lưu vào Lưu trữ cơ quan lúc {fmtDateTime(f.transferredAt)}; không thêm, bớt văn bản được nữa.</div>}
      {pendingAccess && <div className="banner warn">Có thay đổi quyền truy cập đang chờ lãnh đạo duyệt.</div>}
      <div className="detail-grid">
        <div className="card card-body">
          <h2 className="subject-title">{f.title}</h2>
          <dl className="kv">
            <dt>Mã hồ sơ</dt>
            <dd className="mono">{f.fileCode}</dd>
            <dt>Số và ký hiệu</dt>
            <dd>{f.code}</dd>
            <dt>Năm hình thành</dt>
            <dd>{f.year}</dd>
            <dt>Thời hạn bảo quản</dt>
            <dd>{f.retentionLabel}</dd>
            <dt>Người lập hồ sơ</dt>
            <dd>
              {f.ownerName}
              {f.unitName ? ` — ${f.unitName}` : ''}
            </dd>
            <dt>Thời gian</dt>
            <dd>
              {fmtDate(f.startDate)} – {f.endDate ? fmtDate(f.endDate) : <span className="muted">đang lập</span>}
            </dd>
            <dt>Chế độ sử dụng</dt>
            <dd>
              {FILE_RIGHTS[f.rights]}
              {f.pendingRights && f.pendingRights !== f.rights && <span className="muted"> (đề nghị đổi thành {FILE_RIGHTS[f.pendingRights]}, chờ duyệt)</span>}
            </dd>
            <dt>Số lượng</dt>
            <dd>{docsPages(f.docTotal, f.pageTotal)}</dd>
            <dt>Ngôn ngữ</dt>
            <dd>{f.language}</dd>
            {f.description && (
              <>
                <dt>Mô tả, chú giải</dt>
                <dd className="prewrap">{f.description}</dd>
              </>
            )}
            {f.transferDueDate && (
              <>
                <dt>Hạn nộp lưu</dt>
                <dd>{fmtDate(f.transferDueDate)}</dd>
              </>
            )}
            {f.expiresAfterYear != null && (
              <>
                <dt>Bảo quản đến</dt>
                <dd>hết năm {f.expiresAfterYear}</dd>
              </>
            )}
          </dl>
        </div>
        <div className="stack">
          <div className="card card-body" aria-labelledby="file-access-title">
            <h3 id="file-access-title">Người được xem</h3>
            <p className="muted small">
              {f.rights === 'restricted'
                ? 'Hồ sơ hạn chế: người lập, lưu trữ cơ quan và những người, đơn vị dưới đây xem được.'
                : 'Hồ sơ không hạn chế: ai xem được văn bản thì xem được hồ sơ.'}
            </p>
            {f.access.length === 0 ? (
              <p className="muted">Chưa cấp quyền riêng cho ai.</p>
            ) : (
              <ul className="access-list">
                {f.access.map((a) => (
                  <li key={a.id}>
                    <span className={`badge ${ACCESS_STATE[a.state].tone}`}>{ACCESS_STATE[a.state].label}</span> <strong>{a.userName ?? a.unitName}</strong>
                    {a.unitId != null && <span className="muted"> (đơn vị)</span>}
                    <span className="muted small">
                      {' '}
                      — {a.requestedBy ?? 'hệ thống'}, {fmtDateTime(a.requestedAt)}
                      {a.decidedBy ? `; ${a.decidedBy} quyết định ${fmtDateTime(a.decidedAt)}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="card card-body">
            <h3>Lịch sử</h3>
            <ol className="timeline rec-history">
              {f.history.map((h, i) => (
                <li key={i}>
                  <span className="muted small">{fmtDateTime(h.at)}</span> {h.actor && <strong>{h.actor}</strong>} {h.text}
                </li>
              ))}
            </ol>
          </div>
        </div>
      </div>
      <div className="card">
        <div className="card-head">
          <h2>Mục lục văn bản ({f.items.length})</h2>
        </div>
        {f.items.length === 0 ? (
          <div className="empty">
            {editable ? 'Hồ sơ chưa có văn bản. Bấm "Thêm văn bản" để đưa văn bản đến, văn bản đi hoặc tài liệu khác vào hồ sơ.' : 'Hồ sơ không có văn bản.'}
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data rec-items">
              <thead>
                <tr>
                  <th className="right">STT</th>
                  <th>Số, ký hiệu</th>
                  <th>Ngày</th>
                  <th>Trích yếu nội dung</th>
                  <th>Tác giả</th>
                  <th className="right">Số trang</th>
                  {editable && <th className="actions" aria-label="Thao tác" />}
                </tr>
              </thead>
              <tbody>
                {f.items.map((it) => (
                  <tr key={it.id} className={it.disposed ? 'disposed' : ''}>
                    <td className="right">{it.ordinal}</td>
                    <td className="nowrap">{it.code ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">{fmtDate(it.issuedDate) || '—'}</td>
                    <td className="subject">
                      {it.typeName && <span className="type">{it.typeName} </span>}
                      {!it.visible ? (
                        <span className="muted">(văn bản hạn chế — bạn không có quyền xem nội dung)</span>
                      ) : it.kind !== 'other' && it.documentId ? (
                        <a href={`#/${it.kind === 'in' ? 'van-ban-den' : 'van-ban-di'}/${it.documentId}`}>{it.subject}</a>
                      ) : (
                        it.subject
                      )}
                      <span className="badge rec-kind">{it.kind === 'in' ? 'Đến' : it.kind === 'out' ? 'Đi' : 'Tài liệu khác'}</span>
                      {it.kind === 'other' && it.blobHash && it.fileName && !it.disposed && (
                        <button type="button" className="link" onClick={() => void downloadBlob(it.blobHash!, it.fileName!).catch((e: Error) => toast('error', e.message))}>
                          Tải {it.fileName}
                        </button>
                      )}
                      {it.warning && <div className="rec-warning small">⚠ {it.warning}</div>}
                      {it.disposed && <div className="muted small">Nội dung đã tiêu hủy.</div>}
                    </td>
                    <td>{it.issuerName ?? '—'}</td>
                    <td className="right">{it.pageCount ?? '—'}</td>
                    {editable && (
                      <td className="actions">
                        <Button small variant="ghost" aria-label={`Bỏ văn bản ${it.ordinal} khỏi hồ sơ`} onClick={() => setRemoving(it.id)}>
                          Bỏ
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {dialog === 'add' && <AddDocumentDialog file={f} onClose={() => setDialog(null)} onAdded={load} />}
      {dialog === 'edit' && <EditFileDialog file={f} onClose={() => setDialog(null)} onDone={load} />}
      {dialog === 'close' && <CloseFileDialog file={f} onClose={() => setDialog(null)} onDone={load} />}
      {dialog === 'reopen' && <ReopenFileDialog file={f} onClose={() => setDialog(null)} onDone={load} />}
      {dialog === 'access' && <AccessDialog file={f} onClose={() => setDialog(null)} onDone={setF} />}
      {dialog === 'approve' && <ApproveAccessDialog file={f} onClose={() => setDialog(null)} onDone={setF} />}
      {dialog === 'export' && <ExportDialog file={f} onClose={() => setDialog(null)} />}
      {removingItem && (
        <RemoveItemDialog
          label={`${removingItem.ordinal}. ${removingItem.code ?? ''} ${removingItem.subject}`}
          onClose={() => setRemoving(null)}
          onRemove={async () => {
            setF(await call('files.removeItem', { fileId: f.id, itemId: removingItem.id }));
            toast('ok', 'Đã bỏ văn bản khỏi hồ sơ.');
          }}
        />
      )}
    </section>
  );
}

function RemoveItemDialog({ label, onClose, onRemove }: { label: string; onClose: () => void; onRemove: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  return (
    <ActionDialog
      title="Bỏ văn bản khỏi hồ sơ"
      onClose={onClose}
      cancel="Không"
      action="Bỏ khỏi hồ sơ"
      danger
      busy={busy}
      onAction={() =>
        run(async () => {
          await onRemove();
          onClose();
        })
      }
    >
      <ErrorBanner error={error} />
      <p>
        Bỏ <strong>{label.trim()}</strong> khỏi hồ sơ? Văn bản vẫn còn trong sổ; các văn bản sau được đánh lại số thứ tự.
      </p>
    </ActionDialog>
  );
}
