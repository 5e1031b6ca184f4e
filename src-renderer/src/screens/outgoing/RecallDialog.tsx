// "Thu hồi": the issuer recalls an issued document with a reason; it is then frozen (read-only) and marked, the
// number stays used. Recipients are told once sync exists (the core records it).

import { useState } from 'react';
import type { OutgoingDetail } from '../../../../src-shared/api/outgoing';
import { call } from '../../api';
import { TextAreaField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

export function RecallDialog(props: { doc: OutgoingDetail; onClose: () => void; onDone: (d: OutgoingDetail) => void }) {
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      props.onDone(await call('outgoing.recall', { id: props.doc.id, reason }));
      props.onClose();
    });
  return (
    <ActionDialog title={`Thu hồi văn bản ${props.doc.code ?? ''}`} onClose={props.onClose} cancel="Không" action="Thu hồi" danger busy={busy} onAction={go}>
      <ErrorBanner error={error} shownFields={['reason']} />
      <p>Văn bản bị thu hồi được giữ nguyên, không sửa được; số {props.doc.code} vẫn giữ trong sổ, không cấp lại. Các nơi nhận sẽ được thông báo khi có kết nối liên thông.</p>
      <TextAreaField label="Lý do thu hồi" required value={reason} onChange={setReason} error={fieldError(error, 'reason')} rows={3} autoFocus />
    </ActionDialog>
  );
}
