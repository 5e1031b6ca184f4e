// "Giao xử lý": a unit head passes the unit's task to the unit's staff with their own note and deadlines (part 2 of
// the Phiếu giải quyết văn bản đến). Only the unit's people are offered.

import { useState } from 'react';
import type { TaskDto } from '../../../../src-shared/api/workflow';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { useSession } from '../../session';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { assigneeName, targetName, type Directory } from './common';
import { DirectiveFields, directiveInput, emptyDirective, shown, type DirectiveValue } from './DirectiveForm';

export function HandDownDialog({ task, dir, onClose, onDone }: { task: TaskDto; dir: Directory; onClose: () => void; onDone: (message: string) => void }) {
  const [v, setV] = useState<DirectiveValue>(() => ({
    ...emptyDirective(),
    lead: { ...emptyDirective().lead, mode: task.dueDate ? 'date' : 'days', dueDate: task.dueDate ?? '' },
  }));
  const { busy, error, run } = useAction();
  const { me } = useSession();
  // A unit's task goes to that unit's people; a person's own task to the colleagues of their unit.
  const unitId = task.unitId ?? me.user.unitId;
  const staff = dir.people.filter((p) => p.unitId === unitId && p.id !== me.user.id);
  const go = () =>
    run(async () => {
      const input = directiveInput(v);
      await call('workflow.handDown', { taskId: task.id, text: input.text, lead: v.lead.target ? input.lead : undefined, cooperate: input.cooperate, info: input.info });
      onDone(`Đã giao ${targetName(dir, v.lead.target) || 'xử lý'}.`);
      onClose();
    });
  return (
    <FormDialog title={`Giao xử lý trong ${assigneeName(task)}`} formId="handdown-form" wide onClose={onClose} action="Giao xử lý" busy={busy} onSubmit={go}>
      <ErrorBanner error={error} shownFields={shown(v)} />
      {task.dueDate && <p className="muted small">Hạn của đơn vị: {fmtDate(task.dueDate)}. Hạn giao cho cán bộ không nên muộn hơn.</p>}
      <DirectiveFields value={v} onChange={setV} dir={dir} error={error} people={staff} units={false} textLabel="Ý kiến giao việc" leadRequired />
    </FormDialog>
  );
}
