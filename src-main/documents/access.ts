// Who may see a document. Every path that shows anything of a document — list, count, search hits and snippets,
// detail, files, exports, the register book, duplicate warnings — goes through this rule, in SQL, in the core.
//
// A person sees a document when
//   1. they created it (created_by: the clerk who registered it, later the drafter of an outgoing one);
//   2. it is given to them (document_access: trình, chủ trì, phối hợp, để biết), or sent "để biết" to their unit
//      (for information reaches everyone in it; work given to a unit reaches its head, who passes it on);
//   3. it is given to a unit they head, or to a person of that unit (trưởng/phó: users.heads_unit), counting the
//      units below theirs;
//   4. it is not "hạn chế" (restricted) and they hold a role that keeps the office's register: lãnh đạo, văn thư,
//      quản trị (ROLE_WIDE). A restricted document is seen through 1–3 and 5 only.
//   5. it is in a file (hồ sơ) they keep, or that was opened to them or their unit (records/service.ts, approved).
// Anyone else learns nothing of it: lists and counts leave it out, and by id it is "not found", the same answer as
// for an id that does not exist. Files follow their documents: a file is readable by whoever uploaded it or sees a
// document it is attached to.

import type { AccessKind, AccessLinkDto } from '../../src-shared/api/documents';
import { AppError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/permissions';
import type { RawDb } from '../db/open';
import { FILE_LINKED_DOCUMENTS } from '../records/service';

/** Roles that see every document that is not restricted: they keep, direct or administer the register. */
export const ROLE_WIDE: readonly Role[] = ['leader', 'clerk', 'admin'];

/** What stands for the subject of a document the viewer may not see, where its number must still show. */
export const RESTRICTED_SUBJECT = '(Văn bản hạn chế)';

export interface Viewer {
  userId: number;
  /** Sees every unrestricted document by role (rule 4). */
  wide: boolean;
  /** Units whose documents this person sees as their head, with the units below them (rule 3). */
  headOf: number[];
  /** Their own unit: what is sent to it "để biết" (rule 2). */
  unitId?: number | null;
  /**
   * For a role-wide reader: how many restricted documents they may not see, counted when the viewer is made. 0
   * lets every query skip the check (an office with no restricted document pays nothing for the rule).
   */
  hiddenRestricted?: number;
}

/** A SQL condition on the documents row aliased `d`, with its parameters. */
export interface AccessSql {
  clause: string;
  params: { vUser: number; vUnits: string; vUnit: number | null };
}

/** The documents given to the viewer or sent để biết to their unit, to a unit they head, or to a person of such a unit (rules 2, 3). */
const LINKED = `SELECT document_id FROM document_access WHERE user_id = @vUser
  UNION SELECT document_id FROM document_access WHERE unit_id = @vUnit AND kind = 'info'
  UNION SELECT document_id FROM document_access WHERE unit_id IN (SELECT value FROM json_each(@vUnits))
  UNION SELECT a.document_id FROM document_access a JOIN users u ON u.id = a.user_id WHERE u.unit_id IN (SELECT value FROM json_each(@vUnits))
  UNION ${FILE_LINKED_DOCUMENTS}`;

/** The restricted documents a role-wide reader may not see: created by someone else and not linked to them. */
const HIDDEN_RESTRICTED = `SELECT h.id FROM documents h WHERE h.restricted = 1 AND h.created_by IS NOT @vUser AND h.id NOT IN (${LINKED})`;

/**
 * The condition for a viewer. For a role-wide reader it excludes the restricted documents not linked to them (read
 * from the small partial index of restricted rows, so a list keeps riding its own index); for anyone else it keeps
 * only the documents linked to them.
 */
export function accessSql(v: Viewer): AccessSql {
  const params = { vUser: v.userId, vUnits: JSON.stringify(v.headOf), vUnit: v.unitId ?? null };
  const clause = v.wide
    ? v.hiddenRestricted === 0
      ? '1 = 1'
      : `d.id NOT IN (${HIDDEN_RESTRICTED})`
    : `d.id IN (${LINKED} UNION SELECT id FROM documents WHERE created_by = @vUser)`;
  return { clause, params };
}

/** Of these documents, the ones the viewer may see. */
export function visibleIds(raw: RawDb, v: Viewer, ids: number[]): Set<number> {
  if (!ids.length) return new Set();
  const a = accessSql(v);
  const rows = raw
    .prepare(`SELECT d.id FROM documents d WHERE d.id IN (SELECT value FROM json_each(@ids)) AND ${a.clause}`)
    .pluck()
    .all({ ...a.params, ids: JSON.stringify(ids) });
  return new Set(rows as number[]);
}

export function createAccess(raw: RawDb) {
  const userStmt = raw.prepare('SELECT unit_id AS unitId, heads_unit AS headsUnit FROM users WHERE id = ?');
  const rolesStmt = raw.prepare('SELECT role FROM user_roles WHERE user_id = ?');
  const anyRestrictedStmt = raw.prepare('SELECT 1 FROM documents WHERE restricted = 1 LIMIT 1');
  const hiddenStmt = raw.prepare(`SELECT count(*) FROM (${HIDDEN_RESTRICTED})`).pluck();
  const unitTreeStmt = raw.prepare(`WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id) SELECT id FROM tree`);

  function viewer(userId: number): Viewer {
    const u = userStmt.get(userId) as { unitId: number | null; headsUnit: number } | undefined;
    const roles = (rolesStmt.all(userId) as Array<{ role: Role }>).map((r) => r.role);
    const headOf = u?.headsUnit && u.unitId != null ? (unitTreeStmt.all(u.unitId) as Array<{ id: number }>).map((r) => r.id) : [];
    const wide = roles.some((r) => ROLE_WIDE.includes(r));
    const unitId = u?.unitId ?? null;
    if (!wide) return { userId, wide, headOf, unitId };
    // Most offices have no restricted document at all: one probe of the partial index answers for them.
    if (!anyRestrictedStmt.get()) return { userId, wide, headOf, unitId, hiddenRestricted: 0 };
    const hiddenRestricted = hiddenStmt.get({ vUser: userId, vUnits: JSON.stringify(headOf), vUnit: unitId }) as number;
    return { userId, wide, headOf, unitId, hiddenRestricted };
  }

  function canSee(v: Viewer, documentId: number): boolean {
    const a = accessSql(v);
    return !!raw.prepare(`SELECT 1 FROM documents d WHERE d.id = @id AND ${a.clause}`).get({ ...a.params, id: documentId });
  }

  /** Throws not_found — the answer for a document that does not exist — unless the viewer may see it. */
  function mustSee(v: Viewer, documentId: number): void {
    if (!canSee(v, documentId)) throw new AppError('not_found', 'Không tìm thấy văn bản.');
  }

  /** A file is readable by whoever uploaded it and by whoever sees a document it is attached to (or to whose history, or to a draft version of it). */
  function canReadBlob(v: Viewer, hash: string): boolean {
    const a = accessSql(v);
    return !!raw
      .prepare(
        `SELECT 1 WHERE EXISTS (SELECT 1 FROM blob_uploads WHERE user_id = @vUser AND hash = @hash)
            OR EXISTS (SELECT 1 FROM document_files df JOIN documents d ON d.id = df.document_id WHERE df.blob_hash = @hash AND ${a.clause})
            OR EXISTS (SELECT 1 FROM event_files ef JOIN documents d ON d.id = ef.document_id WHERE ef.blob_hash = @hash AND ${a.clause})
            OR EXISTS (SELECT 1 FROM outgoing_version_files vf JOIN documents d ON d.id = vf.document_id WHERE vf.blob_hash = @hash AND ${a.clause})
            OR EXISTS (SELECT 1 FROM record_file_items i JOIN record_files f ON f.id = i.file_id WHERE i.blob_hash = @hash
                        AND (f.owner_id = @vUser OR (f.rights = 'open' AND ${v.wide ? 1 : 0} = 1)
                             OR EXISTS (SELECT 1 FROM record_file_access g WHERE g.file_id = f.id AND g.state = 'active' AND (g.user_id = @vUser OR g.unit_id = @vUnit))))`,
      )
      .get({ ...a.params, hash });
  }

  const linksStmt = raw.prepare(
    `SELECT a.id, a.kind, a.user_id AS userId, u.full_name AS userName, a.unit_id AS unitId, n.name AS unitName, a.granted_at AS grantedAt, g.full_name AS grantedBy
       FROM document_access a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN units n ON n.id = a.unit_id LEFT JOIN users g ON g.id = a.granted_by
      WHERE a.document_id = ? ORDER BY a.id`,
  );
  const grantStmt = raw.prepare(
    'INSERT OR IGNORE INTO document_access (document_id, user_id, unit_id, kind, granted_at, granted_by) VALUES (@documentId, @userId, @unitId, @kind, @at, @by)',
  );

  /** Who the document is given to. */
  function links(documentId: number): AccessLinkDto[] {
    return linksStmt.all(documentId) as AccessLinkDto[];
  }

  /**
   * Gives the document to people and units (inside the caller's transaction); giving it again is a no-op. Only
   * active accounts and units can receive it. Returns how many links were added.
   */
  function grant(documentId: number, kind: AccessKind, to: { userIds: number[]; unitIds: number[] }, by: number | null, at: number): number {
    const json = (ids: number[]) => JSON.stringify([...new Set(ids)]);
    const okUsers = raw.prepare("SELECT id FROM users WHERE status = 'active' AND id IN (SELECT value FROM json_each(?))").pluck().all(json(to.userIds)) as number[];
    const okUnits = raw.prepare('SELECT id FROM units WHERE active = 1 AND id IN (SELECT value FROM json_each(?))').pluck().all(json(to.unitIds)) as number[];
    if (okUsers.length < new Set(to.userIds).size)
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'userIds', message: 'Có người nhận không tồn tại hoặc đã bị khóa.' }] });
    if (okUnits.length < new Set(to.unitIds).size)
      throw new AppError('invalid_input', undefined, { fields: [{ path: 'unitIds', message: 'Có đơn vị không tồn tại hoặc đã ngừng hoạt động.' }] });
    let added = 0;
    for (const userId of okUsers) added += grantStmt.run({ documentId, userId, unitId: null, kind, at, by }).changes;
    for (const unitId of okUnits) added += grantStmt.run({ documentId, userId: null, unitId, kind, at, by }).changes;
    return added;
  }

  /** Takes back one link of the given kind (routing's own links are ended by routing, not here). */
  function revoke(documentId: number, linkId: number, kind: AccessKind): AccessLinkDto {
    const link = links(documentId).find((l) => l.id === linkId && l.kind === kind);
    if (!link) throw new AppError('not_found', 'Không tìm thấy người nhận này của văn bản.');
    raw.prepare('DELETE FROM document_access WHERE id = ?').run(linkId);
    return link;
  }

  return { viewer, canSee, mustSee, links, grant, revoke, visibleOf: (v: Viewer, ids: number[]) => visibleIds(raw, v, ids), canReadBlob };
}

export type AccessService = ReturnType<typeof createAccess>;
