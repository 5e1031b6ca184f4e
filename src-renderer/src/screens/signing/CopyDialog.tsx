// "Tạo bản sao điện tử": the clerk picks the form (sao y, sao lục, trích sao — with a note for a trích sao), then
// signs with the organisation's certificate in the usual SignDialog; the result shows the copy's number (its own
// sequence, 03/SY-UBND) and a link to it. The core takes the number only after the PIN is accepted.

import { useId, useState } from 'react';
import type { OutputOf } from '../../../../src-shared/api';
import { call } from '../../api';
import { Button, TextAreaField } from '../../ui/Controls';
import { Dialog, FormDialog } from '../../ui/Dialog';
import { SignDialog } from './SignDialog';

type Form = 'SY' | 'SL' | 'TrS';
const FORMS: Array<{ value: Form; label: string; hint: string }> = [
  { value: 'SY', label: 'Sao y', hint: 'Sao đầy đủ, chính xác nội dung của bản gốc hoặc bản chính.' },
  { value: 'SL', label: 'Sao lục', hint: 'Sao đầy đủ, chính xác nội dung của bản sao y.' },
  { value: 'TrS', label: 'Trích sao', hint: 'Sao một phần nội dung của bản gốc hoặc bản chính.' },
];

export function CopyDialog(props: {
  documentId: number;
  label: string;
  /** The PDF copied; absent = the document's main file. */
  fileHash?: string;
  fileName: string;
  onClose: () => void;
  onDone?: () => void;
}) {
  const formId = useId();
  const [step, setStep] = useState<'form' | 'sign' | 'done'>('form');
  const [form, setForm] = useState<Form>('SY');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [result, setResult] = useState<OutputOf<'signing.makeCopy'> | null>(null);
  const chosen = FORMS.find((f) => f.value === form)!;

  if (step === 'form') {
    return (
      <FormDialog
        title="Tạo bản sao điện tử"
        formId={formId}
        action="Tiếp tục: ký số"
        onClose={props.onClose}
        onSubmit={() => {
          if (form === 'TrS' && !note.trim()) {
            setNoteError('Ghi phần nội dung được trích sao.');
            return;
          }
          setStep('sign');
        }}
      >
        <p>
          <strong>{props.label}</strong>
        </p>
        <fieldset className="stack">
          <legend>Hình thức sao</legend>
          {FORMS.map((f) => (
            <label key={f.value} className="check">
              <input type="radio" name={`${formId}-form`} value={f.value} checked={form === f.value} onChange={() => setForm(f.value)} />
              <span>
                {f.label} <span className="muted small">— {f.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {form === 'TrS' && (
          <TextAreaField
            label="Phần trích sao"
            required
            rows={3}
            maxLength={1000}
            value={note}
            error={noteError}
            onChange={(v) => {
              setNote(v);
              setNoteError(undefined);
            }}
          />
        )}
        <p className="muted small">Bản sao được cấp số theo sổ bản sao của năm và ký số bằng chứng thư của cơ quan; dấu bản sao đặt ở góc trên bên phải trang đầu.</p>
      </FormDialog>
    );
  }

  if (step === 'sign') {
    return (
      <SignDialog
        kind="organisation"
        title={`${chosen.label} điện tử`}
        action="Cấp số và ký số bản sao"
        onClose={props.onClose}
        onSign={async (signer) => {
          const r = await call('signing.makeCopy', { documentId: props.documentId, fileHash: props.fileHash, form, note: note.trim() || null, ...signer });
          setResult(r);
          setStep('done');
          props.onDone?.();
        }}
      >
        <p>
          <strong>{chosen.label}</strong>: {props.label}
        </p>
        <p className="small">Tệp sao: {props.fileName}</p>
      </SignDialog>
    );
  }

  return (
    <Dialog title="Đã tạo bản sao điện tử" onClose={props.onClose} footer={<Button onClick={props.onClose}>Đóng</Button>}>
      <div className="stack" role="status">
        <p>
          {chosen.label} số <strong className="copy-number">{result?.number}</strong>, đã ký số của cơ quan
          {result?.report.overall === 'TOTAL_PASSED' ? ' (chữ ký hợp lệ).' : '.'}
        </p>
        {result && (
          <p>
            <a href={`#/van-ban-di/${result.documentId}`} onClick={props.onClose}>
              Mở bản sao {result.number}
            </a>
          </p>
        )}
      </div>
    </Dialog>
  );
}
