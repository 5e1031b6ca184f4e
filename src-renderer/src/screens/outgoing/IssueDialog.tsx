// "Cấp số và ban hành": the clerk picks the outgoing register (default: the one the core chooses for the document's
// type) and the issue date (default today); the number is allocated by the core in the issuing transaction.
// "Cấp số và ký số cơ quan" does the same and signs with the organisation's certificate (the seal) in one step: the
// register and date chosen here go with it, and the date must be today (the signature's date is the issue date).

import { useEffect, useState } from 'react';
import { OUT_REGISTER_KINDS, type OutgoingDetail, type OutRegisterConfig } from '../../../../src-shared/api/outgoing';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import type { SignResultDto } from '../../../../src-shared/api/signing';
import { todayVn } from '../../../../src-shared/calendar/vn-time';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { useSession } from '../../session';
import { Button, SelectField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { SignDialog } from '../signing/SignDialog';
import { isStale, mainPdfOf } from './common';

export function IssueDialog(props: {
  doc: OutgoingDetail;
  onClose: () => void;
  onIssued: (d: OutgoingDetail, number: string) => void;
  /** Issued and signed with the organisation's certificate: the caller reloads the document. */
  onSealed: (r: SignResultDto & { number: string }) => void;
  onStale: () => void;
}) {
  const { doc } = props;
  const { can } = useSession();
  const today = todayVn(Date.now());
  const [date, setDate] = useState(today);
  const [sealing, setSealing] = useState(false);
  const [registerId, setRegisterId] = useState('');
  const [registers, setRegisters] = useState<RegisterDto[]>([]);
  const [configs, setConfigs] = useState<OutRegisterConfig[]>([]);
  const { busy, error, setError, run } = useAction();
  const year = Number(date.slice(0, 4)) || Number(todayVn(Date.now()).slice(0, 4));

  useEffect(() => {
    call('registers.list', { direction: 'out', year }).then((rs) => setRegisters(rs.filter((r) => r.active)), setError);
    // The kinds are a help for choosing, not needed to issue: a failure here leaves the plain names.
    call('outgoing.registers', { year }).then(setConfigs, () => setConfigs([]));
  }, [year, setError]);

  const kindOf = (id: number) => configs.find((c) => c.registerId === id)?.kind;
  const issue = () =>
    run(async () => {
      try {
        const r = await call('outgoing.issue', { id: doc.id, version: doc.currentVersion, registerId: registerId ? Number(registerId) : undefined, issuedDate: date || undefined });
        props.onIssued(r.document, r.number);
        props.onClose();
      } catch (e) {
        if (isStale(e)) {
          props.onClose();
          props.onStale();
          return;
        }
        throw e;
      }
    });

  const pdf = mainPdfOf(doc);
  const canSeal = can('signing.use') && !!pdf;
  const registerName = registers.find((r) => String(r.id) === registerId)?.name;

  if (sealing)
    return (
      <SignDialog
        kind="organisation"
        title="Cấp số và ký số cơ quan"
        action="Cấp số và ký số"
        onClose={() => setSealing(false)}
        onSign={async (signer) => {
          try {
            const r = await call('signing.sealAndIssue', {
              outgoingId: doc.id,
              version: doc.currentVersion,
              registerId: registerId ? Number(registerId) : undefined,
              issuedDate: date,
              ...signer,
            });
            props.onSealed(r);
            props.onClose();
          } catch (e) {
            if (!isStale(e)) throw e;
            props.onClose();
            props.onStale();
          }
        }}
      >
        <p>
          <strong>{doc.typeName ?? 'Văn bản'}</strong> {doc.subject}
        </p>
        <p className="small">
          Sổ: {registerName ?? 'tự động theo loại văn bản'} · Ngày ban hành: <strong>{fmtDate(date)}</strong> · Tệp ký: {pdf?.fileName}
        </p>
        <p className="muted small">Hệ thống cấp số, ghi số và ngày vào văn bản rồi ký số bằng chứng thư của cơ quan; nếu ký không thành công thì chưa cấp số.</p>
      </SignDialog>
    );

  return (
    <Dialog
      title="Cấp số và ban hành"
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>Hủy</Button>
          <Button variant={canSeal ? undefined : 'primary'} busy={busy} onClick={() => void issue()}>
            {canSeal ? 'Cấp số, ban hành không ký số' : 'Cấp số, ban hành'}
          </Button>
          {canSeal && (
            <Button variant="primary" disabled={busy || date !== today} onClick={() => setSealing(true)}>
              Cấp số và ký số cơ quan
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        <ErrorBanner error={error} shownFields={['registerId', 'issuedDate']} />
        <p>
          <strong>{doc.typeName ?? 'Văn bản'}</strong> {doc.subject}
        </p>
        <SelectField
          label="Sổ văn bản đi"
          value={registerId}
          onChange={setRegisterId}
          error={fieldError(error, 'registerId')}
          options={[
            { value: '', label: 'Tự động theo loại văn bản (khuyên dùng)' },
            ...registers.map((r) => {
              const kind = kindOf(r.id);
              return { value: String(r.id), label: `${r.name}${kind ? ` — ${OUT_REGISTER_KINDS[kind]}` : ''} · số tiếp: ${String(r.lastNumber + 1).padStart(2, '0')}` };
            }),
          ]}
        />
        <DateField label="Ngày ban hành" required value={date} onChange={setDate} error={fieldError(error, 'issuedDate')} />
        {canSeal && date !== today && <div className="banner warn">Ký số cơ quan chỉ thực hiện được khi ngày ban hành là hôm nay ({fmtDate(today)}).</div>}
        {canSeal ? (
          <p className="muted small">“Cấp số, ban hành không ký số” để lại văn bản được đánh dấu “Chưa ký số”; có thể ký số cơ quan sau, trong ngày ban hành.</p>
        ) : (
          !doc.signed && (
            <div className="banner warn">
              {pdf ? 'Tài khoản này không dùng được token ký số trên máy này' : 'Tệp chính của văn bản không phải PDF nên không ký số được'}: văn bản được ban hành chưa ký số và
              được đánh dấu “Chưa ký số”.
            </div>
          )
        )}
        {doc.paperRequired && <div className="banner info">Có nơi nhận phải gửi kèm bản giấy: in, ký, đóng dấu và gửi bản giấy sau khi cấp số.</div>}
        <p className="muted small">Số được cấp liên tiếp trong sổ của năm, không trùng, không bỏ trống; số đã cấp không đổi được (thu hồi vẫn giữ số).</p>
      </div>
    </Dialog>
  );
}
