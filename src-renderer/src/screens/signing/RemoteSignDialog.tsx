// Ký số từ xa (VNPT SmartCA, Viettel MySign …): sends the request (the PDF is hashed on the office's PC; only the
// hash goes to the provider), then shows "Đang chờ xác nhận trên điện thoại" with a countdown driven by the core's
// signing.remoteProgress events (and signing.remoteStatus when the dialog opens late or an event is missed), then the
// outcome. Closing the dialog does not cancel the request: the result also arrives as a notification.

import { useEffect, useState, type ReactNode } from 'react';
import type { RemoteLinkDto, RemoteSignState } from '../../../../src-shared/api/signing';
import { call } from '../../api';
import { Button } from '../../ui/Controls';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { onCoreEvent } from '../workflow/events';

/** The user's linked remote credential, or null (also when the user may not sign personally). */
export function useRemoteLink(enabled: boolean): RemoteLinkDto | null {
  const [link, setLink] = useState<RemoteLinkDto | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    call('signing.remoteLink', {})
      .then((l) => live && setLink(l))
      .catch(() => live && setLink(null));
    return () => {
      live = false;
    };
  }, [enabled]);
  return link;
}

type Progress = { requestId: string; state: RemoteSignState; remainingMs: number; message: string | null };

const fmtCountdown = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const OUTCOME: Record<Exclude<RemoteSignState, 'waiting' | 'signed'>, string> = {
  refused: 'Yêu cầu ký đã bị từ chối trên điện thoại. Văn bản chưa được ký.',
  expired: 'Hết thời gian chờ xác nhận trên điện thoại. Văn bản chưa được ký; có thể gửi lại yêu cầu.',
  failed: 'Không ký được.',
};

export function RemoteSignDialog(props: {
  outgoingId: number;
  version: number;
  link: RemoteLinkDto;
  children?: ReactNode;
  /** The signed main PDF's hash, once the provider returned the signature and the new version is recorded. */
  onSigned: (hash: string) => void;
  onClose: () => void;
}) {
  const { busy, error, run } = useAction();
  const [req, setReq] = useState<{ requestId: string; expiresAt: number } | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const { onSigned } = props;

  useEffect(() => {
    if (!req) return;
    const stop = onCoreEvent((name, data) => {
      const p = data as Progress & { documentId: number };
      if (name === 'signing.remoteProgress' && p.requestId === req.requestId) setProgress(p);
    });
    // The state as stored, in case the first events came before this listener.
    void call('signing.remoteStatus', { requestId: req.requestId })
      .then((s) => setProgress((p) => p ?? { requestId: s.requestId, state: s.state, remainingMs: s.expiresAt - Date.now(), message: s.message }))
      .catch(() => {});
    const tick = setInterval(() => setNow(Date.now()), 500);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, [req]);

  useEffect(() => {
    if (!req || progress?.state !== 'signed') return;
    void call('signing.remoteStatus', { requestId: req.requestId }).then((s) => s.hash && onSigned(s.hash));
  }, [req, progress?.state, onSigned]);

  const send = () =>
    run(async () => {
      setProgress(null);
      setReq(await call('signing.signPersonalRemote', { outgoingId: props.outgoingId, version: props.version }));
    });

  const state = progress?.state ?? (req ? 'waiting' : null);
  const remaining = req ? Math.max(0, req.expiresAt - now) : 0;
  const finished = state != null && state !== 'waiting';

  return (
    <Dialog
      title="Ký số từ xa"
      onClose={props.onClose}
      wide
      footer={
        <>
          <Button onClick={props.onClose}>{state === 'waiting' ? 'Đóng (vẫn chờ xác nhận)' : 'Đóng'}</Button>
          {(!req || (finished && state !== 'signed')) && (
            <Button variant="primary" busy={busy} onClick={() => void send()}>
              {req ? 'Gửi lại yêu cầu ký' : 'Gửi yêu cầu ký'}
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        {props.children}
        <p className="small">
          Ký bằng chứng thư <strong>{props.link.subject ?? props.link.credentialId}</strong> tại dịch vụ <strong>{props.link.providerName}</strong> (tài khoản{' '}
          {props.link.providerUserId}). Văn bản được tính giá trị băm trên máy của cơ quan; chỉ giá trị băm được gửi đi.
        </p>
        <ErrorBanner error={error} />
        {state === 'waiting' && (
          <div className="sig-progress" role="status" aria-live="polite">
            <span className="spinner" aria-hidden />
            <span>
              Đang chờ xác nhận trên điện thoại… Mở ứng dụng {props.link.providerName} để xác nhận. Còn{' '}
              {/* A timer is not read out on every tick (the status around it is announced once). */}
              <strong className="sig-countdown" role="timer" aria-label="thời gian còn lại">
                {fmtCountdown(remaining)}
              </strong>
            </span>
          </div>
        )}
        {state === 'signed' && (
          <div className="banner ok" role="status">
            Đã ký số từ xa thành công; phiên bản mới của văn bản đã được lưu.
          </div>
        )}
        {finished && state !== 'signed' && (
          <div className="banner error" role="alert">
            {state === 'failed' ? `${OUTCOME.failed} ${progress?.message ?? ''}` : OUTCOME[state]}
          </div>
        )}
      </div>
    </Dialog>
  );
}
