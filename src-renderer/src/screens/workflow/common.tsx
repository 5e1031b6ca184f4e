// Pieces the routing screens share: kind and due-date cells, the office directory (people and units, loaded once
// per screen), the person-or-unit picker, and opening an inbox item.

import { useEffect, useMemo, useState } from 'react';
import type { PersonDto, UnitDto } from '../../../../src-shared/api/accounts';
import { TASK_KINDS, TASK_STATUS, type AssigneeRef, type InboxItem, type TaskDto } from '../../../../src-shared/api/workflow';
import { daysBetween, todayVn } from '../../../../src-shared/calendar/vn-time';
import { call } from '../../api';
import { fmtDate } from '../../format';
import { navigate } from '../../router';
import { Field } from '../../ui/Controls';

export function KindBadge({ kind }: { kind: TaskDto['kind'] }) {
  const tone = kind === 'presented' || kind === 'lead' ? 'blue' : kind === 'issue' || kind === 'review' ? 'purple' : '';
  return <span className={`badge ${tone}`}>{TASK_KINDS[kind]}</span>;
}

export function TaskStatusBadge({ task }: { task: TaskDto }) {
  const tone = task.status === 'done' ? 'green' : task.status === 'returned' ? 'orange' : task.status === 'cancelled' ? '' : 'blue';
  return (
    <span className="badges">
      <span className={`badge ${tone}`}>{TASK_STATUS[task.status]}</span>
      {task.overdue && <span className="badge red">Quá hạn</span>}
    </span>
  );
}

/** Hạn xử lý: amber when due soon, red with "Quá hạn N ngày" when past. */
export function DueCell({ task }: { task: Pick<TaskDto, 'dueDate' | 'overdue' | 'dueSoon'> }) {
  if (!task.dueDate) return <span className="muted">Không hạn</span>;
  const late = task.overdue ? daysBetween(task.dueDate, todayVn(Date.now())) : 0;
  return (
    <span className={task.overdue ? 'due overdue' : task.dueSoon ? 'due soon' : 'due'}>
      {fmtDate(task.dueDate)}
      {task.overdue && late > 0 && <span className="due-note">Quá hạn {late} ngày</span>}
      {!task.overdue && task.dueSoon && <span className="due-note">Sắp đến hạn</span>}
    </span>
  );
}

export const assigneeName = (a: AssigneeRef): string => a.userName ?? a.unitName ?? '—';

export function openItem(item: Pick<InboxItem, 'id' | 'documentId' | 'direction' | 'unread'>): void {
  // Marking read does not hold up the navigation; a failure only leaves the row bold.
  if (item.unread) void call('workflow.open', { taskId: item.id }).catch(() => {});
  navigate(item.direction === 'out' ? `/van-ban-di/${item.documentId}` : `/van-ban-den/${item.documentId}`);
}

export interface Directory {
  people: PersonDto[];
  units: UnitDto[];
}

export function useDirectory(): Directory {
  const [people, setPeople] = useState<PersonDto[]>([]);
  const [units, setUnits] = useState<UnitDto[]>([]);
  useEffect(() => {
    void call('users.directory', {}).then(setPeople, () => {});
    void call('units.list', {}).then(
      (u) => setUnits(u.filter((x) => x.active)),
      () => {},
    );
  }, []);
  return useMemo(() => ({ people, units }), [people, units]);
}

/** A person or a unit, as the picker's value: "u:12" or "p:5"; '' = none. */
export type Target = string;
export const targetOf = (a: { userId?: number | null; unitId?: number | null }): Target => (a.unitId ? `u:${a.unitId}` : a.userId ? `p:${a.userId}` : '');
export function parseTarget(t: Target): { userId?: number; unitId?: number } {
  const [k, v] = t.split(':');
  return k === 'u' ? { unitId: Number(v) } : k === 'p' ? { userId: Number(v) } : {};
}
export function targetName(dir: Directory, t: Target): string {
  const { userId, unitId } = parseTarget(t);
  if (unitId) return dir.units.find((u) => u.id === unitId)?.name ?? `Đơn vị ${unitId}`;
  const p = dir.people.find((x) => x.id === userId);
  return p ? p.fullName : '';
}

/** One select with the units first, then the people (with position and unit), as the office directory lists them. */
export function TargetPicker(props: {
  label: string;
  value: Target;
  onChange: (t: Target) => void;
  dir: Directory;
  people?: PersonDto[];
  units?: boolean;
  required?: boolean;
  error?: string;
  exclude?: Target[];
  fieldClass?: string;
}) {
  const people = props.people ?? props.dir.people;
  const showUnits = props.units !== false;
  const ex = new Set(props.exclude ?? []);
  return (
    <Field label={props.label} required={props.required} error={props.error} className={props.fieldClass}>
      {(id, describedBy) => (
        <select
          id={id}
          className="input"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
        >
          <option value="">— Chọn —</option>
          {showUnits && props.dir.units.length > 0 && (
            <optgroup label="Đơn vị">
              {props.dir.units
                .filter((u) => !ex.has(`u:${u.id}`) || props.value === `u:${u.id}`)
                .map((u) => (
                  <option key={u.id} value={`u:${u.id}`}>
                    {u.name}
                  </option>
                ))}
            </optgroup>
          )}
          <optgroup label="Cá nhân">
            {people
              .filter((p) => !ex.has(`p:${p.id}`) || props.value === `p:${p.id}`)
              .map((p) => (
                <option key={p.id} value={`p:${p.id}`}>
                  {[p.fullName, p.position, p.unitName].filter(Boolean).join(' — ')}
                </option>
              ))}
          </optgroup>
        </select>
      )}
    </Field>
  );
}
