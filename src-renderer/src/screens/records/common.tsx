// Small pieces shared by the records screens (hồ sơ, lưu trữ): badges, the area's tabs, the retention and people
// lists, the download of a stored file, the refresh on `files.changed`. Presentation and reads only; no writes.

import { useEffect, useState } from 'react';
import type { PersonDto } from '../../../../src-shared/api/accounts';
import { FILE_RIGHTS, FILE_STATES, type FileRights, type FileState, type RetentionDto } from '../../../../src-shared/api/records';
import { todayVn } from '../../../../src-shared/calendar/vn-time';
import { call, saveFile } from '../../api';
import { useSession } from '../../session';
import { onCoreEvent } from '../workflow/events';

const STATE_TONE: Record<FileState, string> = { open: 'blue', closed: 'green', archived: 'purple', disposed: 'red' };

export function FileStateBadge({ state }: { state: FileState }) {
  return <span className={`badge ${STATE_TONE[state]}`}>{FILE_STATES[state]}</span>;
}

export function RightsBadge({ rights, pending }: { rights: FileRights; pending?: FileRights | null }) {
  return (
    <span className="badges">
      <span className={`badge ${rights === 'restricted' ? 'purple' : ''}`}>{FILE_RIGHTS[rights]}</span>
      {pending && pending !== rights && (
        <span className="badge orange" title="Thay đổi chế độ sử dụng đang chờ lãnh đạo duyệt">
          Chờ duyệt: {FILE_RIGHTS[pending]}
        </span>
      )}
    </span>
  );
}

/** Today in Vietnam time (YYYY-MM-DD): the default start of a file, the day of a handover. */
export const todayIso = (): string => todayVn(Date.now());
export const thisYear = (): number => Number(todayIso().slice(0, 4));

/** The tabs of the Hồ sơ area, each shown to whom may use it. */
export function RecordsTabs({ active }: { active: string }) {
  const { can } = useSession();
  const tabs = [
    { slug: '', label: 'Hồ sơ của tôi', show: can('records.manage') },
    { slug: 'tat-ca', label: 'Tất cả hồ sơ', show: true },
    { slug: 'danh-muc', label: 'Danh mục hồ sơ', show: true },
    { slug: 'luu-tru', label: 'Lưu trữ cơ quan', show: can('records.archive') },
    { slug: 'thoi-han', label: 'Thời hạn bảo quản', show: can('fileplan.manage') },
  ].filter((t) => t.show);
  return (
    <nav className="tabs" aria-label="Hồ sơ">
      {tabs.map((t) => (
        <a key={t.slug} href={`#/ho-so${t.slug ? `/${t.slug}` : ''}`} className={t.slug === active ? 'active' : ''} aria-current={t.slug === active ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

/** The retention table (active entries unless `all`), read once per screen. */
export function useRetentions(all = false): RetentionDto[] {
  const [list, setList] = useState<RetentionDto[]>([]);
  useEffect(() => {
    let alive = true;
    call('retention.list', { all }).then(
      (r) => alive && setList(r),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, [all]);
  return list;
}

/** The office's people (người lập hồ sơ, người được xem). */
export function usePeople(): PersonDto[] {
  const [people, setPeople] = useState<PersonDto[]>([]);
  useEffect(() => {
    let alive = true;
    call('users.directory', {}).then(
      (p) => alive && setPeople(p),
      () => {},
    );
    return () => {
      alive = false;
    };
  }, []);
  return people;
}

/** Calls `reload` when the core says a file changed (another window, another person): `id` null means any file. */
export function useFilesChanged(id: number | null, reload: () => void): void {
  useEffect(
    () =>
      onCoreEvent((name, data) => {
        if (name !== 'files.changed') return;
        if (id == null || (data as { id?: number } | null)?.id === id) reload();
      }),
    [id, reload],
  );
}

/** Downloads a stored file (the export ZIP, an uploaded document) under the given name. */
export async function downloadBlob(hash: string, fileName: string): Promise<void> {
  saveFile(await call('blobs.get', { hash, fileName }));
}

/** "12 văn bản, 48 trang". */
export function docsPages(docs: number, pages: number): string {
  return `${docs.toLocaleString('vi-VN')} văn bản, ${pages.toLocaleString('vi-VN')} trang`;
}

/** Options of a retention <select>: "Vĩnh viễn", "10 năm" … */
export function retentionOptions(list: RetentionDto[], keep?: number | null) {
  return list.filter((r) => r.active || r.id === keep).map((r) => ({ value: String(r.id), label: r.label }));
}

/** Enter opens the row; arrow keys move between rows, as in the other lists. */
export function rowKeys(e: React.KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (e.key === 'Enter' && e.target === e.currentTarget) return open();
  const to = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
  if (to instanceof HTMLElement) {
    e.preventDefault();
    to.focus();
  }
}
