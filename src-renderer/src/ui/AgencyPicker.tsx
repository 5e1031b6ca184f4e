// Issuing body field: type to search the agency directory (without diacritics), arrow keys + Enter to pick, or keep
// the typed name for a body that has no code (requirements: free text allowed).

import { useEffect, useId, useRef, useState } from 'react';
import type { AgencyDto } from '../../../src-shared/api/agencies';
import { call } from '../api';

export interface IssuerValue {
  agencyId: number | null;
  code: string | null;
  name: string;
}

export function AgencyPicker(props: {
  label: string;
  value: IssuerValue;
  onChange: (v: IssuerValue) => void;
  error?: string;
  required?: boolean;
  autoFocus?: boolean;
  onBlur?: () => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<AgencyDto[]>([]);
  const [active, setActive] = useState(0);
  const query = useRef('');
  const { value } = props;

  useEffect(() => {
    if (!open) return;
    const q = value.name;
    query.current = q;
    const t = setTimeout(() => {
      call('agencies.search', { query: q, limit: 8 }).then(
        (r) => {
          if (query.current === q) {
            setItems(r);
            setActive(0);
          }
        },
        () => setItems([]),
      );
    }, 120);
    return () => clearTimeout(t);
  }, [value.name, open]);

  const pick = (a: AgencyDto) => {
    props.onChange({ agencyId: a.id, code: a.code, name: a.name });
    setOpen(false);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!open || !items.length) return;
    if (e.key === 'ArrowDown') {
      setActive((i) => Math.min(items.length - 1, i + 1));
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      setActive((i) => Math.max(0, i - 1));
      e.preventDefault();
    } else if (e.key === 'Enter') {
      pick(items[active]);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      setOpen(false);
      e.stopPropagation();
    }
  };

  return (
    <div className="field combo">
      <label htmlFor={id}>
        {props.label}
        {props.required && (
          <span className="req" aria-hidden>
            *
          </span>
        )}
      </label>
      <input
        id={id}
        className="input"
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-invalid={props.error ? true : undefined}
        autoComplete="off"
        autoFocus={props.autoFocus}
        value={value.name}
        placeholder="Gõ tên hoặc mã cơ quan, không dấu cũng được"
        onChange={(e) => {
          props.onChange({ agencyId: null, code: null, name: e.target.value });
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setTimeout(() => setOpen(false), 150);
          props.onBlur?.();
        }}
        onKeyDown={onKeyDown}
      />
      {value.agencyId ? (
        <span className="hint">Trong danh mục{value.code ? `: mã ${value.code}` : ''}</span>
      ) : value.name ? (
        <span className="hint">Tên tự nhập (cơ quan chưa có trong danh mục)</span>
      ) : null}
      {props.error && <span className="error">{props.error}</span>}
      {open && items.length > 0 && (
        <ul className="combo-list" id={`${id}-list`} role="listbox">
          {items.map((a, i) => (
            <li
              key={a.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(a);
              }}
            >
              <span>{a.name}</span>
              {a.code && <span className="mono muted">{a.code}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
