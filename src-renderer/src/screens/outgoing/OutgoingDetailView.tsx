// One outgoing document or draft: status and number, the PDF of the version shown, the versions with their files,
// the review chain, recipients with delivery and reply tracking, and the actions of the person's step (edit,
// submit, approve / forward / return, issue, recall). Each decision sends the version on screen; a stale one is
// refused by the core and the screen offers the new version. Stacks into one column on a phone (4a).
// Digital signing: the leader's "Ký số" on an approved draft's main PDF, the clerk's "Cấp số và ký số cơ quan" (in
// the issue dialog) or "Ký số cơ quan" on a document issued unsigned; every PDF shown has its signature panel.

import { PlacementPicker, type Placement } from '../signing/PlacementPicker';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PersonDto } from '../../../../src-shared/api/accounts';
import {
  AUTHORITY,
  DELIVERY_STATUS,
  DRAFT_FILE_ROLES,
  type DeliveryStatus,
  type OutgoingDetail,
  type RecipientDto,
  type ReviewChainStep,
  type ReviewStepDto,
} from '../../../../src-shared/api/outgoing';
import type { VerificationReport } from '../../../../src-shared/api/signing';
import { todayVn } from '../../../../src-shared/calendar/vn-time';
import { subjectStartsWithType, URGENCY_LABELS } from '../../../../src-shared/documents';
import { call } from '../../api';
import { fmtDate, fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { Button, Field, TextAreaField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { FilePreview } from '../../ui/FilePreview';
import { useAction } from '../../ui/useAction';
import { fileSize, UrgencyBadge } from '../incoming/bits';
import { SignedBanner, type SignedNotice } from '../signing/common';
import { SignaturePanel } from '../signing/SignaturePanel';
import { RemoteSignDialog, useRemoteLink } from '../signing/RemoteSignDialog';
import { SignDialog } from '../signing/SignDialog';
import { CopyDialog } from '../signing/CopyDialog';
import { isStale, mainPdfOf, OutStatusBadge, PersonOptions, StaleBanner } from './common';
import { IssueDialog } from './IssueDialog';
import type { TimelineEvent } from '../../../../src-shared/api/workflow';
import { onCoreEvent } from '../workflow/events';
import { Timeline } from '../workflow/Timeline';
import { RecallDialog } from './RecallDialog';
import { HubDeliveriesCard } from '../sync/HubDeliveriesCard';
import { DocumentFilesCard } from '../records/DocumentFilesCard';

type DialogKind = 'submit' | 'approve' | 'forward' | 'return' | 'issue' | 'recall' | 'sign' | 'sign-remote' | 'seal' | 'copy';

const DECISION: Record<ReviewStepDto['decision'], { label: string; tone: string }> = {
  pending: { label: 'Đang chờ', tone: 'orange' },
  approved: { label: 'Đã duyệt', tone: 'green' },
  forwarded: { label: 'Đã chuyển tiếp', tone: 'blue' },
  returned: { label: 'Trả lại', tone: 'red' },
};

export function OutgoingDetailView({ id }: { id: number }) {
  const { me, can } = useSession();
  const toast = useToast();
  const [d, setD] = useState<OutgoingDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const [previewHash, setPreviewHash] = useState<string | null>(null);
  const [issuedNumber, setIssuedNumber] = useState<string | null>(null);
  const [signedNotice, setSignedNotice] = useState<SignedNotice | null>(null);
  // Where the leader put the signature on the preview; null = found from the signer's name.
  const [placement, setPlacement] = useState<Placement | null>(null);
  // Verification reports of the PDFs shown, by hash: tells whether the main file already carries a signature.
  const [reports, setReports] = useState<Record<string, VerificationReport>>({});
  const onReport = useCallback((hash: string, r: VerificationReport) => setReports((x) => ({ ...x, [hash]: r })), []);

  const load = useCallback(
    () =>
      call('outgoing.get', { id }).then((x) => {
        setD(x);
        setError(null);
      }, setError),
    [id],
  );
  useEffect(() => void load(), [load]);
  // Delivery moves without anyone here clicking (the hub's receipts and the recipients' statuses): an issued document
  // is read again. A draft is not: a reviewer deciding on what is on the screen must be told it changed (stale_version,
  // with "Tải phiên bản mới"), not see it swapped under the cursor.
  const issuedRef = useRef(false);
  issuedRef.current = d?.status === 'issued' || d?.status === 'recalled';
  useEffect(() => onCoreEvent((name, data) => name === 'document.changed' && (data as { id: number }).id === id && issuedRef.current && void load()), [load, id]);

  // A new detail (loaded, or returned by an action) shows its current version's main file again.
  const show = useCallback((x: OutgoingDetail) => {
    setD(x);
    setShownVersion(null);
    setPreviewHash(null);
  }, []);

  const reload = () => {
    setStale(false);
    setShownVersion(null);
    setPreviewHash(null);
    void load();
  };
  const onStale = () => setStale(true);

  // Remote signing: the linked credential (asked when the signing dialog opens) and the signed result's report.
  const remoteLink = useRemoteLink(dialog === 'sign' || dialog === 'sign-remote');
  const onRemoteSigned = useCallback(
    (hash: string) =>
      void call('signing.verify', { hash }).then(
        (report) => {
          setSignedNotice({ title: 'Đã ký số từ xa', result: { documentId: id, hash, report, timestampDeferred: false } });
          void load();
        },
        () => void load(),
      ),
    [id, load],
  );

  if (!d) return <ErrorBanner error={error} />;

  const version = d.versions.find((v) => v.version === (shownVersion ?? d.currentVersion)) ?? d.versions[d.versions.length - 1];
  const previewFile = version?.files.find((f) => f.hash === previewHash) ?? version?.files.find((f) => f.draftRole === 'main') ?? version?.files[0] ?? null;
  const pending = d.review.find((s) => s.decision === 'pending');
  const isDrafter = d.drafterId === me.user.id;
  const isReviewer = d.status === 'review' && pending?.reviewerId === me.user.id;
  const canDraft = can('outgoing.draft') && isDrafter && d.status === 'draft';
  const canIssue = can('outgoing.issue') && d.status === 'approved';
  const canRecall = can('outgoing.recall') && d.status === 'issued';
  const frozen = d.status === 'recalled';
  const mainPdf = mainPdfOf(d);
  const mainReport = mainPdf ? reports[mainPdf.hash] : undefined;
  const personallySigned = !!mainReport?.signatures.some((s) => s.kind === 'signature' && s.signer?.kind === 'personal');
  const canSignPersonal =
    can('signing.personal') && d.status === 'approved' && !!mainPdf && (d.signerUserId == null || d.signerUserId === me.user.id) && !personallySigned && !stale;
  const unsignedIssued = d.status === 'issued' && !d.signed;
  const canSealIssued = can('outgoing.issue') && can('signing.use') && unsignedIssued && !!mainPdf;
  const sealToday = d.issuedDate === todayVn(Date.now());
  // Bản sao điện tử of an issued document (the clerk who holds the organisation's token).
  const canCopy = can('outgoing.issue') && can('signing.seal') && d.status === 'issued' && !!mainPdf;
  const afterSigning = (notice: SignedNotice) => {
    setSignedNotice(notice);
    reload();
  };
  const heading = d.code ? `${d.typeName ?? 'Văn bản'} số ${d.code}` : d.status === 'draft' || d.status === 'review' ? 'Dự thảo văn bản đi' : 'Văn bản đi';

  return (
    <section aria-labelledby="out-title" className={`stack out-detail${frozen ? ' out-frozen' : ''}`}>
      <div className="page-head wrap out-head">
        <Button variant="ghost" small onClick={() => history.back()} aria-label="Quay lại">
          ‹ Quay lại
        </Button>
        <h1 id="out-title">{heading}</h1>
        <OutStatusBadge status={d.status} />
        <UrgencyBadge urgency={d.urgency} />
        {d.restricted && <span className="badge purple">Hạn chế</span>}
        {(d.status === 'issued' || d.status === 'recalled') && !d.signed && (
          <span className="badge orange" title="Văn bản đã ban hành nhưng chưa có chữ ký số của cơ quan">
            Chưa ký số
          </span>
        )}
      </div>
      {d.code && (
        <div className="out-number" aria-label="Số, ký hiệu văn bản">
          <span className="out-number-code">Số: {d.code}</span>
          {d.issuedDate && <span className="muted"> — ngày {fmtDate(d.issuedDate)}</span>}
          {d.registerName && <span className="muted small"> · {d.registerName}</span>}
        </div>
      )}
      {issuedNumber && d.status === 'issued' && (
        <div className="banner ok" role="status">
          <div>
            Đã cấp số và ban hành: <strong className="out-issued-number">{issuedNumber}</strong>
            {d.paperRequired ? '. Có nơi nhận phải gửi kèm bản giấy: in, ký, đóng dấu và gửi.' : '.'}
          </div>
        </div>
      )}
      {signedNotice && <SignedBanner notice={signedNotice} onClose={() => setSignedNotice(null)} />}
      {frozen && (
        <div className="banner error" role="status">
          <div>
            <strong>Đã thu hồi</strong> lúc {fmtDateTime(d.recalledAt)} bởi {d.recalledByName ?? '—'}: {d.recallReason}. Văn bản được giữ nguyên, không sửa được; số {d.code} vẫn
            giữ trong sổ.
          </div>
        </div>
      )}
      {stale && <StaleBanner onReload={reload} />}
      <ErrorBanner error={error} />
      {!frozen && (
        <div className="out-actions" role="toolbar" aria-label="Thao tác">
          {canDraft && (
            <>
              <Button variant="primary" onClick={() => setDialog('submit')}>
                Trình duyệt
              </Button>
              <Button onClick={() => navigate(`/van-ban-di/${d.id}/sua`)}>Sửa (phiên bản mới)</Button>
            </>
          )}
          {/* Only lãnh đạo cơ quan approve for issue; a unit head approves by passing the draft on. */}
          {isReviewer && (
            <>
              {/* After a stale_version refusal the decisions wait for the new version to be loaded. */}
              {can('workflow.direct') ? (
                <>
                  <Button variant="primary" disabled={stale} onClick={() => setDialog('approve')}>
                    Duyệt
                  </Button>
                  <Button disabled={stale} onClick={() => setDialog('forward')}>
                    Chuyển tiếp…
                  </Button>
                </>
              ) : (
                <Button variant="primary" disabled={stale} onClick={() => setDialog('forward')}>
                  Duyệt, chuyển lãnh đạo…
                </Button>
              )}
              <Button variant="danger" disabled={stale} onClick={() => setDialog('return')}>
                Trả lại
              </Button>
            </>
          )}
          {canSignPersonal && (
            <Button variant="primary" onClick={() => setDialog('sign')}>
              Ký số
            </Button>
          )}
          {canIssue && (
            <Button variant="primary" onClick={() => setDialog('issue')}>
              Cấp số và ban hành
            </Button>
          )}
          {canSealIssued &&
            (sealToday ? (
              <Button variant="primary" onClick={() => setDialog('seal')}>
                Ký số cơ quan
              </Button>
            ) : (
              <span className="muted small">Chưa ký số: ký số cơ quan chỉ làm được trong ngày ban hành ({fmtDate(d.issuedDate)}).</span>
            ))}
          {canCopy && <Button onClick={() => setDialog('copy')}>Tạo bản sao điện tử</Button>}
          {canRecall && (
            <Button variant="danger" onClick={() => setDialog('recall')}>
              Thu hồi
            </Button>
          )}
          {d.status !== 'issued' && d.holder && <span className="muted out-holder">Đang ở: {d.holder}</span>}
        </div>
      )}
      <div className="out-grid">
        <div className="card out-preview-card">
          <div className="card-head">
            <h2 className="grow">
              Phiên bản {version?.version ?? d.currentVersion}
              {version && version.version !== d.currentVersion && <span className="badge orange out-old">Phiên bản cũ</span>}
            </h2>
            {version && version.files.length > 1 && (
              <select className="input out-file-pick" aria-label="Tệp đang xem" value={previewFile?.hash ?? ''} onChange={(e) => setPreviewHash(e.target.value)}>
                {version.files.map((f) => (
                  <option key={f.hash} value={f.hash}>
                    {DRAFT_FILE_ROLES[f.draftRole]}: {f.fileName}
                  </option>
                ))}
              </select>
            )}
          </div>
          {previewFile?.kind === 'pdf' && <SignaturePanel key={previewFile.hash} hash={previewFile.hash} onReport={onReport} />}
          {/* Keyed by the file: a signed version's pages are drawn afresh, not left as the previous file's. */}
          {previewFile ? <FilePreview key={`preview-${previewFile.hash}`} file={previewFile} desktop={me.desktop} /> : <div className="empty">Phiên bản này chưa có tệp.</div>}
        </div>
        <div className="stack out-side">
          <div className="card card-body">
            <h2 className="subject-title">
              {d.typeName && !subjectStartsWithType(d.typeName, d.subject) && <span className="type">{d.typeName}</span>} {d.subject}
            </h2>
            <dl className="kv out-kv">
              <dt>Đơn vị soạn thảo</dt>
              <dd>{d.draftingUnitName ?? '—'}</dd>
              <dt>Người soạn</dt>
              <dd>{d.drafterName ?? '—'}</dd>
              <dt>Người ký</dt>
              <dd>{[d.authority ? `${d.authority} ${d.signerPosition ?? ''}`.trim() : d.signerPosition, d.signerName].filter(Boolean).join(' — ') || '—'}</dd>
              {d.authority && (
                <>
                  <dt>Quyền hạn ký</dt>
                  <dd>{AUTHORITY[d.authority]}</dd>
                </>
              )}
              <dt>Độ khẩn</dt>
              <dd>{URGENCY_LABELS[d.urgency]}</dd>
              <dt>Lưu</dt>
              <dd>{d.keepLine ? `Lưu: ${d.keepLine}` : '—'}</dd>
              <dt>Bản giấy</dt>
              <dd>{d.noPaper ? 'Không gửi văn bản giấy' : d.paperRequired ? 'Có nơi nhận phải gửi kèm bản giấy' : 'Theo nơi nhận'}</dd>
              {(d.pageCount || d.copies) && (
                <>
                  <dt>Số trang, số bản</dt>
                  <dd>{[d.pageCount ? `${d.pageCount} trang` : null, d.copies ? `${d.copies} bản` : null].filter(Boolean).join(', ')}</dd>
                </>
              )}
              {d.replyRequested && (
                <>
                  <dt>Yêu cầu trả lời</dt>
                  <dd>trước {fmtDate(d.replyDueDate)}</dd>
                </>
              )}
              {d.replyTo && (
                <>
                  <dt>Trả lời văn bản đến</dt>
                  <dd>
                    <a href={`#/van-ban-den/${d.replyTo.id}`}>{d.replyTo.code ?? `#${d.replyTo.id}`}</a> — {d.replyTo.subject}
                  </dd>
                </>
              )}
              {d.copyOf && (
                <>
                  <dt>Bản sao của</dt>
                  <dd>
                    <a href={`#/${d.copyOf.direction === 'in' ? 'van-ban-den' : 'van-ban-di'}/${d.copyOf.id}`}>{d.copyOf.code ?? `#${d.copyOf.id}`}</a> — {d.copyOf.subject}
                  </dd>
                </>
              )}
              {d.issuedByName && (
                <>
                  <dt>Ban hành</dt>
                  <dd>
                    {d.issuedByName}, {fmtDateTime(d.issuedAt)}
                  </dd>
                </>
              )}
              {d.notes && (
                <>
                  <dt>Ghi chú</dt>
                  <dd className="prewrap">{d.notes}</dd>
                </>
              )}
            </dl>
          </div>
          {(d.status === 'issued' || d.status === 'recalled') && <DocumentFilesCard documentId={d.id} canFile={d.status === 'issued'} />}
          <ReviewCard steps={d.review} />
          <VersionsCard doc={d} shown={version?.version ?? d.currentVersion} onShow={(v) => (setShownVersion(v), setPreviewHash(null))} />
        </div>
      </div>
      <RecipientsCard doc={d} canDeliver={can('outgoing.issue') && d.status === 'issued'} onChanged={show} />
      {/* Recipients in the agency directory are reached through the hub once the document is issued. */}
      <HubDeliveriesCard documentId={d.id} wanted={(d.status === 'issued' || d.status === 'recalled') && d.recipients.some((r) => r.agencyCode)} />
      <HistoryCard documentId={d.id} changedAt={d.updatedAt} />

      {dialog === 'submit' && (
        <SubmitDialog
          doc={d}
          onClose={() => setDialog(null)}
          onStale={onStale}
          onDone={(x) => {
            show(x);
            toast('ok', `Đã trình duyệt${x.holder ? `: ${x.holder}` : ''}.`);
          }}
        />
      )}
      {(dialog === 'approve' || dialog === 'forward') && (
        <ApproveDialog
          doc={d}
          forward={dialog === 'forward'}
          onClose={() => setDialog(null)}
          onStale={onStale}
          onDone={(x) => {
            show(x);
            toast('ok', dialog === 'forward' ? `Đã chuyển tiếp dự thảo${x.holder ? ` cho ${x.holder}` : ''}.` : 'Đã duyệt dự thảo.');
          }}
        />
      )}
      {dialog === 'return' && (
        <ReturnDialog
          doc={d}
          onClose={() => setDialog(null)}
          onStale={onStale}
          onDone={(x) => {
            show(x);
            toast('ok', 'Đã trả lại dự thảo cho người soạn.');
          }}
        />
      )}
      {dialog === 'issue' && (
        <IssueDialog
          doc={d}
          onClose={() => setDialog(null)}
          onStale={onStale}
          onIssued={(x, number) => {
            show(x);
            setIssuedNumber(number);
            toast('ok', `Đã ban hành văn bản số ${number}`);
          }}
          onSealed={(r) => {
            afterSigning({ title: 'Đã cấp số, ký số cơ quan và ban hành', number: r.number, result: r });
            toast('ok', `Đã ban hành văn bản số ${r.number} (đã ký số cơ quan)`);
          }}
        />
      )}
      {dialog === 'sign' && mainPdf && (
        <SignDialog
          kind="personal"
          title="Ký số văn bản"
          action="Ký số"
          onClose={() => setDialog(null)}
          alternative={
            remoteLink && (
              <div className="banner info row wrap">
                <span className="grow">Không có token? Ký bằng chứng thư số từ xa đã liên kết ({remoteLink.providerName}), xác nhận trên điện thoại.</span>
                <Button small onClick={() => setDialog('sign-remote')}>
                  Ký từ xa (SmartCA, MySign…)
                </Button>
              </div>
            )
          }
          onSign={async (signer) => {
            try {
              const r = await call('signing.signPersonal', { outgoingId: d.id, version: d.currentVersion, ...signer, placement: placement ?? undefined });
              setDialog(null);
              afterSigning({ title: 'Đã ký số văn bản', result: r });
              toast('ok', 'Đã ký số. Văn thư sẽ cấp số, ký số cơ quan và ban hành.');
            } catch (e) {
              if (!isStale(e)) throw e;
              setDialog(null);
              onStale();
            }
          }}
        >
          <p>
            <strong>{d.typeName ?? 'Văn bản'}</strong> {d.subject}
          </p>
          <p className="small">
            Phiên bản {d.currentVersion} · Tệp ký: {mainPdf.fileName}
            {d.signerName ? ` · Người ký: ${[d.signerPosition, d.signerName].filter(Boolean).join(' ')}` : ''}
          </p>
          <p className="muted small">Ảnh chữ ký của bạn (nếu đã đặt) được đặt tại ô chữ ký của văn bản; văn bản sau khi ký không sửa được nữa.</p>
          <details className="placement" onToggle={(e) => !(e.currentTarget as HTMLDetailsElement).open && setPlacement(null)}>
            <summary>Tự chọn vị trí chữ ký trên trang</summary>
            <PlacementPicker hash={mainPdf.hash} fileName={mainPdf.fileName} value={placement} onChange={setPlacement} />
          </details>
        </SignDialog>
      )}
      {dialog === 'sign-remote' && mainPdf && remoteLink && (
        <RemoteSignDialog
          outgoingId={d.id}
          version={d.currentVersion}
          link={remoteLink}
          onClose={() => {
            setDialog(null);
            reload();
          }}
          onSigned={onRemoteSigned}
        >
          <p>
            <strong>{d.typeName ?? 'Văn bản'}</strong> {d.subject}
          </p>
          <p className="small">
            Phiên bản {d.currentVersion} · Tệp ký: {mainPdf.fileName}
          </p>
        </RemoteSignDialog>
      )}
      {dialog === 'seal' && mainPdf && (
        <SignDialog
          kind="organisation"
          title="Ký số cơ quan"
          action="Ký số cơ quan"
          onClose={() => setDialog(null)}
          onSign={async (signer) => {
            const r = await call('signing.sealIssued', { outgoingId: d.id, ...signer });
            setDialog(null);
            afterSigning({ title: 'Đã ký số cơ quan', number: d.code ?? undefined, result: r });
            toast('ok', `Đã ký số cơ quan cho văn bản số ${d.code ?? ''}.`);
          }}
        >
          <p>
            <strong>{d.typeName ?? 'Văn bản'}</strong> số {d.code} ngày {fmtDate(d.issuedDate)}: {d.subject}
          </p>
          <p className="muted small">Văn bản đã được cấp số nhưng chưa ký số. Ký số bằng chứng thư của cơ quan (đóng dấu số) cho tệp {mainPdf.fileName}.</p>
        </SignDialog>
      )}
      {dialog === 'copy' && mainPdf && (
        <CopyDialog documentId={d.id} label={`${d.typeName ?? 'Văn bản'} số ${d.code ?? ''}: ${d.subject}`} fileName={mainPdf.fileName} onClose={() => setDialog(null)} />
      )}
      {dialog === 'recall' && (
        <RecallDialog
          doc={d}
          onClose={() => setDialog(null)}
          onDone={(x) => {
            show(x);
            toast('ok', `Đã thu hồi văn bản ${x.code ?? ''}.`);
          }}
        />
      )}
    </section>
  );
}

/** The document's whole processing history (drafted, versions, submitted, approved, issued, recalled …), from workflow.get. */
function HistoryCard({ documentId, changedAt }: { documentId: number; changedAt: number }) {
  const [events, setEvents] = useState<TimelineEvent[] | null>(null);
  const load = useCallback(
    () =>
      call('workflow.get', { documentId }).then(
        (w) => setEvents(w.timeline),
        () => setEvents([]),
      ),
    [documentId],
  );
  useEffect(() => void load(), [load, changedAt]);
  useEffect(() => onCoreEvent((name, data) => name === 'workflow.changed' && (data as { documentId: number }).documentId === documentId && void load()), [load, documentId]);
  return (
    <div className="card card-body">
      <h3>Quá trình xử lý</h3>
      {events ? <Timeline events={events} /> : <p className="muted">Đang tải…</p>}
    </div>
  );
}

function ReviewCard({ steps }: { steps: ReviewStepDto[] }) {
  return (
    <div className="card card-body">
      <h3>Quá trình duyệt</h3>
      {steps.length === 0 ? (
        <p className="muted">Chưa trình duyệt.</p>
      ) : (
        <ol className="out-review">
          {steps.map((s) => (
            <li key={s.id}>
              <div className="row wrap">
                <strong>{s.reviewerName}</strong>
                <span className={`badge ${DECISION[s.decision].tone}`}>{DECISION[s.decision].label}</span>
                <span className="muted small">
                  phiên bản {s.version}
                  {s.at ? ` · ${fmtDateTime(s.at)}` : ''}
                </span>
              </div>
              {s.note && <div className="prewrap out-note">{s.note}</div>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function VersionsCard({ doc, shown, onShow }: { doc: OutgoingDetail; shown: number; onShow: (v: number) => void }) {
  const versions = [...doc.versions].sort((a, b) => b.version - a.version);
  return (
    <div className="card card-body">
      <h3>Các phiên bản ({doc.versions.length})</h3>
      <ul className="out-versions">
        {versions.map((v) => (
          <li key={v.version} className={v.version === shown ? 'active' : ''}>
            <div className="row wrap">
              <strong>Phiên bản {v.version}</strong>
              {v.version === doc.currentVersion && <span className="badge blue">Hiện hành</span>}
              <span className="muted small">
                {v.byName ?? '—'} · {fmtDateTime(v.at)}
              </span>
              <span className="spacer" />
              {v.version !== shown && (
                <Button small onClick={() => onShow(v.version)} aria-label={`Xem tệp phiên bản ${v.version}`}>
                  Xem
                </Button>
              )}
            </div>
            {v.note && <div className="prewrap out-note">{v.note}</div>}
            <ul className="out-version-files">
              {v.files.map((f) => (
                <li key={f.hash} className="small">
                  {DRAFT_FILE_ROLES[f.draftRole]}: {f.fileName} <span className="muted">({fileSize(f.size)})</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What the clerk records by hand (outgoing.setDelivery). The answers to a recall (15, 16) arrive only from the hub:
 * shown, never chosen.
 */
const MANUAL_DELIVERY = ['pending', 'sent', 'arrived', 'accepted', 'refused', 'processing', 'done'] as const;
type ManualDelivery = (typeof MANUAL_DELIVERY)[number];
const isManual = (s: DeliveryStatus): s is ManualDelivery => (MANUAL_DELIVERY as readonly string[]).includes(s);
/** Badge tones by delivery state (keyed by string: the hub adds states the manual list does not have). */
const DELIVERY_TONE: Record<string, string> = { pending: '', refused: 'red', recall_refused: 'red', recalled: 'blue' };

function RecipientsCard({ doc, canDeliver, onChanged }: { doc: OutgoingDetail; canDeliver: boolean; onChanged: (d: OutgoingDetail) => void }) {
  const toast = useToast();
  const { busy, error, run } = useAction();
  const setDelivery = (r: RecipientDto, status: ManualDelivery) =>
    run(async () => {
      onChanged(await call('outgoing.setDelivery', { id: doc.id, recipientId: r.id, status }));
      toast('ok', `${r.name}: ${DELIVERY_STATUS[status].toLowerCase()}.`);
    });
  const issued = doc.status === 'issued' || doc.status === 'recalled';
  return (
    <div className="card">
      <div className="card-head">
        <h2>Nơi nhận ({doc.recipients.length})</h2>
        {doc.replyRequested && <span className="muted">Yêu cầu trả lời trước {fmtDate(doc.replyDueDate)}</span>}
      </div>
      <ErrorBanner error={error} />
      {doc.recipients.length === 0 ? (
        <div className="empty">Chưa có nơi nhận.</div>
      ) : (
        <div className="table-wrap">
          <table className="data out-recipients-table">
            <thead>
              <tr>
                <th>Nơi nhận</th>
                <th>Bản giấy</th>
                {issued && <th>Tình trạng gửi</th>}
                {doc.replyRequested && issued && <th>Trả lời</th>}
                {canDeliver && <th className="right">Ghi nhận</th>}
              </tr>
            </thead>
            <tbody>
              {doc.recipients.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    {r.agencyCode && <span className="mono muted"> {r.agencyCode}</span>}
                  </td>
                  <td>{r.paper ? <span className="badge orange">Gửi kèm bản giấy</span> : <span className="muted">—</span>}</td>
                  {issued && (
                    <td>
                      <span className={`badge ${DELIVERY_TONE[r.delivery] ?? 'green'}`}>{DELIVERY_STATUS[r.delivery]}</span>
                      {r.deliveryAt && <div className="muted small">{fmtDateTime(r.deliveryAt)}</div>}
                    </td>
                  )}
                  {doc.replyRequested && issued && (
                    <td>
                      {r.replyDocumentId ? (
                        <a href={`#/van-ban-den/${r.replyDocumentId}`}>Đã trả lời</a>
                      ) : r.replyOverdue ? (
                        <span className="badge red">Quá hạn trả lời</span>
                      ) : (
                        <span className="muted">Chưa trả lời</span>
                      )}
                    </td>
                  )}
                  {canDeliver && (
                    <td className="actions">
                      {r.delivery === 'pending' ? (
                        <Button small busy={busy} onClick={() => void setDelivery(r, 'sent')} aria-label={`Ghi nhận đã gửi cho ${r.name}`}>
                          Ghi nhận đã gửi
                        </Button>
                      ) : isManual(r.delivery) ? (
                        <select
                          className="input out-delivery"
                          aria-label={`Tình trạng gửi cho ${r.name}`}
                          value={r.delivery}
                          disabled={busy}
                          onChange={(e) => void setDelivery(r, e.target.value as ManualDelivery)}
                        >
                          {MANUAL_DELIVERY.map((value) => (
                            <option key={value} value={value}>
                              {DELIVERY_STATUS[value]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className="muted small">Theo trạng thái nơi nhận báo về</span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The directory, for the dialogs that choose a person. */
function usePeople(): PersonDto[] {
  const [people, setPeople] = useState<PersonDto[]>([]);
  useEffect(() => {
    call('users.directory', {}).then(setPeople, () => setPeople([]));
  }, []);
  return people;
}

interface StepDialogProps {
  doc: OutgoingDetail;
  onClose: () => void;
  onDone: (d: OutgoingDetail) => void;
  onStale: () => void;
}

/** Runs a decision; a stale_version refusal closes the dialog and shows the banner with "Tải phiên bản mới". */
function useDecision(p: StepDialogProps) {
  const action = useAction();
  const decide = (fn: () => Promise<OutgoingDetail>) =>
    action.run(async () => {
      try {
        p.onDone(await fn());
        p.onClose();
      } catch (e) {
        if (!isStale(e)) throw e;
        p.onClose();
        p.onStale();
      }
    });
  return { ...action, decide };
}

/**
 * Trình duyệt: the core finds the first reviewer of the office's chain (the unit's head, or the only leader); when
 * there are several to choose from it asks for `reviewerId`, and only then is the choice shown.
 */
function SubmitDialog(p: StepDialogProps) {
  const people = usePeople();
  const [chain, setChain] = useState<ReviewChainStep[] | null>(null);
  const [leaderId, setLeaderId] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, decide } = useDecision(p);
  const [needsLeader, setNeedsLeader] = useState(false);
  useEffect(() => {
    call('outgoing.reviewChain', {}).then(setChain, () => setChain([]));
  }, []);
  useEffect(() => {
    if (fieldError(error, 'reviewerId')) setNeedsLeader(true);
  }, [error]);
  const go = () => decide(() => call('outgoing.submit', { id: p.doc.id, version: p.doc.currentVersion, reviewerId: leaderId ? Number(leaderId) : undefined, note: note || null }));
  return (
    <ActionDialog title={`Trình duyệt dự thảo (phiên bản ${p.doc.currentVersion})`} onClose={p.onClose} action="Trình duyệt" busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reviewerId', 'note']} />
      {chain && chain.length > 0 && <p>Quy trình duyệt: {chain.map((s) => s.label).join(' → ')} → văn thư ban hành.</p>}
      {needsLeader && (
        <Field label="Người duyệt" required error={fieldError(error, 'reviewerId')}>
          {(id, describedBy) => (
            <select id={id} className="input" aria-describedby={describedBy} value={leaderId} onChange={(e) => setLeaderId(e.target.value)}>
              <option value="">— Chọn người duyệt —</option>
              <PersonOptions people={people} exclude={[p.doc.drafterId ?? 0]} />
            </select>
          )}
        </Field>
      )}
      <TextAreaField label="Ý kiến kèm theo" value={note} onChange={setNote} rows={2} error={fieldError(error, 'note')} />
    </ActionDialog>
  );
}

function ApproveDialog(p: StepDialogProps & { forward: boolean }) {
  const { me } = useSession();
  const people = usePeople();
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const { busy, error, decide } = useDecision(p);
  const go = () => decide(() => call('outgoing.approve', { id: p.doc.id, version: p.doc.currentVersion, note: note || null, forwardTo: p.forward && to ? Number(to) : undefined }));
  return (
    <ActionDialog
      title={p.forward ? 'Chuyển tiếp dự thảo' : `Duyệt dự thảo (phiên bản ${p.doc.currentVersion})`}
      onClose={p.onClose}
      action={p.forward ? 'Chuyển tiếp' : 'Duyệt'}
      busy={busy}
      actionDisabled={p.forward && !to}
      onAction={go}
    >
      <ErrorBanner error={error} shownFields={p.forward ? ['forwardTo', 'note'] : ['note']} />
      {p.forward ? (
        <Field label="Chuyển cho" required error={fieldError(error, 'forwardTo')} hint="Người duyệt tiếp theo, ví dụ lãnh đạo cơ quan.">
          {(id, describedBy) => (
            <select id={id} className="input" aria-describedby={describedBy} value={to} onChange={(e) => setTo(e.target.value)} autoFocus>
              <option value="">— Chọn người duyệt tiếp —</option>
              <PersonOptions people={people} exclude={[me.user.id]} />
            </select>
          )}
        </Field>
      ) : (
        <p>Duyệt phiên bản {p.doc.currentVersion} bạn đang xem; dự thảo được chuyển bước tiếp theo của quy trình, hoặc chuyển văn thư ban hành.</p>
      )}
      <TextAreaField label="Ý kiến" value={note} onChange={setNote} rows={2} error={fieldError(error, 'note')} />
    </ActionDialog>
  );
}

function ReturnDialog(p: StepDialogProps) {
  const [reason, setReason] = useState('');
  const { busy, error, decide } = useDecision(p);
  const go = () => decide(() => call('outgoing.return', { id: p.doc.id, version: p.doc.currentVersion, reason }));
  return (
    <ActionDialog title="Trả lại dự thảo" onClose={p.onClose} cancel="Không" action="Trả lại" danger busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reason']} />
      <TextAreaField label="Ý kiến, lý do trả lại" required value={reason} onChange={setReason} rows={3} error={fieldError(error, 'reason')} autoFocus />
    </ActionDialog>
  );
}
