// Tiếp nhận nhanh: the moment paper arrives, the clerk records it (and scans it) in a few seconds; the 8-working-hour
// registration clock starts now and the document waits in "Chờ vào sổ" until fully registered.

import { useState } from 'react';
import { RECEIVED_VIA, URGENCY_LABELS, type ReceivedVia } from '../../../../src-shared/documents';
import { call } from '../../api';
import { fmtDateTime } from '../../format';
import { navigate } from '../../router';
import { Button, SelectField, TextAreaField, TextField } from '../../ui/Controls';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { FileDrop, useAttachments } from '../../ui/FileDrop';
import { useAction } from '../../ui/useAction';

export function ReceiveForm() {
  const toast = useToast();
  const [via, setVia] = useState<ReceivedVia>('paper');
  const [issuer, setIssuer] = useState('');
  const [subject, setSubject] = useState('');
  const [urgency, setUrgency] = useState('0');
  const [notes, setNotes] = useState('');
  const { files, setFiles, track, settled } = useAttachments();
  const { busy, error, run } = useAction();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    await run(async () => {
      // A scan still uploading is waited for, so it is received with the document.
      const files = await settled();
      const d = await call('incoming.receive', {
        receivedVia: via,
        issuerName: issuer || null,
        subject: subject || null,
        urgency: Number(urgency),
        notes: notes || null,
        files: files.map(({ hash, fileName, role }) => ({ hash, fileName, role })),
      });
      toast('ok', `Đã tiếp nhận. Hạn vào sổ: ${fmtDateTime(d.registrationDueAt)}.`);
      navigate('/van-ban-den/cho-vao-so');
    });
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="receive-title">
      <div className="page-head">
        <h1 id="receive-title">Tiếp nhận văn bản đến</h1>
        <span className="sub">Ghi nhận ngay khi nhận; vào sổ đầy đủ sau (trong 8 giờ làm việc)</span>
        <span className="spacer" />
        <Button onClick={() => navigate('/van-ban-den')}>Hủy</Button>
        <Button type="submit" variant="primary" busy={busy}>
          Tiếp nhận
        </Button>
      </div>
      <ErrorBanner error={error} />
      <fieldset className="card">
        <legend>Văn bản</legend>
        <div className="grid-3">
          <SelectField
            label="Hình thức nhận"
            value={via}
            onChange={(v) => setVia(v as ReceivedVia)}
            options={Object.entries(RECEIVED_VIA).map(([value, label]) => ({ value, label }))}
          />
          <TextField label="Cơ quan gửi" value={issuer} onChange={setIssuer} autoFocus />
          <SelectField label="Độ khẩn" value={urgency} onChange={setUrgency} options={URGENCY_LABELS.map((l, i) => ({ value: String(i), label: l }))} />
        </div>
        <TextAreaField label="Trích yếu (nếu đã biết)" value={subject} onChange={setSubject} rows={2} />
        <TextAreaField label="Ghi chú" value={notes} onChange={setNotes} rows={2} />
      </fieldset>
      <fieldset className="card">
        <legend>Bản quét, tệp kèm</legend>
        <FileDrop files={files} onChange={setFiles} onUploading={track} />
      </fieldset>
    </form>
  );
}
