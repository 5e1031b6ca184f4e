// The "Hồ sơ" card of a document's detail (incoming or outgoing): the files the document is in, with links, and
// "Đưa vào hồ sơ" to file it into one of the caller's open files. Used by the two detail views, one line each.

import { useCallback, useEffect, useState } from 'react';
import type { RecordFileDto } from '../../../../src-shared/api/records';
import { call } from '../../api';
import { useSession } from '../../session';
import { Button, SelectField } from '../../ui/Controls';
import { ActionDialog } from '../../ui/Dialog';
import { ErrorBanner, useToast } from '../../ui/Feedback';
import { useAction } from '../../ui/useAction';
import { FileStateBadge, useFilesChanged } from './common';

/** `canFile`: the document is in a state that belongs in a file (registered, issued). */
export function DocumentFilesCard({ documentId, canFile }: { documentId: number; canFile: boolean }) {
  const { can } = useSession();
  const [files, setFiles] = useState<RecordFileDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filing, setFiling] = useState(false);
  const load = useCallback(() => void call('files.forDocument', { documentId }).then(setFiles, setError), [documentId]);
  useEffect(load, [load]);
  useFilesChanged(null, load);

  return (
    <div className="card card-body rec-doc-files" aria-labelledby={`doc-files-${documentId}`}>
      <div className="row">
        <h3 id={`doc-files-${documentId}`}>Hồ sơ</h3>
        <span className="spacer" />
        {canFile && can('records.manage') && (
          <Button small onClick={() => setFiling(true)}>
            Đưa vào hồ sơ…
          </Button>
        )}
      </div>
      <ErrorBanner error={error} />
      {files && files.length === 0 && <p className="muted small">Văn bản chưa được đưa vào hồ sơ nào.</p>}
      {files && files.length > 0 && (
        <ul className="access-list">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`#/ho-so/${f.id}`}>
                <strong>{f.code}</strong> {f.title}
              </a>{' '}
              <FileStateBadge state={f.state} /> <span className="muted small">{f.ownerName}</span>
            </li>
          ))}
        </ul>
      )}
      {filing && <FileIntoDialog documentId={documentId} already={new Set((files ?? []).map((f) => f.id))} onClose={() => setFiling(false)} onDone={load} />}
    </div>
  );
}

function FileIntoDialog({ documentId, already, onClose, onDone }: { documentId: number; already: Set<number>; onClose: () => void; onDone: () => void }) {
  const toast = useToast();
  const [open, setOpen] = useState<RecordFileDto[] | null>(null);
  const [fileId, setFileId] = useState('');
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    call('files.list', { mine: true, state: 'open', limit: 500, offset: 0 }).then((r) => {
      const choices = r.items.filter((f) => !already.has(f.id));
      setOpen(choices);
      if (choices.length) setFileId(String(choices[0].id));
    }, setError);
  }, [already, setError]);
  const go = () =>
    run(async () => {
      const r = await call('files.addDocument', { fileId: Number(fileId), documentId });
      const f = open?.find((x) => String(x.id) === fileId);
      toast(r.warning ? 'info' : 'ok', r.warning ? `Đã đưa vào hồ sơ ${f?.code ?? ''}, lưu ý: ${r.warning}` : `Đã đưa văn bản vào hồ sơ ${f?.code ?? ''}.`);
      onDone();
      onClose();
    });
  return (
    <ActionDialog title="Đưa văn bản vào hồ sơ" onClose={onClose} action="Đưa vào hồ sơ" busy={busy} actionDisabled={!fileId} onAction={go}>
      <ErrorBanner error={error} />
      {open && open.length === 0 ? (
        <p className="muted">
          Bạn chưa có hồ sơ nào đang lập (hoặc văn bản đã ở trong mọi hồ sơ của bạn). Mở hồ sơ mới trong mục <a href="#/ho-so">Hồ sơ</a>.
        </p>
      ) : (
        <SelectField
          label="Hồ sơ của tôi đang lập"
          value={fileId}
          onChange={setFileId}
          options={(open ?? []).map((f) => ({ value: String(f.id), label: `${f.code} — ${f.title} (năm ${f.year})` }))}
        />
      )}
    </ActionDialog>
  );
}
