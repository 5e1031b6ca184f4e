// Reading documents: detail, keyset-paged lists, full-text search with highlights, duplicate detection; and keeping
// the full-text index in step with the rows (index() runs inside the writing transaction). Lists and search results
// never carry file bodies or extracted text — only a short snippet around a match.

import type { DocumentFilters, FileRefDto, HighlightField, DocumentDetail, DocumentListItem, ListPage, SearchHit, SearchResult, SearchTotal } from '../../src-shared/api/documents';
import type { DuplicateCandidate } from '../../src-shared/api/incoming';
import { vnInstant } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { formatCode, type FileRole } from '../../src-shared/documents';
import { highlightRanges, queryTerms } from '../../src-shared/vn/text';
import type { RawDb } from '../db/open';
import { accessSql, RESTRICTED_SUBJECT, visibleIds, type Viewer } from './access';
import { smallMatcher } from './match-small';
import { DETAIL_FIELDS, DUPLICATE_FIELDS, INDEXED_FIELDS, selectFields, type RowOf } from './columns';
import { createSearchIndex, type SearchMatch } from './search-index';
import {
  decodeCursor,
  duplicateKey,
  encodeCursor,
  filterWhere,
  ftsQuery,
  LIST_COLUMNS,
  wordForms,
  LIST_FROM,
  metaText,
  sameIssuer,
  toListItem,
  parseQuery,
  type ParsedQuery,
  type ListRow,
  type MetaFields,
} from './query';

type DetailRow = ListRow & RowOf<typeof DETAIL_FIELDS> & { registeredByName: string | null; voidedByName: string | null; refusedByName: string | null };

type DuplicateRow = RowOf<typeof DUPLICATE_FIELDS> & { registerName: string | null };

const MAX_BODY_CHARS = 4_000_000;
/** Totals above this are shown as "more than": counting every match of a common word costs more than it tells. */
const TOTAL_CAP = 10_000;
/** Up to this many documents, an issuer filter is answered from the full-text index. */
const RARE_ISSUER = 3_000;
const SNIPPET_BEFORE = 90;
/** More pieces than this and the hourly job merges the search index (search-index.ts tidy). */
const TIDY_SEGMENTS = 6;
const INDEX_LEVEL = 2;
const SNIPPET_LENGTH = 260;
/** Up to this many documents visible to a reader, their search reads them instead of the index (searchAmong). */
const SMALL_SET = 3_000;

export function createDocuments(raw: RawDb) {
  const fts = createSearchIndex(raw);
  const metaStmt = raw.prepare(`SELECT ${selectFields(INDEXED_FIELDS, 'documents')}, direction FROM documents WHERE id = ?`);
  const bodyStmt = raw.prepare(`SELECT t.folded FROM document_files f JOIN blob_texts t ON t.hash = f.blob_hash WHERE f.document_id = ? ORDER BY f.position`);
  const filesStmt = raw.prepare(
    `SELECT f.id, f.blob_hash, f.file_name, f.role, f.added_at, b.kind, b.mime, b.size, b.macro, b.text_status
       FROM document_files f JOIN blobs b ON b.hash = f.blob_hash WHERE f.document_id = ? ORDER BY f.position, f.id`,
  );

  /** The folded text of a document's files, as the index holds it (capped at MAX_BODY_CHARS). */
  function bodyOf(id: number): string {
    let body = '';
    for (const r of bodyStmt.iterate(id) as IterableIterator<{ folded: string }>) {
      if (body.length >= MAX_BODY_CHARS) break;
      body += `${r.folded}\n`;
    }
    return body.slice(0, MAX_BODY_CHARS);
  }

  /** Rewrites the index entry of a document. Inside the transaction that changed it. */
  function index(id: number): void {
    const m = metaStmt.get(id) as (MetaFields & { direction: string }) | undefined;
    if (!m) return;
    fts.write(id, { ...metaText(m), body: bodyOf(id), direction: m.direction });
  }

  /** Index rows for documents just inserted with no files (bulk import), written together: no lookups, no delete. */
  function indexNew(rows: Array<{ id: number; meta: MetaFields }>): void {
    fts.writeNew(rows.map((r) => ({ id: r.id, texts: { ...metaText(r.meta), body: '', direction: 'in' } })));
  }

  function files(id: number): FileRefDto[] {
    return (filesStmt.all(id) as Array<Record<string, unknown>>).map((f) => ({
      id: f.id as number,
      hash: f.blob_hash as string,
      fileName: f.file_name as string,
      role: f.role as FileRole,
      kind: f.kind as string,
      mime: f.mime as string,
      size: f.size as number,
      macro: !!f.macro,
      textStatus: f.text_status as FileRefDto['textStatus'],
      addedAt: f.added_at as number,
    }));
  }

  /** List items for search hits, with the two fields search also highlights (notes, signer) in the same query. */
  function hitsByIds(ids: number[], today: string): Map<number, { item: DocumentListItem; notes: string | null; signer: string | null }> {
    const map = new Map<number, { item: DocumentListItem; notes: string | null; signer: string | null }>();
    if (!ids.length) return map;
    const rows = raw
      .prepare(`SELECT ${LIST_COLUMNS}, ${selectFields(['notes', 'signerName'])} FROM ${LIST_FROM} WHERE d.id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as Array<ListRow & RowOf<['notes', 'signerName']>>;
    for (const r of rows) map.set(r.id, { item: toListItem(r, today), notes: r.notes, signer: r.signerName });
    return map;
  }

  /** Highlight ranges per shown field, and which of the words were found in those fields at all. */
  function highlightsOf(item: DocumentListItem, notes: string | null, signer: string | null, terms: string[]) {
    const fields: Array<[HighlightField, string | null]> = [
      ['subject', item.subject],
      ['issuerName', item.issuerName],
      ['code', formatCode(item.codeNumber, item.codeNotation)],
      ['typeName', item.typeName],
      ['notes', notes],
      ['signerName', signer],
    ];
    const highlights: SearchHit['highlights'] = [];
    const covered = new Set<string>();
    for (const [field, value] of fields) {
      if (!value) continue;
      for (const t of terms) if (!covered.has(t) && highlightRanges(value, [t]).length) covered.add(t);
      const ranges = highlightRanges(value, terms);
      if (ranges.length) highlights.push({ field, ranges });
    }
    return { highlights, covered };
  }

  /** A passage of the first file whose text holds the rarest-looking term, cut from the original text. */
  function snippetOf(docId: number, terms: string[], allTerms: string[]): SearchHit['snippet'] {
    const term = [...terms].sort((a, b) => b.length - a.length)[0];
    const r = raw
      .prepare(
        `SELECT f.file_name, instr(t.folded, @term) AS pos,
                substr(t.text, max(1, instr(t.folded, @term) - ${SNIPPET_BEFORE}), ${SNIPPET_LENGTH}) AS passage,
                max(1, instr(t.folded, @term) - ${SNIPPET_BEFORE}) AS start
           FROM document_files f JOIN blob_texts t ON t.hash = f.blob_hash
          WHERE f.document_id = @id AND instr(t.folded, @term) > 0 ORDER BY f.position LIMIT 1`,
      )
      .get({ id: docId, term }) as { file_name: string; passage: string; start: number } | undefined;
    if (!r) return null;
    const text = `${r.start > 1 ? '…' : ''}${r.passage.replace(/\s+/g, ' ').trim()}…`;
    return { fileName: r.file_name, text, ranges: highlightRanges(text, allTerms) };
  }

  /**
   * The index expression of an issuer filter when it matches few documents. Then the page is built from the index's
   * list of them (sorted, cheap when short); otherwise scanning in arrival order finds 50 matches quickly. Either way
   * stays in milliseconds.
   */
  function rareIssuerMatch(issuer: string | undefined): string | null {
    const m = issuer ? fts.issuerMatch(queryTerms(issuer).slice(0, 12)) : null;
    if (!m) return null;
    const n = (raw.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)').get(m, RARE_ISSUER + 1) as { n: number }).n;
    return n <= RARE_ISSUER ? m : null;
  }

  /**
   * Index upgrades that need the folded text computed here, run once at start; `PRAGMA user_version` records the
   * level reached. 1: document numbers also indexed without their leading zero (`07` -> `7`). 2: the index of
   * migration 0023 (search-index.ts), which the migration leaves empty, filled for every document.
   */
  function upgradeIndex(): number {
    const level = raw.pragma('user_version', { simple: true }) as number;
    if (level >= INDEX_LEVEL) return 0;
    let n = 0;
    raw
      .transaction(() => {
        // Level 2 rewrites every row, which includes what level 1 did: read in id order, written a batch at a time.
        raw.exec('DELETE FROM documents_fts');
        const withText = new Set(raw.prepare('SELECT DISTINCT f.document_id FROM document_files f JOIN blob_texts t ON t.hash = f.blob_hash').pluck().all() as number[]);
        const page = raw.prepare(`SELECT id, direction, ${selectFields(INDEXED_FIELDS, 'documents')} FROM documents WHERE id > ? ORDER BY id LIMIT 5000`);
        for (let after = 0; ;) {
          const rows = page.all(after) as Array<MetaFields & { id: number; direction: string }>;
          if (!rows.length) break;
          fts.writeNew(rows.map((m) => ({ id: m.id, texts: { ...metaText(m), body: withText.has(m.id) ? bodyOf(m.id) : '', direction: m.direction } })));
          after = rows[rows.length - 1].id;
          n += rows.length;
        }
        raw.pragma(`user_version = ${INDEX_LEVEL}`);
      })
      .immediate();
    return n;
  }

  /** Whether the WHERE of a search is only the direction (an office-wide reader, no filter): the index counts alone. */
  const directionOnly = (w: { clauses: string[] }) => w.clauses.length === 2 && w.clauses[0] === 'd.direction = @direction' && w.clauses[1] === '1 = 1';

  const countFts = raw.prepare('SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)').pluck();

  /**
   * How many documents match, up to `cap`: from the index alone when the WHERE is only the direction. The matches of
   * the other direction are counted and taken off (a register rarely shares many matches with the other one); ANDing
   * the direction's own word into the match would make FTS5 step through that long list as well.
   */
  function countUpTo(match: string, w: { clauses: string[]; params: Record<string, unknown> }, cap: number): number {
    if (directionOnly(w)) {
      const dir = w.params.direction === 'out' ? 'out' : 'in';
      const other = countFts.get(fts.inDirection(match, dir === 'in' ? 'out' : 'in'), cap) as number;
      if (other < cap) return Math.min(cap, (countFts.get(match, cap + other) as number) - other);
      return countFts.get(fts.inDirection(match, dir), cap) as number;
    }
    return (
      raw
        .prepare(
          `SELECT count(*) AS n FROM (SELECT 1 FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH @match AND ${w.clauses.join(' AND ')} LIMIT @cap)`,
        )
        .get({ ...w.params, match, cap }) as { n: number }
    ).n;
  }

  /** The match a search uses: whole words (but the last), or every word a prefix when whole words find too little. */
  function chooseMatch(p: ParsedQuery, w: { clauses: string[]; params: Record<string, unknown> }, need: number, cap: number): { m: SearchMatch; counted: number } {
    const m = fts.match(p, false);
    const counted = countUpTo(m.all, w, Math.max(cap, need));
    // Whole words found too little: perhaps an earlier word was typed unfinished ("quy dinh"). Try prefixes.
    if (counted < need && new Set(p.alternatives.flat()).size > 1) {
      const broad = fts.match(p, true);
      const broader = countUpTo(broad.all, w, Math.max(cap, need));
      if (broader > counted) return { m: broad, counted: broader };
    }
    return { m, counted };
  }

  /**
   * The page of a search from the index: each tier read newest first and stopped after the page, so the cost does
   * not grow with the number of matches. Matches are counted only one past the page (whether there are more);
   * counting further is documents.searchTotal's, asked after the page is shown.
   */
  function searchIndex(p: ParsedQuery, w: { clauses: string[]; params: Record<string, unknown> }, input: { limit: number; offset: number }): { ids: number[]; counted: number } {
    const where = w.clauses.join(' AND ');
    const tierRows = (match: string, limit: number, offset: number) =>
      raw
        .prepare(
          `SELECT f.rowid AS id FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH @match AND ${where} ORDER BY f.rowid DESC LIMIT @limit OFFSET @offset`,
        )
        .pluck()
        .all({ ...w.params, match, limit, offset }) as number[];
    const { m, counted } = chooseMatch(p, w, input.offset + input.limit, input.offset + input.limit + 1);
    const ids: number[] = [];
    let skip = input.offset;
    for (const tier of m.tiers) {
      const need = input.limit - ids.length;
      if (need <= 0) break;
      const rows = tierRows(tier, need, skip).filter((id) => !ids.includes(id));
      ids.push(...rows);
      // Whatever of the offset this tier did not consume carries over to the next one.
      if (skip > 0) skip = rows.length ? 0 : Math.max(0, skip - countUpTo(tier, w, skip));
    }
    return { ids, counted };
  }

  /** The ids the filters and the viewer's access allow, newest first, when they are at most `max`; else null. */
  function smallSet(where: string, params: Record<string, unknown>, max: number): number[] | null {
    const ids = raw
      .prepare(`SELECT d.id FROM documents d WHERE ${where} ORDER BY d.id DESC LIMIT @cap`)
      .pluck()
      .all({ ...params, cap: max + 1 }) as number[];
    return ids.length > max ? null : ids;
  }

  /**
   * What a search reads: its words, the WHERE of its filters and the viewer's access, and — for a reader who sees only
   * documents given to them — those few ids, which are read instead of the index's every match. Null: no words.
   */
  function scope(input: { query: string; filters: DocumentFilters }, today: string, viewer: Viewer, opts: { smallSetMax?: number }) {
    const q = ftsQuery(input.query);
    if (!q) return null;
    const w = filterWhere(input.filters, today, accessSql(viewer), { defaultStatuses: false });
    const own = viewer.wide ? null : smallSet(w.clauses.join(' AND '), w.params, opts.smallSetMax ?? SMALL_SET);
    return { q, w, own };
  }

  /** The same page as searchIndex, found by reading each of a few documents (documents/match-small.ts). */
  function searchAmong(ids: number[], query: string, input: { limit: number; offset: number }): { ids: number[]; counted: number } {
    const parsed = parseQuery(query);
    const withText = new Set(
      raw
        .prepare('SELECT DISTINCT f.document_id FROM document_files f JOIN blob_texts t ON t.hash = f.blob_hash WHERE f.document_id IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(ids)) as number[],
    );
    const texts = ids.map((id) => {
      let body: string | null = null;
      return { id, texts: { ...metaText(metaStmt.get(id) as MetaFields), body: () => (body ??= bodyOf(id)) } };
    });
    const rank = (prefixAll: boolean) => {
      const matcher = smallMatcher(parsed, prefixAll);
      const tiers: number[][] = [[], [], []];
      for (const t of texts) {
        const tier = matcher.tierOf(t.texts, withText.has(t.id));
        if (tier !== null) tiers[tier].push(t.id);
      }
      return tiers.flat();
    };
    let all = rank(false);
    if (all.length < input.offset + input.limit && new Set(parsed.alternatives.flat()).size > 1) {
      const broader = rank(true);
      if (broader.length > all.length) all = broader;
    }
    return { ids: all.slice(input.offset, input.offset + input.limit), counted: all.length };
  }

  return {
    index,
    indexNew,
    upgradeIndex,

    /**
     * Keeps the index in few pieces (hourly job): when more than TIDY_SEGMENTS have piled up from single-document
     * writes, merges them for at most `budgetMs`. Returns the merge steps done.
     */
    tidyIndex(budgetMs = 1_000): number {
      return fts.segments() > TIDY_SEGMENTS ? fts.tidy(budgetMs) : 0;
    },

    /** How many pieces the search index is in (for the bench and the tests). */
    searchIndexSegments(): number {
      return fts.segments();
    },

    /** Re-indexes every document that carries the file (its text just became available). */
    reindexByBlob(hash: string): number {
      const ids = raw.prepare('SELECT DISTINCT document_id AS id FROM document_files WHERE blob_hash = ?').all(hash) as Array<{ id: number }>;
      for (const { id } of ids) index(id);
      return ids.length;
    },

    /** The document, or not_found when it does not exist or the viewer may not see it (the same answer). */
    get(id: number, orgName: string, today: string, viewer: Viewer): DocumentDetail {
      const a = accessSql(viewer);
      const r = raw
        .prepare(
          `SELECT ${LIST_COLUMNS}, ${selectFields(DETAIL_FIELDS)}, ur.full_name AS registeredByName, uv.full_name AS voidedByName,
                  uf.full_name AS refusedByName
             FROM ${LIST_FROM}
             LEFT JOIN users ur ON ur.id = d.registered_by
             LEFT JOIN users uv ON uv.id = d.voided_by
             LEFT JOIN users uf ON uf.id = d.refused_by
            WHERE d.id = @id AND ${a.clause}`,
        )
        .get({ ...a.params, id }) as DetailRow | undefined;
      if (!r) throw new AppError('not_found', 'Không tìm thấy văn bản.');
      return {
        ...toListItem(r, today),
        issuerAgencyId: r.issuerAgencyId,
        issuerCode: r.issuerCode,
        docTypeId: r.docTypeId,
        signerPosition: r.signerPosition,
        signerName: r.signerName,
        urgentDeadlineAt: r.urgentDeadlineAt,
        pageCount: r.pageCount,
        copies: r.copies,
        notes: r.notes,
        edxmlDocumentId: r.edxmlDocumentId,
        oldArrivalNumber: r.oldArrivalNumber,
        registeredBy: r.registeredByName,
        voidReason: r.voidReason,
        voidedAt: r.voidedAt,
        voidedBy: r.voidedByName,
        refusalReason: r.refusalReason,
        refusalText: r.refusalText,
        refusedAt: r.refusedAt,
        refusedBy: r.refusedByName,
        files: files(id),
        stamp: { orgName, arrivalNumber: r.arrivalNumber, receivedAt: r.receivedAt, arrivalAt: r.arrivalAt, transfer: r.recipient, fileCode: r.fileCode },
      };
    },

    list(
      input: { filters: DocumentFilters; sort: 'arrival_desc' | 'arrival_asc'; limit: number; cursor?: string; startDate?: string; withTotal: boolean },
      today: string,
      viewer: Viewer,
    ): ListPage {
      const access = accessSql(viewer);
      const w = filterWhere(input.filters, today, access, { issuerMatch: rareIssuerMatch(input.filters.issuer) });
      const desc = input.sort === 'arrival_desc';
      const cursor = input.cursor ? decodeCursor(input.cursor) : null;
      if (input.cursor && !cursor) throw new AppError('invalid_input', 'Vị trí trang không hợp lệ.', { fields: [{ path: 'cursor', message: 'Vị trí trang không hợp lệ.' }] });
      const clauses = [...w.clauses];
      const params: Record<string, unknown> = { ...w.params, limit: input.limit + 1 };
      // Walking backwards (the page before a cursor) reads the index in the opposite order, then flips the rows.
      const backwards = cursor?.dir === 'before';
      const ascending = desc === backwards;
      if (cursor) {
        clauses.push(ascending ? '(d.arrival_at, d.id) > (@cAt, @cId)' : '(d.arrival_at, d.id) < (@cAt, @cId)');
        params.cAt = cursor.at;
        params.cId = cursor.id;
      } else if (input.startDate) {
        // Jump to a date: the page starts with the documents of that day.
        const dayStart = vnInstant(input.startDate, '00:00');
        clauses.push(desc ? 'd.arrival_at < @jump' : 'd.arrival_at >= @jump');
        params.jump = desc ? dayStart + 86_400_000 : dayStart;
      }
      const order = ascending ? 'ASC' : 'DESC';
      const sql = `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${clauses.join(' AND ')} ORDER BY d.arrival_at ${order}, d.id ${order} LIMIT @limit`;
      let rows = raw.prepare(sql).all(params) as ListRow[];
      const more = rows.length > input.limit;
      rows = rows.slice(0, input.limit);
      if (backwards) rows.reverse();
      const items = rows.map((r) => toListItem(r, today));
      const first = rows[0];
      const last = rows[rows.length - 1];
      // A page reached by going back always has one after it; a first page (no cursor) has none before it.
      const hasNext = backwards ? true : more;
      const hasPrev = backwards ? more : !!cursor || !!input.startDate;
      const pinnedWhere = filterWhere({ ...input.filters, status: 'registered', handling: 'new', urgentOnly: true }, today, access);
      const pinned =
        cursor || input.startDate
          ? []
          : (
              raw
                .prepare(`SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${pinnedWhere.clauses.join(' AND ')} ORDER BY d.urgency DESC, d.arrival_at ASC LIMIT 20`)
                .all(pinnedWhere.params) as ListRow[]
            ).map((r) => toListItem(r, today));
      const total = input.withTotal ? (raw.prepare(`SELECT count(*) AS n FROM documents d WHERE ${w.clauses.join(' AND ')}`).get(w.params) as { n: number }).n : null;
      return {
        items,
        pinned,
        nextCursor: hasNext && last ? encodeCursor({ at: last.arrivalAt, id: last.id, dir: 'after' }) : null,
        prevCursor: hasPrev && first ? encodeCursor({ at: first.arrivalAt, id: first.id, dir: 'before' }) : null,
        total,
      };
    },

    /** The number of documents a list would show (the slow part of a list, asked for separately). */
    count(filters: DocumentFilters, today: string, viewer: Viewer): number {
      const w = filterWhere(filters, today, accessSql(viewer), { issuerMatch: rareIssuerMatch(filters.issuer) });
      return (raw.prepare(`SELECT count(*) AS n FROM documents d WHERE ${w.clauses.join(' AND ')}`).get(w.params) as { n: number }).n;
    },

    /**
     * Full-text search ranked by where the words are (tier: trích yếu/số ký hiệu/cơ quan, then other metadata, then
     * file text), newest first within a tier. The total is exact when the matches end on this page, else "more than
     * the page" (documents.searchTotal counts them).
     * `smallSetMax` is for tests.
     */
    search(input: { query: string; filters: DocumentFilters; limit: number; offset: number }, today: string, viewer: Viewer, opts: { smallSetMax?: number } = {}): SearchResult {
      const started = performance.now();
      const sc = scope(input, today, viewer, opts);
      if (!sc) return { items: [], total: 0, totalExact: true, terms: [], tookMs: 0 };
      const { q, w, own } = sc;
      const found = own ? searchAmong(own, input.query, input) : searchIndex(q.parsed, w, input);
      const byId = hitsByIds(found.ids, today);
      const items: SearchHit[] = [];
      for (const id of found.ids) {
        const hit = byId.get(id);
        if (!hit) continue;
        const { item } = hit;
        const { highlights, covered } = highlightsOf(item, hit.notes, hit.signer, q.highlight);
        // Only when some word is not in the shown fields did the match come from a file: show where.
        const missing = q.terms.filter((t) => !wordForms(t).some((f) => covered.has(f))).flatMap(wordForms);
        const snippet = missing.length ? snippetOf(id, missing, q.highlight) : null;
        items.push({ item, highlights, snippet });
      }
      return {
        items,
        total: Math.min(found.counted, input.offset + input.limit),
        totalExact: found.counted <= input.offset + input.limit,
        terms: q.terms,
        tookMs: Math.round((performance.now() - started) * 10) / 10,
      };
    },

    /** The exact number of a search's matches up to TOTAL_CAP, asked after the page when the page says "more than". */
    searchTotal(
      input: { query: string; filters: DocumentFilters; limit: number; offset: number },
      today: string,
      viewer: Viewer,
      opts: { smallSetMax?: number } = {},
    ): SearchTotal {
      const sc = scope(input, today, viewer, opts);
      if (!sc) return { total: 0, totalExact: true };
      const { q, w, own } = sc;
      const counted = own ? searchAmong(own, input.query, input).counted : chooseMatch(q.parsed, w, input.offset + input.limit, TOTAL_CAP + 1).counted;
      return { total: Math.min(counted, TOTAL_CAP), totalExact: counted <= TOTAL_CAP };
    },

    /** Every document matching filters and (optionally) a query, in list order, for export. */
    all(query: string, filters: DocumentFilters, today: string, max: number, viewer: Viewer): DocumentListItem[] {
      const q = ftsQuery(query);
      const w = filterWhere(filters, today, accessSql(viewer), { defaultStatuses: !q });
      const rows = q
        ? fts
            .match(q.parsed, false)
            .tiers.flatMap(
              (tier) =>
                raw
                  .prepare(
                    `SELECT ${LIST_COLUMNS} FROM documents_fts f JOIN documents d ON d.id = f.rowid LEFT JOIN registers r ON r.id = d.register_id
                    WHERE documents_fts MATCH @match AND ${w.clauses.join(' AND ')} ORDER BY f.rowid DESC LIMIT @max`,
                  )
                  .all({ ...w.params, match: tier, max }) as ListRow[],
            )
            .slice(0, max)
        : (raw
            .prepare(`SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${w.clauses.join(' AND ')} ORDER BY d.arrival_at DESC, d.id DESC LIMIT @max`)
            .all({ ...w.params, max }) as ListRow[]);
      return rows.map((r) => toListItem(r, today));
    },

    /** Documents that look like the one described: same liên thông id, or same number, notation, date and issuer. */
    duplicates(
      p: {
        excludeId?: number;
        issuer: { code: string | null; name: string };
        codeNumber: string | null;
        codeNotation: string | null;
        issuedDate: string | null;
        edxmlDocumentId: string | null;
      },
      viewer: Viewer,
    ): DuplicateCandidate[] {
      const out = new Map<number, DuplicateCandidate>();
      const cols = `${selectFields(DUPLICATE_FIELDS)}, r.name AS registerName`;
      const push = (r: DuplicateRow, reason: DuplicateCandidate['reason']) => {
        if (out.has(r.id) || r.id === p.excludeId) return;
        out.set(r.id, {
          id: r.id,
          status: r.status,
          arrivalNumber: r.arrivalNumber,
          registerName: r.registerName,
          arrivalAt: r.arrivalAt,
          issuerName: r.issuerName,
          codeNumber: r.codeNumber,
          codeNotation: r.codeNotation,
          issuedDate: r.issuedDate,
          subject: r.subject,
          receivedVia: r.receivedVia,
          reason,
        });
      };
      if (p.edxmlDocumentId) {
        for (const r of raw
          .prepare(`SELECT ${cols} FROM ${LIST_FROM} WHERE d.edxml_document_id = ? AND d.status IN ('registered', 'pending')`)
          .all(p.edxmlDocumentId) as DuplicateRow[])
          push(r, 'document_id');
      }
      const key = duplicateKey(p);
      if (key) {
        for (const r of raw.prepare(`SELECT ${cols} FROM ${LIST_FROM} WHERE d.dup_key = ? AND d.status IN ('registered', 'pending')`).all(key) as DuplicateRow[]) {
          if (sameIssuer({ code: p.issuer.code, name: p.issuer.name }, { code: r.issuerCode, name: r.issuerName })) push(r, 'same_code');
        }
      }
      // The warning must still fire for a document the clerk may not see (a number is never given twice), but it
      // tells only what the clerk typed and where the other one is registered, not its subject.
      const hidden = out.size ? visibleIds(raw, viewer, [...out.keys()]) : null;
      return [...out.values()].map((c) => (hidden && !hidden.has(c.id) ? { ...c, subject: RESTRICTED_SUBJECT } : c));
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocuments>;
