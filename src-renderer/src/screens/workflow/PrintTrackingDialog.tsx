// "Sổ theo dõi giải quyết văn bản đến" (standards §3.4) for a period, the whole office or one unit, as a PDF.

import { useState } from 'react';
import { addDays, todayVn } from '../../../../src-shared/calendar/vn-time';
import { call, saveFile } from '../../api';
import { SelectField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { useDirectory } from './common';

export function PrintTrackingDialog({ onClose }: { onClose: () => void }) {
  const today = todayVn(Date.now());
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(today);
  const [unitId, setUnitId] = useState('');
  const dir = useDirectory();
  const { busy, error, run } = useAction();
  const print = () =>
    run(async () => {
      saveFile(await call('workflow.printTracking', { from, to, unitId: unitId ? Number(unitId) : undefined }));
      onClose();
    });
  return (
    <ActionDialog title="In sổ theo dõi giải quyết văn bản đến" onClose={onClose} action="Tạo tệp PDF" busy={busy} actionDisabled={!from || !to} onAction={print}>
      <ErrorBanner error={error} shownFields={['from', 'to']} />
      <div className="grid-2">
        <DateField label="Từ ngày" required value={from} onChange={setFrom} error={fieldError(error, 'from')} />
        <DateField label="Đến ngày" required value={to} onChange={setTo} error={fieldError(error, 'to')} />
      </div>
      <SelectField
        label="Đơn vị"
        value={unitId}
        onChange={setUnitId}
        options={[{ value: '', label: 'Cả cơ quan' }, ...dir.units.map((u) => ({ value: String(u.id), label: u.name }))]}
      />
      <p className="muted">Sổ ghi văn bản đến trong khoảng thời gian, đơn vị, người được giao giải quyết, thời hạn và kết quả giải quyết.</p>
    </ActionDialog>
  );
}
