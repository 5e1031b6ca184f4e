// SQL pieces shared by the document list, search and export: the list columns, the filter -> WHERE translation,
// the keyset cursor, and the folded texts fed to the full-text index. Builds SQL text only; runs nothing.

import type { DocumentFilters, DocumentListItem } from '../../src-shared/api/documents';
import { addDays, vnInstant } from '../../src-shared/calendar/vn-time';
import { formatCode, type DocStatus, type HandlingStatus, type Urgency } from '../../src-shared/documents';
import { fold, queryTerms } from '../../src-shared/vn/text';
import type { AccessSql } from './access';
import { INDEXED_FIELDS, LIST_FIELDS, selectFields, type RowOf } from './columns';

export const LIST_COLUMNS = `${selectFields(LIST_FIELDS)}, r.name AS registerName,
  (SELECT count(*) FROM document_files df WHERE df.document_id = d.id) AS fileCount`;

export const LIST_FROM = 'documents d LEFT JOIN registers r ON r.id = d.register_id';

export type ListRow = RowOf<typeof LIST_FIELDS> & { registerName: string | null; fileCount: number };

export function isOverdue(r: { status: DocStatus; handlingStatus: HandlingStatus; handlingDueDate: string | null }, today: string): boolean {
  return r.status === 'registered' && r.handlingStatus !== 'done' && !!r.handlingDueDate && r.handlingDueDate < today;
}

export function toListItem(r: ListRow, today: string): DocumentListItem {
  return {
    id: r.id,
    status: r.status,
    registerId: r.registerId,
    registerName: r.registerName,
    year: r.year,
    arrivalNumber: r.arrivalNumber,
    arrivalAt: r.arrivalAt,
    receivedAt: r.receivedAt,
    registrationDueAt: r.registrationDueAt,
    registeredAt: r.registeredAt,
    late: !!r.late,
    issuerName: r.issuerName,
    codeNumber: r.codeNumber,
    codeNotation: r.codeNotation,
    issuedDate: r.issuedDate,
    typeName: r.typeName,
    subject: r.subject,
    urgency: r.urgency as Urgency,
    handlingStatus: r.handlingStatus,
    handlingDueDate: r.handlingDueDate,
    overdue: isOverdue(r, today),
    receivedVia: r.receivedVia,
    fileCount: r.fileCount,
    restricted: !!r.restricted,
  };
}

export interface SqlWhere {
  clauses: string[];
  params: Record<string, unknown>;
}

/**
 * WHERE clauses for the filters and the viewer's access (documents/access.ts). Without a status filter the register view shows registered and voided documents
 * (pending ones wait in their own list; refused ones are asked for explicitly).
 */
export function filterWhere(f: DocumentFilters, today: string, access: AccessSql, opts: { defaultStatuses?: boolean; issuerMatch?: string | null } = {}): SqlWhere {
  // Who may see what comes first and is never optional: every list, count, search and export is built here.
  const clauses: string[] = ['d.direction = @direction', access.clause];
  const params: Record<string, unknown> = { direction: f.direction ?? 'in', ...access.params };
  const add = (clause: string, name: string, value: unknown) => {
    clauses.push(clause);
    params[name] = value;
  };
  if (f.status) add('d.status = @status', 'status', f.status);
  // Outgoing: the issued (and recalled) ones, as the register shows them; drafts are asked for by status.
  else if (opts.defaultStatuses !== false) clauses.push(f.direction === 'out' ? "d.status IN ('issued', 'recalled')" : "d.status IN ('registered', 'voided')");
  if (f.from) add('d.arrival_at >= @from', 'from', vnInstant(f.from, '00:00'));
  if (f.to) add('d.arrival_at < @to', 'to', vnInstant(addDays(f.to, 1), '00:00'));
  // The year is the Vietnam year of arrival_at: as a range it rides the arrival index.
  if (f.year) {
    clauses.push('d.arrival_at >= @yearFrom AND d.arrival_at < @yearTo');
    params.yearFrom = vnInstant(`${f.year}-01-01`, '00:00');
    params.yearTo = vnInstant(`${f.year + 1}-01-01`, '00:00');
  }
  if (f.registerId) add('d.register_id = @registerId', 'registerId', f.registerId);
  if (f.issuerAgencyId) add('d.issuer_agency_id = @issuerAgencyId', 'issuerAgencyId', f.issuerAgencyId);
  if (f.issuer?.trim()) {
    const words = queryTerms(f.issuer).slice(0, 12);
    // Word starts, as in the index: " huyen" matches "... huyện ...", not "chuyển".
    words.forEach((w, i) => add(`(' ' || d.issuer_search) LIKE @issuerWord${i} ESCAPE '\\'`, `issuerWord${i}`, `% ${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    // Few documents have these words at all: their list from the index first (search-index.ts issuerMatch).
    if (opts.issuerMatch && words.length) add('d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @issuerMatch)', 'issuerMatch', opts.issuerMatch);
  }
  if (f.docTypeId) add('d.doc_type_id = @docTypeId', 'docTypeId', f.docTypeId);
  if (f.urgency !== undefined) add('d.urgency = @urgency', 'urgency', f.urgency);
  if (f.urgentOnly) clauses.push('d.urgency > 0');
  if (f.handling) add('d.handling_status = @handling', 'handling', f.handling);
  if (f.receivedVia) add('d.received_via = @receivedVia', 'receivedVia', f.receivedVia);
  if (f.late !== undefined) add('d.late = @late', 'late', f.late ? 1 : 0);
  if (f.overdue) {
    clauses.push("d.status = 'registered' AND d.handling_status != 'done' AND d.handling_due_date < @today");
    params.today = today;
  }
  return { clauses, params };
}

// ---- keyset cursor --------------------------------------------------------------------------------------------

export interface Cursor {
  at: number;
  id: number;
  /** after: the rows that follow this one in the current order; before: those that precede it. */
  dir: 'after' | 'before';
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id, c.dir === 'after' ? 1 : 0])).toString('base64url');
}

export function decodeCursor(s: string): Cursor | null {
  try {
    const [at, id, dir] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [number, number, number];
    if (!Number.isInteger(at) || !Number.isInteger(id)) return null;
    return { at, id, dir: dir ? 'after' : 'before' };
  } catch {
    return null;
  }
}

// ---- full-text ----------------------------------------------------------------------------------------------

/** The metadata the full-text index holds. Số đến cũ of an imported document is found by search, weighed as other metadata. */
export type MetaFields = Omit<RowOf<typeof INDEXED_FIELDS>, 'oldArrivalNumber'> & { oldArrivalNumber?: string | null };

/**
 * The forms a document number is found by. Numbers under 10 are written with a leading zero (`07/KH-UBND`, NĐ 30
 * Phụ lục I) but clerks type them as on paper, with or without it: the index holds the number without leading
 * zeros beside the written form, and the query asks for both (`wordForms`).
 */
export function numberForms(codeNumber: string | null): string | null {
  const n = codeNumber?.trim() ?? '';
  if (!/^\d+$/.test(n)) return null;
  const bare = n.replace(/^0+(?=\d)/, '');
  return bare === formatCode(n, null) ? null : bare;
}

/** What the index holds for a document's metadata, folded, split by how much a match there should weigh. */
export function metaText(d: MetaFields): { head: string; issuer: string; other: string } {
  const join = (parts: Array<string | null>) => fold(parts.filter(Boolean).join('\n'));
  return {
    head: join([d.subject, d.typeName, formatCode(d.codeNumber, d.codeNotation), numberForms(d.codeNumber), d.arrivalNumber != null ? String(d.arrivalNumber) : null]),
    issuer: join([d.issuerName, d.issuerCode]),
    other: join([d.signerPosition, d.signerName, d.notes, d.recipient, d.oldArrivalNumber ?? null]),
  };
}

/**
 * A query as the clerk typed it: words that must all appear, in any order; `OR` (capitals) between alternatives
 * (`hop OR hoi nghi`: either "họp", or both "hội" and "nghị"); `-word` or `NOT word` for words that must not
 * appear. OR and NOT count only in capitals, so that ordinary words are never taken for operators. A word with
 * punctuation (`7/KH-UBND`) is several index words that must all appear.
 */
export interface ParsedQuery {
  /** Alternatives, each a list of words that must all appear. */
  alternatives: string[][];
  /** Words of which none may appear. */
  excluded: string[];
}

export function parseQuery(query: string): ParsedQuery {
  const alternatives: string[][] = [[]];
  const excluded: string[] = [];
  let notNext = false;
  for (const token of query.normalize('NFC').split(/\s+/).filter(Boolean)) {
    if (token === 'OR') {
      if (alternatives[alternatives.length - 1].length) alternatives.push([]);
      continue;
    }
    if (token === 'NOT') {
      notNext = true;
      continue;
    }
    const negative = notNext || (token.startsWith('-') && token.length > 1);
    notNext = false;
    const words = queryTerms(token);
    if (negative) excluded.push(...words);
    else alternatives[alternatives.length - 1].push(...words);
  }
  return {
    alternatives: alternatives
      .filter((a) => a.length)
      .slice(0, 8)
      .map((a) => a.slice(0, 12)),
    excluded: [...new Set(excluded)].slice(0, 12),
  };
}

/** A word and, for a number, its forms with and without a leading zero. */
export function wordForms(t: string): string[] {
  if (!/^\d+$/.test(t)) return [t];
  const bare = t.replace(/^0+(?=\d)/, '');
  return [...new Set([t, bare, ...(bare.length === 1 ? [`0${bare}`] : [])])];
}

export interface FtsQuery {
  parsed: ParsedQuery;
  /** The folded words that must be found (not the excluded ones). */
  terms: string[];
  /** What to highlight: the words and the forms of numbers (`7` also highlights `07`). */
  highlight: string[];
}

/**
 * A search's words. Search ranks in tiers: all words in the head or issuer (trích yếu, số ký hiệu, cơ quan), else
 * in any metadata, else only with the help of the files' text; newest first within one. Excluded words are excluded
 * everywhere. The index expressions are built by search-index.ts.
 */
export function ftsQuery(query: string): FtsQuery | null {
  const p = parseQuery(query);
  if (!p.alternatives.length) return null;
  const terms = [...new Set(p.alternatives.flat())];
  const highlight = [...new Set(terms.flatMap(wordForms))];
  return { parsed: p, terms, highlight };
}

/**
 * fold(number|notation|issued date): documents sharing it are candidates for "the same document"; the issuer is
 * compared separately (sameIssuer) because one clerk picks it from the directory and another types it.
 */
export function duplicateKey(d: { codeNumber: string | null; codeNotation: string | null; issuedDate: string | null }): string | null {
  if (!d.codeNumber || !d.issuedDate) return null;
  const num = d.codeNumber.replace(/^0+(?=\d)/, '');
  return fold(`${num}|${d.codeNotation ?? ''}|${d.issuedDate}`).replace(/\s+/g, '');
}

function issuerWords(name: string): string {
  return fold(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function sameIssuer(a: { code: string | null; name: string }, b: { code: string | null; name: string }): boolean {
  if (a.code && b.code) return a.code.toUpperCase() === b.code.toUpperCase();
  const x = issuerWords(a.name);
  const y = issuerWords(b.name);
  return !!x && !!y && (x === y || x.includes(y) || y.includes(x));
}
