// One incoming document: the arrival stamp, all metadata, the registration timeline (8-working-hour limit), the
// files with in-app preview, and the clerk's actions (edit, attach, void, register or refuse a pending one).
// A PDF shown has its digital signature panel; a pending one found invalid can be refused with the reason prefilled.

import { useCallback, useEffect, useState } from 'react';
import type { DocumentDetail } from '../../../../src-shared/api/documents';
import { formatCode, FILE_ROLES, RECEIVED_VIA, REFUSAL_REASONS, subjectStartsWithType, URGENCY_LABELS, type RefusalReason } from '../../../../src-shared/documents';
import { call, saveFile } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { Button, SelectField, TextField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { FileDrop, useAttachments } from '../../ui/FileDrop';
import { FilePreview } from '../../ui/FilePreview';
import { useAction } from '../../ui/useAction';
import { SignaturePanel } from '../signing/SignaturePanel';
import { CopyDialog } from '../signing/CopyDialog';
import { IncomingSyncPanel, useDocumentSync } from '../sync/IncomingSyncPanel';
import { RoutingPanel } from '../workflow/RoutingPanel';
import { AccessCard } from './AccessCard';
import { ArrivalStamp, fileSize, StatusBadge, UrgencyBadge } from './bits';
import { DocumentFilesCard } from '../records/DocumentFilesCard';

export function IncomingDetailView({ id }: { id: number }) {
  const { me, can } = useSession();
  const toast = useToast();
  const [d, setD] = useState<DocumentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [previewId, setPreviewId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<'void' | 'attach' | 'refuse' | 'copy' | null>(null);
  // "Trả lại" from the signature panel: the refusal opens with this reason.
  const [refuseText, setRefuseText] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);

  const load = useCallback(() => call('documents.get', { id }).then(setD, setError), [id]);
  // Routing changes who may see the document (the card below) and its handling state: both are read again.
  const [routed, setRouted] = useState(0);
  const onRouted = useCallback(() => {
    void load();
    setRouted((n) => n + 1);
  }, [load]);
  useEffect(() => void load(), [load]);
  // Received through the hub: the sender, a recall request, the statuses sent back (liên thông).
  const hub = useDocumentSync(id, d?.receivedVia === 'hub');
  useEffect(() => {
    if (d && previewId == null && d.files.length) setPreviewId(d.files[0].id);
  }, [d, previewId]);

  if (!d) return <ErrorBanner error={error} />;
  const preview = d.files.find((f) => f.id === previewId) ?? null;
  const clerk = can('incoming.register');
  // Bản sao điện tử: of the PDF on screen, else of the main PDF (the clerk holding the organisation's token).
  const copyFile = preview?.kind === 'pdf' ? preview : (d.files.find((f) => f.role === 'main' && f.kind === 'pdf') ?? null);
  const canCopy = d.status === 'registered' && !!copyFile && can('outgoing.issue') && can('signing.seal');
  const heading = d.status === 'pending' ? 'Văn bản chờ vào sổ' : d.status === 'refused' ? 'Văn bản đã từ chối tiếp nhận' : `Văn bản đến số ${d.arrivalNumber}`;

  return (
    <section aria-labelledby="doc-title" className="stack">
      <div className="page-head wrap">
        <Button variant="ghost" small onClick={() => history.back()} aria-label="Quay lại">
          ‹ Quay lại
        </Button>
        <h1 id="doc-title">{heading}</h1>
        <UrgencyBadge urgency={d.urgency} />
        {d.receivedVia === 'hub' && (
          <span className="badge blue" title="Văn bản điện tử nhận qua trục liên thông">
            Liên thông
          </span>
        )}
        <StatusBadge status={d.status} handling={d.handlingStatus} overdue={d.overdue} late={d.late} />
        {d.restricted && (
          <span className="badge purple" title="Chỉ người vào sổ và người, đơn vị được giao hoặc gửi để biết xem được">
            Hạn chế
          </span>
        )}
        <span className="spacer" />
        {clerk && d.status === 'pending' && (
          <>
            <Button variant="primary" onClick={() => navigate(`/van-ban-den/vao-so?tu=${d.id}`)}>
              Vào sổ
            </Button>
            <Button variant="danger" onClick={() => setDialog('refuse')}>
              Từ chối tiếp nhận
            </Button>
          </>
        )}
        {clerk && d.status === 'registered' && (
          <>
            <Button onClick={() => navigate(`/van-ban-den/${d.id}/sua`)}>Sửa</Button>
            <Button onClick={() => setDialog('attach')}>Đính kèm tệp</Button>
            <Button variant="danger" onClick={() => setDialog('void')}>
              Hủy số
            </Button>
          </>
        )}
        {d.status === 'registered' && can('outgoing.draft') && <Button onClick={() => navigate(`/van-ban-di/moi?replyTo=${d.id}`)}>Soạn văn bản trả lời</Button>}
        {canCopy && <Button onClick={() => setDialog('copy')}>Tạo bản sao điện tử</Button>}
        {d.status === 'registered' && (
          <Button
            busy={printing}
            onClick={() => {
              setPrinting(true);
              call('workflow.printSlip', { documentId: d.id })
                .then(saveFile, (e: Error) => toast('error', e.message))
                .finally(() => setPrinting(false));
            }}
          >
            In phiếu giải quyết
          </Button>
        )}
      </div>
      <ErrorBanner error={error} />
      {d.status === 'voided' && (
        <div className="banner error">
          Đã hủy số lúc {fmtDateTime(d.voidedAt)} bởi {d.voidedBy}: {d.voidReason}. Số đến {d.arrivalNumber} vẫn giữ trong sổ, không cấp lại.
        </div>
      )}
      {d.status === 'refused' && (
        <div className="banner error">
          Từ chối lúc {fmtDateTime(d.refusedAt)} bởi {d.refusedBy}: {d.refusalReason ? REFUSAL_REASONS[d.refusalReason] : ''}
          {d.refusalText ? ` — ${d.refusalText}` : ''}.
        </div>
      )}
      {d.receivedVia === 'hub' && (
        <IncomingSyncPanel
          documentId={d.id}
          canAnswer={clerk}
          info={hub.info}
          reload={hub.reload}
          onRecalled={() => navigate(d.status === 'pending' ? '/van-ban-den/cho-vao-so' : '/van-ban-den')}
        />
      )}
      <div className="detail-grid">
        <div className="card card-body">
          <h2 className="subject-title">
            {d.typeName && !subjectStartsWithType(d.typeName, d.subject) && <span className="type">{d.typeName}</span>}{' '}
            {d.subject || <span className="muted">(chưa nhập trích yếu)</span>}
          </h2>
          <dl className="kv">
            <dt>Cơ quan ban hành</dt>
            <dd>
              {d.issuerName || '—'} {d.issuerCode && <span className="mono muted">({d.issuerCode})</span>}
            </dd>
            <dt>Số, ký hiệu</dt>
            <dd>{formatCode(d.codeNumber, d.codeNotation) || '—'}</dd>
            <dt>Ngày văn bản</dt>
            <dd>{fmtDate(d.issuedDate) || '—'}</dd>
            <dt>Người ký</dt>
            <dd>{[d.signerPosition, d.signerName].filter(Boolean).join(' — ') || '—'}</dd>
            <dt>Độ khẩn</dt>
            <dd>
              {URGENCY_LABELS[d.urgency]}
              {d.urgentDeadlineAt ? ` — hẹn ${fmtDateTime(d.urgentDeadlineAt)}` : ''}
            </dd>
            <dt>Số trang, số bản</dt>
            <dd>{[d.pageCount ? `${d.pageCount} trang` : null, d.copies ? `${d.copies} bản` : null].filter(Boolean).join(', ') || '—'}</dd>
            <dt>Hình thức nhận</dt>
            <dd>{RECEIVED_VIA[d.receivedVia]}</dd>
            <dt>Sổ</dt>
            <dd>{d.registerName ?? '—'}</dd>
            <dt>Hạn xử lý</dt>
            <dd className={d.overdue ? 'late-cell' : ''}>{fmtDate(d.handlingDueDate) || '—'}</dd>
            {d.notes && (
              <>
                <dt>Ghi chú</dt>
                <dd className="prewrap">{d.notes}</dd>
              </>
            )}
            {d.oldArrivalNumber && (
              <>
                <dt>Số đến cũ</dt>
                <dd>{d.oldArrivalNumber} (sổ cũ, trước khi nhập)</dd>
              </>
            )}
            {d.edxmlDocumentId && (
              <>
                <dt>Mã văn bản liên thông</dt>
                <dd className="mono">{d.edxmlDocumentId}</dd>
              </>
            )}
          </dl>
        </div>
        <div className="stack">
          {d.status !== 'refused' && <ArrivalStamp stamp={d.stamp} />}
          <div className="card card-body">
            <h3>Thời hạn vào sổ (8 giờ làm việc)</h3>
            <ol className="timeline">
              <li>
                Nhận vào hệ thống: <strong>{fmtDateTime(d.receivedAt)}</strong>
              </li>
              {d.arrivalAt !== d.receivedAt && (
                <li>
                  Tính từ (ngoài giờ làm việc): <strong>{fmtDateTime(d.arrivalAt)}</strong>
                </li>
              )}
              <li>
                Hạn vào sổ: <strong>{fmtDateTime(d.registrationDueAt)}</strong>
              </li>
              {d.registeredAt && (
                <li className={d.late ? 'late-cell' : ''}>
                  Vào sổ: <strong>{fmtDateTime(d.registeredAt)}</strong> {d.registeredBy ? `— ${d.registeredBy}` : ''} {d.late ? '(muộn)' : ''}
                </li>
              )}
            </ol>
          </div>
          {d.status !== 'refused' && <AccessCard key={routed} documentId={d.id} restricted={d.restricted} />}
          {(d.status === 'registered' || d.status === 'voided') && <DocumentFilesCard documentId={d.id} canFile={d.status === 'registered'} />}
        </div>
      </div>
      {d.status === 'registered' && <RoutingPanel documentId={d.id} onChanged={onRouted} />}
      <div className="card files-card">
        <div className="card-head">
          <h2>Tệp ({d.files.length})</h2>
        </div>
        {d.files.length === 0 ? (
          <div className="empty">Chưa có tệp đính kèm.</div>
        ) : (
          <div className="files-view">
            <ul className="file-tabs" role="tablist">
              {d.files.map((f) => (
                <li key={f.id}>
                  <button type="button" role="tab" aria-selected={f.id === previewId} className={f.id === previewId ? 'active' : ''} onClick={() => setPreviewId(f.id)}>
                    <strong>{f.fileName}</strong>
                    <span className="muted small">
                      {FILE_ROLES[f.role]} · {fileSize(f.size)}
                      {f.textStatus === 'pending' ? ' · đang lập chỉ mục' : ''}
                    </span>
                    {f.macro && <span className="badge orange">Có macro</span>}
                  </button>
                </li>
              ))}
            </ul>
            {preview && (
              <div className="files-main">
                {preview.kind === 'pdf' && (
                  <SignaturePanel
                    key={preview.hash}
                    hash={preview.hash}
                    offerReason
                    onReturn={
                      clerk && d.status === 'pending'
                        ? (reason) => {
                            setRefuseText(reason);
                            setDialog('refuse');
                          }
                        : undefined
                    }
                  />
                )}
                <FilePreview key={`preview-${preview.hash}`} file={preview} desktop={me.desktop} />
              </div>
            )}
          </div>
        )}
      </div>
      {dialog === 'copy' && copyFile && (
        <CopyDialog
          documentId={d.id}
          label={`Văn bản số ${formatCode(d.codeNumber, d.codeNotation) || '—'} của ${d.issuerName}: ${d.subject}`}
          fileHash={copyFile.hash}
          fileName={copyFile.fileName}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'void' && (
        <ReasonDialog
          title={`Hủy số đến ${d.arrivalNumber}`}
          note="Số đã hủy vẫn giữ trong sổ (ghi rõ lý do), không cấp lại cho văn bản khác."
          confirm="Hủy số"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            setD(await call('incoming.void', { id: d.id, reason }));
            toast('ok', `Đã hủy số đến ${d.arrivalNumber}.`);
          }}
        />
      )}
      {dialog === 'refuse' && (
        <RefuseDialog
          id={d.id}
          initialText={refuseText}
          onClose={() => {
            setDialog(null);
            setRefuseText(null);
          }}
          onDone={(x) => {
            setD(x);
            hub.reload();
            toast('ok', x.receivedVia === 'hub' ? 'Đã từ chối tiếp nhận; lý do sẽ được gửi trả nơi gửi qua trục liên thông.' : 'Đã từ chối tiếp nhận văn bản.');
          }}
        />
      )}
      {dialog === 'attach' && (
        <AttachDialog
          id={d.id}
          onClose={() => setDialog(null)}
          onDone={(x) => {
            setD(x);
            toast('ok', 'Đã đính kèm tệp.');
          }}
        />
      )}
    </section>
  );
}

function ReasonDialog(props: { title: string; note: string; confirm: string; onClose: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      await props.onSubmit(reason);
      props.onClose();
    });
  return (
    <ActionDialog title={props.title} onClose={props.onClose} cancel="Không" action={props.confirm} danger busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reason']} />
      <p>{props.note}</p>
      <TextField label="Lý do" required value={reason} onChange={setReason} error={fieldError(error, 'reason')} onKeyDown={(e) => e.key === 'Enter' && void go()} />
    </ActionDialog>
  );
}

function RefuseDialog({ id, initialText, onClose, onDone }: { id: number; initialText?: string | null; onClose: () => void; onDone: (d: DocumentDetail) => void }) {
  // From an invalid digital signature: "không có giá trị pháp lý", with the checker's reason.
  const [reason, setReason] = useState<RefusalReason>(initialText ? 'not_valid' : 'wrong_recipient');
  const [text, setText] = useState(initialText ?? '');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      onDone(await call('incoming.refuse', { pendingId: id, reason, reasonText: text || null }));
      onClose();
    });
  return (
    <ActionDialog title="Từ chối tiếp nhận văn bản" onClose={onClose} cancel="Không" action="Từ chối" danger busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reasonText']} />
      <SelectField
        label="Lý do (PY 5.6)"
        value={reason}
        onChange={(v) => setReason(v as RefusalReason)}
        options={Object.entries(REFUSAL_REASONS).map(([value, label]) => ({ value, label }))}
      />
      <TextField label="Nội dung lý do" value={text} onChange={setText} required={reason === 'other'} error={fieldError(error, 'reasonText')} />
      <p className="muted">Văn bản từ chối không được cấp số đến; lý do được lưu lại và gửi trả cơ quan gửi khi có kết nối liên thông.</p>
    </ActionDialog>
  );
}

function AttachDialog({ id, onClose, onDone }: { id: number; onClose: () => void; onDone: (d: DocumentDetail) => void }) {
  const { files, setFiles, track, settled } = useAttachments();
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      const files = await settled();
      onDone(await call('incoming.attachFiles', { documentId: id, files: files.map(({ hash, fileName, role }) => ({ hash, fileName, role })) }));
      onClose();
    });
  return (
    <ActionDialog title="Đính kèm tệp" wide onClose={onClose} action="Đính kèm" busy={busy} actionDisabled={!files.length} onAction={go}>
      <ErrorBanner error={error} />
      <p className="muted">Bản quét bản giấy của văn bản điện tử đã nhận được đính kèm ở đây, không vào sổ lần hai (PY 5.5).</p>
      <FileDrop files={files} onChange={setFiles} onUploading={track} defaultRole="paper_copy" />
    </ActionDialog>
  );
}
