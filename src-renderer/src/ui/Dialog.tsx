// Modal dialog: Esc closes, focus moves in on open and returns on close, Tab stays inside. FormDialog and ActionDialog
// are the common cases: a form, or a question, with Hủy and one action button in the footer.

import { useEffect, useRef, type ComponentProps, type ReactNode } from 'react';
import { Button } from './Controls';

export function Dialog(props: { title: ReactNode; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean; labelledBy?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not([data-close]), [tabindex="0"]');
    (first ?? ref.current)?.focus();
    return () => previous?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      props.onClose();
    }
    if (e.key === 'Tab' && ref.current) {
      const items = [...ref.current.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href], [tabindex="0"]')].filter((el) => !el.hasAttribute('disabled'));
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        last.focus();
        e.preventDefault();
      } else if (!e.shiftKey && document.activeElement === last) {
        first.focus();
        e.preventDefault();
      }
    }
  };
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className={`dialog${props.wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={typeof props.title === 'string' ? props.title : undefined}
        ref={ref}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <header>
          <h2>{props.title}</h2>
          <button type="button" className="btn ghost small" data-close onClick={props.onClose} aria-label="Đóng">
            ✕
          </button>
        </header>
        <div className="body">{props.children}</div>
        {props.footer && <footer>{props.footer}</footer>}
      </div>
    </div>
  );
}

/** What FormDialog and ActionDialog share: a footer of a way out and then the one action button. */
interface OneActionProps {
  title: ReactNode;
  onClose: () => void;
  wide?: boolean;
  /** The action button's text. */
  action: ReactNode;
  busy?: boolean;
  actionDisabled?: boolean;
  children: ReactNode;
}

function footer(p: OneActionProps, button: ComponentProps<typeof Button>, cancel = 'Hủy') {
  return (
    <>
      <Button onClick={p.onClose}>{cancel}</Button>
      <Button {...button} busy={p.busy} disabled={p.actionDisabled}>
        {p.action}
      </Button>
    </>
  );
}

/** A dialog around one form: Enter in a field or the footer's primary button submits it; `onSubmit` gets no event. */
export function FormDialog({ formId, onSubmit, autoComplete, ...p }: OneActionProps & { formId: string; onSubmit: () => unknown; autoComplete?: 'off' }) {
  return (
    <Dialog title={p.title} onClose={p.onClose} wide={p.wide} footer={footer(p, { variant: 'primary', type: 'submit', form: formId })}>
      <form
        id={formId}
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit();
        }}
        autoComplete={autoComplete}
        noValidate
      >
        {p.children}
      </form>
    </Dialog>
  );
}

/** A dialog asking for one action, with Hủy (or `cancel`) beside it. */
export function ActionDialog({ onAction, danger, cancel, ...p }: OneActionProps & { onAction: () => unknown; danger?: boolean; cancel?: string }) {
  return (
    <Dialog title={p.title} onClose={p.onClose} wide={p.wide} footer={footer(p, { variant: danger ? 'danger' : 'primary', onClick: () => void onAction() }, cancel)}>
      <div className="stack">{p.children}</div>
    </Dialog>
  );
}
