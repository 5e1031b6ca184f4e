// Quản trị › Danh mục cơ quan: the directory of agencies that send and receive documents — search (without
// diacritics), paging, add and edit, and import of the directory file (CSV/XLSX; all rows or none, the core decides).

import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgencyDto } from '../../../../src-shared/api/agencies';
import type { ImportRowError } from '../../../../src-shared/api/imports';
import { ApiError, call } from '../../api';
import { useSession } from '../../session';
import { Button, Checkbox, TextField } from '../../ui/Controls';
import { Dialog, FormDialog } from '../../ui/Dialog';
import { ErrorBanner, fieldError, useToast } from '../../ui/Feedback';
import { Icon } from '../../ui/Icons';
import { useAction } from '../../ui/useAction';

const PAGE = 50;
const ACCEPTED = ['csv', 'xlsx'];

const num = (n: number) => n.toLocaleString('vi-VN');

export function AgenciesScreen() {
  const toast = useToast();
  const { can } = useSession();
  const canManage = can('agencies.manage');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ items: AgencyDto[]; total: number } | null>(null);
  const { error: loadError, run: runLoad } = useAction();
  const [editing, setEditing] = useState<{ agency: AgencyDto | null } | null>(null);
  const { busy: importing, error: importError, setError: setImportError, run: runImport } = useAction();
  const [rejected, setRejected] = useState<{ fileName: string; message: string; errors: ImportRowError[] } | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);

  const load = useCallback(() => runLoad(async () => setData(await call('agencies.list', { query: query.trim() || undefined, limit: PAGE, offset }))), [runLoad, query, offset]);

  // Typing searches after a short pause, so each keystroke does not hit the core.
  useEffect(() => {
    const t = setTimeout(() => void load(), 150);
    return () => clearTimeout(t);
  }, [load]);

  async function importFile(file: File) {
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    if (!ACCEPTED.includes(ext)) {
      setImportError(new Error(`Tệp “${file.name}” không phải CSV hoặc Excel (XLSX). Hãy lưu danh mục dưới dạng .csv hoặc .xlsx rồi chọn lại.`));
      return;
    }
    await runImport(async () => {
      try {
        const blob = await call('blobs.put', { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        const r = await call('agencies.import', { hash: blob.hash, fileName: file.name });
        toast('ok', `Đã nhập ${file.name}: thêm ${num(r.added)}, cập nhật ${num(r.updated)} cơ quan.`);
        setOffset(0);
        void load();
      } catch (e) {
        // A rejected file is listed row by row in its own dialog; anything else goes to the banner.
        const errors = e instanceof ApiError && e.code === 'import_rejected' ? (e.details?.errors as ImportRowError[] | undefined) : undefined;
        if (errors?.length) setRejected({ fileName: file.name, message: (e as ApiError).message, errors });
        else throw e;
      }
    });
  }

  const onFiles = (files: FileList | null) => {
    const f = files?.[0];
    if (f) void importFile(f);
  };

  // Drag and drop onto the card is a shortcut for the file chooser; only for people who may import.
  const dropProps = canManage
    ? {
        onDragOver: (e: React.DragEvent) => {
          if (![...e.dataTransfer.types].includes('Files')) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        },
        onDragLeave: (e: React.DragEvent) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (e: React.DragEvent) => {
          e.preventDefault();
          setDragging(false);
          if (!importing) onFiles(e.dataTransfer.files);
        },
      }
    : {};

  const total = data?.total ?? 0;
  const shownTo = Math.min(offset + PAGE, total);
  const turn = (to: number, where: 'top' | 'bottom') => {
    setOffset(to);
    if (where === 'bottom') sectionRef.current?.scrollIntoView({ block: 'start' });
  };
  // Shown above and below the table; from the bottom one the next page starts at the top of the screen.
  const pager = (where: 'top' | 'bottom') =>
    total > PAGE && (
      <div className={`agency-pager ${where}`}>
        <span className="muted">
          {num(offset + 1)}–{num(shownTo)} trong {num(total)}
        </span>
        <Button small disabled={offset === 0} onClick={() => turn(Math.max(0, offset - PAGE), where)}>
          ‹ Trang trước
        </Button>
        <Button small disabled={shownTo >= total} onClick={() => turn(offset + PAGE, where)}>
          Trang sau ›
        </Button>
      </div>
    );

  return (
    <section aria-labelledby="agencies-title" ref={sectionRef}>
      <div className="page-head">
        <h1 id="agencies-title">Danh mục cơ quan</h1>
        <span className="sub">{data ? (query.trim() ? `${num(total)} cơ quan phù hợp` : `${num(total)} cơ quan`) : ''}</span>
        <span className="spacer" />
        {canManage && (
          <>
            <input
              ref={fileInput}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              className="sr-only"
              tabIndex={-1}
              aria-label="Chọn tệp danh mục cơ quan"
              onChange={(e) => {
                onFiles(e.target.files);
                e.target.value = '';
              }}
            />
            <Button onClick={() => fileInput.current?.click()} busy={importing}>
              <Icon name="upload" size={16} />
              {importing ? 'Đang nhập…' : 'Nhập từ tệp CSV/XLSX'}
            </Button>
            <Button variant="primary" onClick={() => setEditing({ agency: null })}>
              + Thêm cơ quan
            </Button>
          </>
        )}
      </div>
      {canManage && (
        <div className="banner info">
          <div>
            Nhập danh mục từ tệp CSV (UTF-8) hoặc Excel (XLSX) có dòng tiêu đề với các cột <strong>Mã định danh</strong>; <strong>Tên cơ quan</strong>;{' '}
            <strong>Mã cơ quan cấp trên</strong> (chỉ Tên cơ quan là bắt buộc). Cơ quan đã có mã định danh được cập nhật, cơ quan mới được thêm vào. Nếu tệp có dòng sai, không dòng
            nào được nhập và hệ thống chỉ ra dòng cần sửa. Có thể kéo thả tệp vào bảng bên dưới.
          </div>
        </div>
      )}
      <div className="toolbar" role="search">
        <TextField
          label="Tìm cơ quan"
          type="search"
          value={query}
          onChange={(v) => {
            setQuery(v);
            setOffset(0);
          }}
          placeholder="Tên hoặc mã định danh, gõ không dấu cũng được"
          fieldClass="search-wide"
        />
        <span className="spacer" />
        {pager('top')}
      </div>
      <ErrorBanner error={loadError} />
      <ErrorBanner error={importError} />
      <div className={`card table-wrap dropzone${dragging ? ' dragging' : ''}`} {...dropProps}>
        {dragging && (
          <div className="drop-hint" aria-hidden>
            <Icon name="upload" size={28} />
            Thả tệp vào đây để nhập danh mục
          </div>
        )}
        <table className="data catalog">
          <thead>
            <tr>
              <th>Mã định danh</th>
              <th>Tên cơ quan</th>
              <th>Mã cơ quan cấp trên</th>
              <th>Trạng thái</th>
              {canManage && <th className="right">Thao tác</th>}
            </tr>
          </thead>
          <tbody>
            {data?.items.map((a) => (
              <tr key={a.id}>
                <td className="mono nowrap">{a.code ?? <span className="muted">—</span>}</td>
                <td>{a.name}</td>
                <td className="mono nowrap">{a.parentCode ?? <span className="muted">—</span>}</td>
                <td>{a.active ? <span className="badge green">Đang dùng</span> : <span className="badge">Ngừng dùng</span>}</td>
                {canManage && (
                  <td className="actions">
                    <Button small variant="ghost" onClick={() => setEditing({ agency: a })} aria-label={`Sửa ${a.name}`}>
                      Sửa
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.items.length === 0 && (
          <div className="empty">
            {query.trim()
              ? `Không có cơ quan nào khớp “${query.trim()}”.`
              : canManage
                ? 'Danh mục chưa có cơ quan nào. Nhập từ tệp CSV/XLSX hoặc bấm “+ Thêm cơ quan”.'
                : 'Danh mục chưa có cơ quan nào.'}
          </div>
        )}
      </div>
      {pager('bottom')}

      {editing && (
        <AgencyDialog
          agency={editing.agency}
          onClose={() => setEditing(null)}
          onSaved={(a) => {
            setEditing(null);
            toast('ok', editing.agency ? `Đã lưu ${a.name}.` : `Đã thêm ${a.name} vào danh mục.`);
            void load();
          }}
        />
      )}
      {rejected && (
        <Dialog
          title="Tệp danh mục chưa nhập được"
          wide
          onClose={() => setRejected(null)}
          footer={
            <>
              <Button onClick={() => setRejected(null)}>Đóng</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setRejected(null);
                  fileInput.current?.click();
                }}
              >
                Chọn tệp đã sửa…
              </Button>
            </>
          }
        >
          <div className="stack">
            <div className="banner error">
              <div>
                <strong>{rejected.message}</strong> Sửa các dòng dưới đây trong tệp <strong>{rejected.fileName}</strong> rồi nhập lại; số dòng tính như trong Excel (dòng tiêu đề là
                dòng 1).
              </div>
            </div>
            <div className="table-wrap rejected-rows">
              <table className="data">
                <thead>
                  <tr>
                    <th className="right">Dòng</th>
                    <th>Lỗi</th>
                  </tr>
                </thead>
                <tbody>
                  {rejected.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="right nowrap">{e.row > 0 ? e.row : 'Tiêu đề'}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function AgencyDialog(props: { agency: AgencyDto | null; onClose: () => void; onSaved: (a: AgencyDto) => void }) {
  const a = props.agency;
  const [code, setCode] = useState(a?.code ?? '');
  const [name, setName] = useState(a?.name ?? '');
  const [parentCode, setParentCode] = useState(a?.parentCode ?? '');
  const [active, setActive] = useState(a?.active ?? true);
  const { busy, error, run } = useAction();

  const submit = () => run(async () => props.onSaved(await call('agencies.save', { id: a?.id, code: code.trim() || null, name, parentCode: parentCode.trim() || null, active })));

  const fe = (p: string) => fieldError(error, p);
  return (
    <FormDialog title={a ? 'Sửa cơ quan' : 'Thêm cơ quan'} onClose={props.onClose} formId="agency-form" onSubmit={submit} autoComplete="off" busy={busy} action="Lưu">
      <ErrorBanner error={error} shownFields={['code', 'name', 'parentCode']} />
      <TextField label="Tên cơ quan" required value={name} onChange={setName} error={fe('name')} placeholder="Ví dụ: Ủy ban nhân dân huyện Kim Bảng" />
      <div className="grid-2">
        <TextField label="Mã định danh" value={code} onChange={setCode} error={fe('code')} placeholder="Ví dụ: 000.00.12.H35" hint="Để trống nếu cơ quan chưa có mã." />
        <TextField label="Mã cơ quan cấp trên" value={parentCode} onChange={setParentCode} error={fe('parentCode')} placeholder="Ví dụ: 000.00.00.H35" />
      </div>
      <Checkbox label="Đang sử dụng (hiện khi tìm cơ quan lúc vào sổ)" checked={active} onChange={setActive} />
    </FormDialog>
  );
}
