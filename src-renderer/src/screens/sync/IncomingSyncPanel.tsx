// An incoming document received through the hub, as its detail screen shows it: "Liên thông từ <cơ quan>", the
// sender's recall request with "Đồng ý thu hồi" / "Từ chối" (reason required), "Báo hoàn thành cho nơi gửi" once
// registered, and the statuses already sent back (01 Đã đến, 03 Đã tiếp nhận …). Nothing for other documents.

import { useCallback, useEffect, useState } from 'react';
import type { DocumentSyncDto } from '../../../../src-shared/api/sync';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { Button, TextAreaField } from '../../ui/Controls';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { onCoreEvent } from '../workflow/events';
import { OUTBOX_STATE, statusCodeLabel } from './common';

/**
 * sync.document of one document, read again when the sync state or the document changes; only asked when `wanted`
 * (a document that went through the hub), so the other documents' screens cost nothing more.
 */
export function useDocumentSync(documentId: number, wanted: boolean): { info: DocumentSyncDto | null; reload: () => void } {
  const [info, setInfo] = useState<DocumentSyncDto | null>(null);
  const reload = useCallback(
    () =>
      void call('sync.document', { documentId }).then(setInfo, () => {
        // Interconnection not available (or the document not known to it): the screen simply has nothing to add.
        setInfo(null);
      }),
    [documentId],
  );
  useEffect(() => {
    if (!wanted) return;
    reload();
    return onCoreEvent((name, data) => {
      if (name === 'sync.changed' || (name === 'document.changed' && (data as { id: number }).id === documentId)) reload();
    });
  }, [reload, documentId, wanted]);
  return { info, reload };
}

export function IncomingSyncPanel(props: { documentId: number; canAnswer: boolean; onRecalled: () => void; info: DocumentSyncDto | null; reload: () => void }) {
  const toast = useToast();
  const [dialog, setDialog] = useState<'agree' | 'refuse' | 'complete' | null>(null);
  const { info, reload } = props;
  if (!info?.received) return null;
  const { received, recall } = info;
  const open = recall && !recall.answer;

  return (
    <section className="card sync-in" aria-label="Liên thông">
      <div className="card-head wrap">
        <h2 className="grow">
          Liên thông từ <span className="sync-from">{received.fromName}</span> <span className="mono muted">({received.fromCode})</span>
        </h2>
        <span className="muted small">Nhận qua trục lúc {fmtDateTime(received.receivedAt)}</span>
        {info.canReportCompletion && (
          <Button small onClick={() => setDialog('complete')}>
            Báo hoàn thành cho nơi gửi
          </Button>
        )}
      </div>
      <div className="card-body stack">
        {open && (
          <div className="banner warn" role="alert">
            <div className="grow">
              <strong>Nơi gửi yêu cầu thu hồi văn bản này</strong> (lúc {fmtDateTime(recall.requestedAt)}).
              <div>Lý do: {recall.reason ?? <span className="muted">không nêu</span>}</div>
              {props.canAnswer ? (
                <div className="row wrap sync-recall-actions">
                  <Button variant="danger" onClick={() => setDialog('agree')}>
                    Đồng ý thu hồi
                  </Button>
                  <Button onClick={() => setDialog('refuse')}>Từ chối</Button>
                </div>
              ) : (
                <div className="small">Văn thư sẽ trả lời yêu cầu này.</div>
              )}
            </div>
          </div>
        )}
        {recall?.answer && (
          <div className={`banner ${recall.answer === 'agreed' ? 'info' : 'warn'}`} role="status">
            Nơi gửi đã yêu cầu thu hồi lúc {fmtDateTime(recall.requestedAt)}
            {recall.reason ? ` (${recall.reason})` : ''}; cơ quan đã {recall.answer === 'agreed' ? 'đồng ý' : 'từ chối'} lúc {fmtDateTime(recall.answeredAt)}.
          </div>
        )}
        <div>
          <h3>Trạng thái đã báo cho nơi gửi</h3>
          {info.statusesSent.length === 0 ? (
            <p className="muted">Chưa báo trạng thái nào.</p>
          ) : (
            <ol className="sync-trail" aria-label="Trạng thái đã báo cho nơi gửi">
              {info.statusesSent.map((s) => (
                <li key={`${s.code}-${s.at}`} className={s.state === 'sent' ? 'done' : s.state === 'failed' ? 'bad' : ''}>
                  <strong>{s.label || statusCodeLabel(s.code)}</strong> <span className="mono muted small">{s.code}</span> <time className="muted small">{fmtDateTime(s.at)}</time>{' '}
                  {s.state !== 'sent' && <span className={`badge ${OUTBOX_STATE[s.state].tone}`}>{OUTBOX_STATE[s.state].label}</span>}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      {(dialog === 'agree' || dialog === 'refuse') && (
        <RecallAnswerDialog
          agree={dialog === 'agree'}
          documentId={props.documentId}
          fromName={received.fromName}
          onClose={() => setDialog(null)}
          onDone={(agreed) => {
            toast('ok', agreed ? 'Đã đồng ý thu hồi; văn bản được gỡ và nơi gửi sẽ được báo.' : 'Đã từ chối thu hồi; nơi gửi sẽ được báo lý do.');
            if (agreed) props.onRecalled();
            else reload();
          }}
        />
      )}
      {dialog === 'complete' && (
        <CompletionDialog
          documentId={props.documentId}
          fromName={received.fromName}
          onClose={() => setDialog(null)}
          onDone={() => {
            toast('ok', `Đã báo hoàn thành cho ${received.fromName}.`);
            reload();
          }}
        />
      )}
    </section>
  );
}

function RecallAnswerDialog(props: { agree: boolean; documentId: number; fromName: string; onClose: () => void; onDone: (agreed: boolean) => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { busy, error, run } = useAction();
  const submit = () => {
    // A refusal is sent to the sender with its reason (16 Từ chối thu hồi): never without one.
    if (!props.agree && !reason.trim()) return setMissing(true);
    return run(async () => {
      const r = await call('sync.answerRecall', { documentId: props.documentId, agree: props.agree, reason: reason.trim() || null });
      props.onClose();
      props.onDone(r.agreed);
    });
  };
  return (
    <FormDialog
      formId="recall-answer"
      title={props.agree ? 'Đồng ý thu hồi văn bản' : 'Từ chối thu hồi văn bản'}
      action={props.agree ? 'Đồng ý thu hồi' : 'Từ chối thu hồi'}
      busy={busy}
      onClose={props.onClose}
      onSubmit={submit}
    >
      <ErrorBanner error={error} shownFields={['reason']} />
      <p>
        {props.agree
          ? `Văn bản sẽ được gỡ khỏi hệ thống của cơ quan (nhật ký vẫn ghi lại) và ${props.fromName} được báo “Đồng ý thu hồi”.`
          : `${props.fromName} được báo “Từ chối thu hồi” cùng lý do dưới đây; văn bản vẫn ở lại cơ quan.`}
      </p>
      <TextAreaField
        label={props.agree ? 'Ghi chú (không bắt buộc)' : 'Lý do từ chối'}
        required={!props.agree}
        value={reason}
        onChange={(v) => {
          setReason(v);
          setMissing(false);
        }}
        rows={3}
        maxLength={1000}
        error={missing ? 'Nhập lý do từ chối.' : fieldError(error, 'reason')}
        autoFocus
        onKeyDown={(e) => {
          // Enter sends (a reason is one sentence); Shift+Enter breaks the line.
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void submit();
          }
        }}
      />
    </FormDialog>
  );
}

function CompletionDialog(props: { documentId: number; fromName: string; onClose: () => void; onDone: () => void }) {
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const submit = () =>
    run(async () => {
      await call('sync.reportCompletion', { documentId: props.documentId, note: note.trim() || null });
      props.onClose();
      props.onDone();
    });
  return (
    <FormDialog formId="report-completion" title="Báo hoàn thành cho nơi gửi" action="Gửi báo hoàn thành" busy={busy} onClose={props.onClose} onSubmit={submit}>
      <ErrorBanner error={error} shownFields={['note']} />
      <p>{props.fromName} sẽ nhận trạng thái “06 Hoàn thành”: văn bản đã được giải quyết xong tại cơ quan.</p>
      <TextAreaField label="Ghi chú (không bắt buộc)" value={note} onChange={setNote} rows={2} maxLength={1000} error={fieldError(error, 'note')} autoFocus />
    </FormDialog>
  );
}
