// "In sổ": the register book for a period as a print-ready PDF (A4 landscape, the ten columns of Phụ lục IV).

import { useState } from 'react';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { call, saveFile } from '../../api';
import { SelectField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

export function PrintBookDialog({ registers, onClose }: { registers: RegisterDto[]; onClose: () => void }) {
  const incoming = registers.filter((r) => r.direction === 'in');
  const [chosen, setRegisterId] = useState('');
  // The list may still be loading when the dialog opens: default to the first register once it is there.
  const registerId = chosen || String(incoming[0]?.id ?? '');
  const reg = incoming.find((r) => String(r.id) === registerId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { busy, error, run } = useAction();

  const print = () =>
    run(async () => {
      saveFile(await call('registers.printBook', { registerId: Number(registerId), from: from || undefined, to: to || undefined }));
      onClose();
    });

  return (
    <ActionDialog title="In sổ đăng ký văn bản đến" onClose={onClose} action="Tạo tệp PDF" busy={busy} actionDisabled={!registerId} onAction={print}>
      <ErrorBanner error={error} shownFields={['to']} />
      <SelectField
        label="Sổ"
        value={registerId}
        onChange={setRegisterId}
        options={incoming.map((r) => ({ value: String(r.id), label: `${r.name} — năm ${r.year} (đến số ${r.lastNumber})` }))}
      />
      <div className="grid-2">
        <DateField label="Từ ngày" value={from} onChange={setFrom} hint={reg ? `Để trống: từ 01/01/${reg.year}` : undefined} />
        <DateField label="Đến ngày" value={to} onChange={setTo} error={fieldError(error, 'to')} hint={reg ? `Để trống: đến 31/12/${reg.year}` : undefined} />
      </div>
      <p className="muted">
        Sổ in khổ A4 nằm ngang, đủ 10 cột theo Phụ lục IV Nghị định 30/2020/NĐ-CP, có trang bìa; số đã hủy vẫn in kèm lý do. In ra, ký và đóng quyển theo quy định.
      </p>
    </ActionDialog>
  );
}
