// Attachments: drop files or choose them; each is uploaded at once (type checked by content in the core) and shown
// with its role, size and any warning (macros, extension mismatch). Refused files say why.

import { useCallback, useRef, useState } from 'react';
import type { BlobInfoDto } from '../../../src-shared/api/blobs';
import { FILE_ROLES, type FileRole } from '../../../src-shared/documents';
import { ApiError, call } from '../api';
import { fileSize } from '../screens/incoming/bits';
import { Button } from './Controls';
import { Icon } from './Icons';

export interface UploadedFile {
  hash: string;
  fileName: string;
  role: FileRole;
  info: BlobInfoDto;
}

interface Pending {
  key: string;
  fileName: string;
  error?: string;
}

/**
 * A form's attachments: the files stored so far, and `settled()` which waits for uploads still in flight and then
 * gives the files as they are at that moment — a clerk who presses Ctrl+Enter while a scan is uploading gets the
 * document saved with the scan, not without it. Pass `track` to FileDrop as onUploading.
 */
export function useAttachments() {
  const [files, setState] = useState<UploadedFile[]>([]);
  const current = useRef<UploadedFile[]>([]);
  const inFlight = useRef(false);
  const waiters = useRef<Array<() => void>>([]);
  const setFiles = useCallback((next: UploadedFile[]) => {
    current.current = next;
    setState(next);
  }, []);
  const track = useCallback((uploading: boolean) => {
    inFlight.current = uploading;
    if (!uploading) for (const w of waiters.current.splice(0)) w();
  }, []);
  const settled = useCallback(async () => {
    if (inFlight.current) await new Promise<void>((r) => waiters.current.push(r));
    return current.current;
  }, []);
  return { files, setFiles, track, settled };
}

export function FileDrop(props: {
  files: UploadedFile[];
  onChange: (files: UploadedFile[]) => void;
  /** Called with true when uploads start and false when the last one has ended (stored or refused). */
  onUploading?: (uploading: boolean) => void;
  defaultRole?: FileRole;
  roles?: FileRole[];
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [pending, setPending] = useState<Pending[]>([]);
  const roles = props.roles ?? (Object.keys(FILE_ROLES) as FileRole[]);
  const latest = useRef(props.files);
  latest.current = props.files;
  const inFlight = useRef(0);

  async function upload(list: FileList | File[]) {
    const files = [...list];
    inFlight.current += files.length;
    props.onUploading?.(true);
    for (const f of files) {
      const key = `${f.name}-${f.size}-${Math.random()}`;
      setPending((p) => [...p, { key, fileName: f.name }]);
      try {
        const info = await call('blobs.put', { fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
        const role: FileRole = props.defaultRole ?? (latest.current.some((x) => x.role === 'main') ? 'attachment' : 'main');
        const next = [...latest.current, { hash: info.hash, fileName: info.fileName, role, info }];
        latest.current = next;
        props.onChange(next);
        setPending((p) => p.filter((x) => x.key !== key));
      } catch (e) {
        const msg = e instanceof ApiError ? e.message : String(e);
        setPending((p) => p.map((x) => (x.key === key ? { ...x, error: msg } : x)));
      } finally {
        inFlight.current -= 1;
        if (inFlight.current === 0) props.onUploading?.(false);
      }
    }
  }

  return (
    <div className="stack">
      <div
        className={`drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files.length) void upload(e.dataTransfer.files);
        }}
      >
        <Icon name="upload" size={22} />
        <span>Kéo thả tệp vào đây, hoặc</span>
        <Button small onClick={() => input.current?.click()}>
          Chọn tệp…
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Chọn tệp đính kèm"
          onChange={(e) => {
            if (e.target.files?.length) void upload(e.target.files);
            e.target.value = '';
          }}
        />
        <span className="hint">PDF, Word, Excel, OpenDocument, ảnh, ZIP/RAR. Không nhận tệp chạy được (exe, script).</span>
      </div>
      {(props.files.length > 0 || pending.length > 0) && (
        <ul className="files">
          {props.files.map((f, i) => (
            <li key={f.hash + i}>
              <Icon name="file" />
              <span className="grow">
                <strong>{f.fileName}</strong>{' '}
                <span className="muted">
                  {fileSize(f.info.size)} · {f.info.kind.toUpperCase()}
                </span>
                {f.info.macro && <span className="badge orange">Có macro</span>}
                {f.info.notes.map((n) => (
                  <div key={n} className="hint">
                    {n}
                  </div>
                ))}
              </span>
              <select
                className="input role"
                aria-label={`Vai trò của tệp ${f.fileName}`}
                value={f.role}
                onChange={(e) => props.onChange(props.files.map((x, k) => (k === i ? { ...x, role: e.target.value as FileRole } : x)))}
              >
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {FILE_ROLES[r]}
                  </option>
                ))}
              </select>
              <Button small variant="ghost" aria-label={`Bỏ tệp ${f.fileName}`} onClick={() => props.onChange(props.files.filter((_, k) => k !== i))}>
                Bỏ
              </Button>
            </li>
          ))}
          {pending.map((p) => (
            <li key={p.key} className={p.error ? 'error-row' : ''}>
              {p.error ? <span className="badge red">Không nhận</span> : <span className="spinner" aria-hidden />}
              <span className="grow">
                <strong>{p.fileName}</strong> {p.error ? <span className="error">{p.error}</span> : <span className="muted">đang tải lên…</span>}
              </span>
              {p.error && (
                <Button small variant="ghost" onClick={() => setPending((x) => x.filter((y) => y.key !== p.key))}>
                  Đóng
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
