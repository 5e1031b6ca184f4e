// Bút phê (a leader's directive) and the same shape for a unit head's hand-down: the words, who leads (chủ trì),
// who cooperates (phối hợp, each with its own deadline), who is told (để biết). A deadline is a date or a number of
// working days that the core counts on the office calendar. Field errors come back from the core beside each field.

import { useState } from 'react';
import type { PersonDto } from '../../../../src-shared/api/accounts';
import type { AssigneeInput } from '../../../../src-shared/api/workflow';
import { call } from '../../api';
import { Button, TextAreaField } from '../../ui/Controls';
import { DateField } from '../../ui/DateField';
import { FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { parseTarget, TargetPicker, targetName, type Directory, type Target } from './common';

export interface AssigneeDraft {
  target: Target;
  mode: 'date' | 'days';
  dueDate: string;
  days: string;
  note: string;
}

export const emptyAssignee = (mode: AssigneeDraft['mode'] = 'days'): AssigneeDraft => ({ target: '', mode, dueDate: '', days: '', note: '' });

export function toAssignee(a: AssigneeDraft): AssigneeInput {
  const days = Number(a.days);
  return {
    ...parseTarget(a.target),
    dueDate: a.mode === 'date' && a.dueDate ? a.dueDate : undefined,
    dueWorkingDays: a.mode === 'days' && a.days.trim() && Number.isFinite(days) ? days : undefined,
    note: a.note.trim() || null,
  };
}

/** The deadline of one assignee: a date, or N working days from today's directive. */
export function DueInput({ value, onChange, error, label = 'Hạn xử lý' }: { value: AssigneeDraft; onChange: (a: AssigneeDraft) => void; error?: string; label?: string }) {
  const name = label;
  return (
    <div className="due-input">
      <div className="segmented" role="radiogroup" aria-label={`${name}: cách tính`}>
        {(
          [
            ['days', 'Số ngày làm việc'],
            ['date', 'Đến ngày'],
          ] as const
        ).map(([m, text]) => (
          <label key={m} className={value.mode === m ? 'on' : ''}>
            <input type="radio" name={`due-${name}`} checked={value.mode === m} onChange={() => onChange({ ...value, mode: m })} />
            {text}
          </label>
        ))}
      </div>
      {value.mode === 'date' ? (
        <DateField label={name} value={value.dueDate} onChange={(v) => onChange({ ...value, dueDate: v })} error={error} />
      ) : (
        <div className="field">
          <label>
            {name} (ngày làm việc)
            <input
              className="input days-input"
              type="number"
              min={1}
              max={365}
              inputMode="numeric"
              value={value.days}
              aria-invalid={error ? true : undefined}
              onChange={(e) => onChange({ ...value, days: e.target.value })}
            />
          </label>
          <span className="hint">Tính theo lịch làm việc của cơ quan (trừ ngày nghỉ, lễ). Để trống: hạn xử lý của văn bản.</span>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

export interface DirectiveValue {
  text: string;
  lead: AssigneeDraft;
  cooperate: AssigneeDraft[];
  info: Target[];
}

export const emptyDirective = (): DirectiveValue => ({ text: '', lead: emptyAssignee(), cooperate: [], info: [] });

export function DirectiveFields(props: {
  value: DirectiveValue;
  onChange: (v: DirectiveValue) => void;
  dir: Directory;
  error: unknown;
  /** Whom work may go to: the whole office (bút phê) or one unit's staff (giao xử lý). */
  people?: PersonDto[];
  units?: boolean;
  textLabel: string;
  leadRequired?: boolean;
}) {
  const { value: v, onChange, dir, error } = props;
  const set = (patch: Partial<DirectiveValue>) => onChange({ ...v, ...patch });
  const chosen = [v.lead.target, ...v.cooperate.map((c) => c.target)].filter(Boolean);
  const [infoPick, setInfoPick] = useState<Target>('');
  return (
    <>
      <TextAreaField label={props.textLabel} value={v.text} onChange={(t) => set({ text: t })} error={fieldError(error, 'text')} rows={3} autoFocus />
      <fieldset className="assignee">
        <legend>Chủ trì</legend>
        <div className="grid-2 stack-phone">
          <TargetPicker
            label="Đơn vị, cá nhân chủ trì"
            value={v.lead.target}
            onChange={(t) => set({ lead: { ...v.lead, target: t } })}
            dir={dir}
            people={props.people}
            units={props.units}
            required={props.leadRequired}
            error={fieldError(error, 'lead.userId') ?? fieldError(error, 'lead.unitId') ?? fieldError(error, 'lead')}
            exclude={chosen}
          />
          <DueInput value={v.lead} onChange={(a) => set({ lead: a })} error={fieldError(error, 'lead.dueDate') ?? fieldError(error, 'lead.dueWorkingDays')} />
        </div>
      </fieldset>
      <fieldset className="assignee">
        <legend>Phối hợp</legend>
        {v.cooperate.length === 0 && <p className="muted small">Chưa có đơn vị, cá nhân phối hợp.</p>}
        {v.cooperate.map((c, i) => (
          <div key={i} className="cooperate-row grid-2 stack-phone">
            <TargetPicker
              label={`Phối hợp ${i + 1}`}
              value={c.target}
              onChange={(t) => set({ cooperate: v.cooperate.map((x, k) => (k === i ? { ...x, target: t } : x)) })}
              dir={dir}
              people={props.people}
              units={props.units}
              error={fieldError(error, `cooperate.${i}.userId`) ?? fieldError(error, `cooperate.${i}`)}
              exclude={chosen}
            />
            <div className="stack">
              <DueInput
                label={`Hạn phối hợp ${i + 1}`}
                value={c}
                onChange={(a) => set({ cooperate: v.cooperate.map((x, k) => (k === i ? a : x)) })}
                error={fieldError(error, `cooperate.${i}.dueDate`) ?? fieldError(error, `cooperate.${i}.dueWorkingDays`)}
              />
              <Button small variant="ghost" onClick={() => set({ cooperate: v.cooperate.filter((_, k) => k !== i) })} aria-label={`Bỏ phối hợp ${i + 1}`}>
                Bỏ
              </Button>
            </div>
          </div>
        ))}
        <div>
          <Button small onClick={() => set({ cooperate: [...v.cooperate, emptyAssignee()] })}>
            + Thêm phối hợp
          </Button>
        </div>
      </fieldset>
      <fieldset className="assignee">
        <legend>Để biết</legend>
        {v.info.length > 0 && (
          <ul className="chips">
            {v.info.map((t) => (
              <li key={t}>
                {targetName(dir, t)}
                <button type="button" aria-label={`Bỏ ${targetName(dir, t)}`} onClick={() => set({ info: v.info.filter((x) => x !== t) })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <TargetPicker
          label="Thêm người, đơn vị để biết"
          value={infoPick}
          dir={dir}
          people={props.people}
          units={props.units}
          exclude={[...v.info, ...chosen]}
          onChange={(t) => {
            if (t) set({ info: [...v.info, t] });
            setInfoPick('');
          }}
        />
      </fieldset>
    </>
  );
}

export function directiveInput(v: DirectiveValue) {
  return {
    text: v.text.trim() || null,
    lead: toAssignee(v.lead),
    cooperate: v.cooperate.filter((c) => c.target).map(toAssignee),
    info: v.info.map(parseTarget),
  };
}

/** Bút phê: the leader's directive on a document presented to them. */
export function DirectiveDialog({ documentId, dir, onClose, onDone }: { documentId: number; dir: Directory; onClose: () => void; onDone: (message: string) => void }) {
  const [v, setV] = useState<DirectiveValue>(emptyDirective);
  const { busy, error, run } = useAction();
  const go = () =>
    run(async () => {
      await call('workflow.direct', { documentId, ...directiveInput(v) });
      onDone(`Đã bút phê, giao ${targetName(dir, v.lead.target) || 'xử lý'} chủ trì.`);
      onClose();
    });
  return (
    <FormDialog title="Bút phê, giao xử lý" formId="directive-form" wide onClose={onClose} action="Gửi bút phê" busy={busy} onSubmit={go}>
      <ErrorBanner error={error} shownFields={shown(v)} />
      <DirectiveFields value={v} onChange={setV} dir={dir} error={error} textLabel="Nội dung bút phê" leadRequired />
    </FormDialog>
  );
}

/** The field paths shown beside their fields (the rest go to the banner). */
export function shown(v: DirectiveValue): string[] {
  const paths = ['text', 'lead', 'lead.userId', 'lead.unitId', 'lead.dueDate', 'lead.dueWorkingDays'];
  v.cooperate.forEach((_, i) => paths.push(`cooperate.${i}`, `cooperate.${i}.userId`, `cooperate.${i}.dueDate`, `cooperate.${i}.dueWorkingDays`));
  return paths;
}
