// `vanthu audit verify --hub`: this office's audit anchors kept by the hub (count + head hash, with the hub's time)
// checked against the local chain. A row the hub saw that is gone means the log was truncated after that time; a
// different hash at that row means it was rewritten. Reads only; the local chain's own check is audit/service.ts.

import { formatVnDateTime } from '../../src-shared/calendar/vn-time';
import type { Services } from '../api/context';
import { HubError } from './hub-client';
import { anchorMac, hubClientFor } from './worker';

export interface AnchorProblem {
  kind: 'truncated' | 'rewritten' | 'foreign';
  count: number;
  receivedAt: number;
  message: string;
}

export interface HubAnchorCheck {
  ok: boolean;
  /** Anchors read from the hub. */
  checked: number;
  localCount: number;
  /** Each kind once: the latest anchor beyond the local rows (cut), the earliest one whose row changed (rewritten). */
  problems: AnchorProblem[];
  /** The latest anchor confirmed, when all is well. */
  latest: { count: number; receivedAt: number } | null;
}

export async function checkHubAnchors(s: Services, limit = 1000): Promise<HubAnchorCheck> {
  const cred = s.sync.credentials();
  if (!cred) throw new HubError('not_configured', 'Chưa cấu hình kết nối trục liên thông (địa chỉ, mã định danh, mật khẩu).', false);
  const hub = hubClientFor(s.env, cred);
  let items;
  try {
    ({ items } = await hub.anchors(limit));
  } finally {
    hub.close?.();
  }
  const sorted = [...items].sort((x, y) => x.count - y.count || x.receivedAt - y.receivedAt);
  const localCount = (s.raw.prepare('SELECT max(id) FROM audit_log').pluck().get() as number | null) ?? 0;
  const hashAt = s.raw.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck();
  const problems: AnchorProblem[] = [];
  const foreign = sorted.find((a) => a.mac !== anchorMac(cred.officeCode, cred.secret, a));
  if (foreign) {
    problems.push({
      kind: 'foreign',
      count: foreign.count,
      receivedAt: foreign.receivedAt,
      message: `Mốc nhật ký ${foreign.count} dòng trên trục (lúc ${formatVnDateTime(foreign.receivedAt)}) không do máy này ký: mật khẩu kết nối đã đổi hoặc mốc bị giả.`,
    });
  }
  const mine = sorted.filter((a) => a !== foreign && a.mac === anchorMac(cred.officeCode, cred.secret, a));
  const beyond = [...mine].reverse().find((a) => a.count > localCount);
  if (beyond) {
    problems.push({
      kind: 'truncated',
      count: beyond.count,
      receivedAt: beyond.receivedAt,
      message: `NHẬT KÝ BỊ CẮT BỚT: trục ghi nhận nhật ký có ${beyond.count} dòng lúc ${formatVnDateTime(beyond.receivedAt)}, máy chỉ còn ${localCount} dòng (mất ${beyond.count - localCount} dòng sau thời điểm đó).`,
    });
  }
  const changed = mine.find((a) => a.count <= localCount && hashAt.get(a.count) !== a.head);
  if (changed) {
    problems.push({
      kind: 'rewritten',
      count: changed.count,
      receivedAt: changed.receivedAt,
      message: `NHẬT KÝ BỊ VIẾT LẠI: dòng ${changed.count} không còn khớp với mốc trục ghi nhận lúc ${formatVnDateTime(changed.receivedAt)}; nhật ký đến dòng đó đã bị thay đổi sau thời điểm này.`,
    });
  }
  const last = mine[mine.length - 1];
  return { ok: problems.length === 0, checked: sorted.length, localCount, problems, latest: last ? { count: last.count, receivedAt: last.receivedAt } : null };
}
