// Small pieces shared by the outgoing screens (văn bản đi): the status badge, the choice of a person among the
// office directory (leaders first), and the display of a stale_version refusal. Presentation only.

import type { PersonDto } from '../../../../src-shared/api/accounts';
import { OUT_STATUS, type OutgoingDetail, type OutStatus } from '../../../../src-shared/api/outgoing';
import { ApiError } from '../../api';
import { Button } from '../../ui/Controls';

const STATUS_TONE: Record<OutStatus, string> = { draft: '', review: 'blue', approved: 'orange', issued: 'green', recalled: 'red' };

export function OutStatusBadge({ status }: { status: OutStatus }) {
  return <span className={`badge ${STATUS_TONE[status]}`}>{OUT_STATUS[status]}</span>;
}

// Leaders (the directory's `leader`) and heads of units (`headsUnit`) are offered first, as signers and reviewers;
// the core checks who may really approve.
export function isLeaderLike(p: PersonDto): boolean {
  return !!p.leader || !!p.headsUnit;
}

/** Options of a <select> of people: leaders and heads of units first, then the others, each "Tên — chức vụ". */
export function PersonOptions({ people, exclude }: { people: PersonDto[]; exclude?: number[] }) {
  const shown = people.filter((p) => !exclude?.includes(p.id));
  const label = (p: PersonDto) => [p.fullName, p.position, p.unitName].filter(Boolean).join(' — ');
  const leaders = shown.filter(isLeaderLike);
  const others = shown.filter((p) => !isLeaderLike(p));
  return (
    <>
      {leaders.length > 0 && (
        <optgroup label="Lãnh đạo, trưởng đơn vị">
          {leaders.map((p) => (
            <option key={p.id} value={p.id}>
              {label(p)}
            </option>
          ))}
        </optgroup>
      )}
      {others.length > 0 && (
        <optgroup label={leaders.length ? 'Người khác trong cơ quan' : 'Trong cơ quan'}>
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {label(p)}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

export const isStale = (e: unknown): boolean => e instanceof ApiError && e.code === 'stale_version';

/** The core refused because the draft changed since it was opened: say so plainly and offer to load the new version. */
export function StaleBanner({ onReload }: { onReload: () => void }) {
  return (
    <div className="banner warn out-stale" role="alert">
      <div className="grow">
        <strong>Dự thảo đã có phiên bản mới sau khi bạn mở.</strong> Ý kiến chưa được ghi nhận: hãy xem phiên bản mới rồi duyệt lại.
      </div>
      <Button variant="primary" onClick={onReload}>
        Tải phiên bản mới
      </Button>
    </div>
  );
}

/** The main file of the current version when it is a PDF (what digital signing works on), else null. */
export function mainPdfOf(d: OutgoingDetail) {
  const v = d.versions.find((x) => x.version === d.currentVersion);
  const main = v?.files.find((f) => f.draftRole === 'main');
  return main && main.kind === 'pdf' ? main : null;
}
