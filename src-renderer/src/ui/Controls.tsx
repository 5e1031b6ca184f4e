// Form controls with Vietnamese labels, required markers and per-field errors from the core's invalid_input.

import { useId, type ButtonHTMLAttributes, type ChangeEvent, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

export function Button(props: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'danger' | 'ghost'; small?: boolean; busy?: boolean; kbd?: string }) {
  const { variant, small, busy, kbd, children, className, disabled, type, ...rest } = props;
  const cls = ['btn', variant, small ? 'small' : '', className].filter(Boolean).join(' ');
  return (
    <button type={type ?? 'button'} className={cls} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <span className="spinner" aria-hidden />}
      {children}
      {kbd && <span className="kbd">{kbd}</span>}
    </button>
  );
}

interface FieldProps {
  label: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}

export function Field({ label, required, hint, error, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="req" aria-hidden>
            *
          </span>
        )}
      </label>
      {children(id, describedBy)}
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error" id={errId} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** What every labelled text control takes besides its element's own attributes. */
interface ControlProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  fieldClass?: string;
}

/** The attributes an input, textarea or select shares inside a Field. */
function control(id: string, describedBy: string | undefined, error: string | undefined, value: string, onChange: (v: string) => void) {
  return {
    id,
    className: 'input',
    value,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onChange(e.target.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & ControlProps;

export function TextField({ label, hint, error, value, onChange, required, fieldClass, ...rest }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={fieldClass}>
      {(id, describedBy) => <input {...control(id, describedBy, error, value, onChange)} aria-required={required || undefined} {...rest} />}
    </Field>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> & ControlProps;

export function TextAreaField({ label, hint, error, value, onChange, required, fieldClass, ...rest }: TextAreaFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={fieldClass}>
      {(id, describedBy) => <textarea {...control(id, describedBy, error, value, onChange)} {...rest} />}
    </Field>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & ControlProps & { options: Array<{ value: string; label: string }> };

export function SelectField({ label, hint, error, value, onChange, options, required, fieldClass, ...rest }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} required={required} className={fieldClass}>
      {(id, describedBy) => (
        <select {...control(id, describedBy, error, value, onChange)} {...rest}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox({ label, checked, onChange, disabled }: { label: ReactNode; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
