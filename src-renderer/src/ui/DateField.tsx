// A date field typed the Vietnamese way (dd/mm/yyyy), independent of the browser's locale. Accepts shorthand a
// clerk types fast: "5/1/2026", "05012026", "5/1" (current year). Value out is YYYY-MM-DD or ''.

import { useEffect, useState } from 'react';
import { isValidDate } from '../../../src-shared/calendar/vn-time';
import { fmtDate } from '../format';
import { Field } from './Controls';

export function parseVnDate(s: string, thisYear = new Date().getFullYear()): string | null {
  const t = s.trim();
  if (!t) return '';
  let d: number, m: number, y: number;
  const parts = t.split(/[/.\-\s]+/).filter(Boolean);
  if (parts.length === 1 && /^\d{6}$|^\d{8}$/.test(parts[0])) {
    d = Number(t.slice(0, 2));
    m = Number(t.slice(2, 4));
    y = Number(t.slice(4));
    if (t.length === 6) y += 2000;
  } else if (parts.length === 3 || parts.length === 2) {
    [d, m] = parts.map(Number);
    y = parts.length === 3 ? Number(parts[2]) : thisYear;
    if (parts.length === 3 && parts[2].length === 2) y += 2000;
  } else return null;
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y)) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isValidDate(iso) ? iso : null;
}

export function DateField(props: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
  required?: boolean;
  error?: string;
  hint?: string;
  fieldClass?: string;
  autoFocus?: boolean;
}) {
  const [text, setText] = useState(fmtDate(props.value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText(fmtDate(props.value));
    setBad(false);
  }, [props.value]);
  const commit = () => {
    const iso = parseVnDate(text);
    if (iso === null) return setBad(true);
    setBad(false);
    setText(fmtDate(iso));
    if (iso !== props.value) props.onChange(iso);
  };
  return (
    <Field label={props.label} required={props.required} error={bad ? 'Ngày không hợp lệ (nhập dạng ngày/tháng/năm).' : props.error} hint={props.hint} className={props.fieldClass}>
      {(id, describedBy) => (
        <input
          id={id}
          className="input"
          placeholder="dd/mm/yyyy"
          inputMode="numeric"
          value={text}
          autoFocus={props.autoFocus}
          aria-invalid={bad || props.error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
    </Field>
  );
}
