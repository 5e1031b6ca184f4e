// "Cấp số và ban hành": the clerk picks the outgoing register (default: the one the core chooses for the document's
// type) and the issue date (default today); the number is allocated by the core in the issuing transaction.

import { useEffect, useState } from 'react';
import { OUT_REGISTER_KINDS, type OutgoingDetail, type OutRegisterConfig } from '../../../../src-shared/api/outgoing';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { todayVn } from '../../../../src-shared/calendar/vn-time';
import { call } from '../../api';
import { SelectField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { isStale } from './common';

export function IssueDialog(props: { doc: OutgoingDetail; onClose: () => void; onIssued: (d: OutgoingDetail, number: string) => void; onStale: () => void }) {
  const { doc } = props;
  const [date, setDate] = useState(todayVn(Date.now()));
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

  return (
    <ActionDialog title="Cấp số và ban hành" onClose={props.onClose} action="Cấp số, ban hành" busy={busy} onAction={issue}>
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
      {!doc.signed && <div className="banner warn">Văn bản được ban hành chưa ký số (chức năng ký số sẽ có sau) và được đánh dấu “Chưa ký số”.</div>}
      {doc.paperRequired && <div className="banner info">Có nơi nhận phải gửi kèm bản giấy: in, ký, đóng dấu và gửi bản giấy sau khi cấp số.</div>}
      <p className="muted small">Số được cấp liên tiếp trong sổ của năm, không trùng, không bỏ trống; số đã cấp không đổi được (thu hồi vẫn giữ số).</p>
    </ActionDialog>
  );
}
