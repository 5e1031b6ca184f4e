// "In sổ văn bản đi": the outgoing register of a year for a period as a print-ready PDF (the ten columns of Phụ lục IV).

import { useState } from 'react';
import type { RegisterDto } from '../../../../src-shared/api/registers';
import { call, saveFile } from '../../api';
import { SelectField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';

export function PrintOutgoingBookDialog({ registers, onClose }: { registers: RegisterDto[]; onClose: () => void }) {
  const outgoing = registers.filter((r) => r.direction === 'out');
  const [chosen, setChosen] = useState('');
  // The list may still be loading when the dialog opens: default to the default register, else the first, once there.
  const registerId = chosen || String((outgoing.find((r) => r.isDefault) ?? outgoing[0])?.id ?? '');
  const reg = outgoing.find((r) => String(r.id) === registerId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { busy, error, run } = useAction();

  const print = () =>
    run(async () => {
      saveFile(await call('outgoing.printRegister', { registerId: Number(registerId), from: from || undefined, to: to || undefined }));
      onClose();
    });

  return (
    <ActionDialog title="In sổ đăng ký văn bản đi" onClose={onClose} action="Tạo tệp PDF" busy={busy} actionDisabled={!registerId} onAction={print}>
      <ErrorBanner error={error} shownFields={['to']} />
      {outgoing.length === 0 ? (
        <p className="muted">Năm nay chưa có sổ văn bản đi. Sổ được tạo khi ban hành văn bản đầu tiên, hoặc trong Quản trị › Sổ văn bản.</p>
      ) : (
        <SelectField
          label="Sổ"
          value={registerId}
          onChange={setChosen}
          options={outgoing.map((r) => ({ value: String(r.id), label: `${r.name} — năm ${r.year} (đến số ${String(r.lastNumber).padStart(2, '0')})` }))}
        />
      )}
      <div className="grid-2">
        <DateField label="Từ ngày" value={from} onChange={setFrom} hint={reg ? `Để trống: từ 01/01/${reg.year}` : undefined} />
        <DateField label="Đến ngày" value={to} onChange={setTo} error={fieldError(error, 'to')} hint={reg ? `Để trống: đến 31/12/${reg.year}` : undefined} />
      </div>
      <p className="muted">
        Sổ in khổ A4 nằm ngang, đủ 10 cột theo Phụ lục IV Nghị định 30/2020/NĐ-CP; văn bản đã thu hồi vẫn in kèm ghi chú, số đã cấp không cấp lại. In ra, ký và đóng quyển theo quy
        định.
      </p>
    </ActionDialog>
  );
}
