// The documents table's columns by field name, written once: every INSERT, UPDATE and SELECT of a document row is
// built here from the drizzle table (field -> column), and row types come from it. Builds SQL text only; runs nothing.

import { getTableColumns } from 'drizzle-orm';
import { documents } from './schema';

export type DocumentRow = typeof documents.$inferSelect;
export type DocField = keyof DocumentRow;

/** A row as better-sqlite3 returns it: boolean columns stay 0/1. */
type SqlValue<V> = V extends boolean ? number : V;
export type Raw<T> = { [K in keyof T]: SqlValue<T[K]> };
/** The given fields of a document row, as read by raw SQL built with selectFields. */
export type RowOf<F extends readonly DocField[]> = Raw<Pick<DocumentRow, F[number]>>;

const COLUMNS = getTableColumns(documents);

/** The column of a field: `signerPosition` -> `signer_position`. */
export const column = (f: DocField): string => COLUMNS[f].name;

/** `d.signer_position AS signerPosition, …`: the rows come back keyed by field name. */
export function selectFields(fields: readonly DocField[], alias = 'd'): string {
  return fields.map((f) => `${alias}.${column(f)} AS ${f}`).join(', ');
}

/** `signer_position = @signerPosition, …` */
export function setFields(fields: readonly DocField[]): string {
  return fields.map((f) => `${column(f)} = @${f}`).join(', ');
}

/**
 * INSERT of the fields, in order; each value is `@field` (or `?` with positional: true) unless `values` gives an
 * SQL expression for it (a literal, or another parameter).
 */
export function insertFields(fields: readonly DocField[], values: Partial<Record<DocField, string>> = {}, positional = false): string {
  const value = (f: DocField) => values[f] ?? (positional ? '?' : `@${f}`);
  return `INSERT INTO documents (${fields.map(column).join(', ')}) VALUES (${fields.map(value).join(', ')})`;
}

// ---- the field lists ---------------------------------------------------------------------------------------------

/** The metadata a clerk enters (standards §3.10 II, Phụ lục IV) and the keys derived from it: set by intake, registration and edits. */
export const METADATA_FIELDS = [
  'issuerAgencyId',
  'issuerCode',
  'issuerName',
  'issuerSearch',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'docTypeId',
  'typeName',
  'subject',
  'signerPosition',
  'signerName',
  'urgency',
  'urgentDeadlineAt',
  'pageCount',
  'copies',
  'receivedVia',
  'handlingDueDate',
  'notes',
  'edxmlDocumentId',
  'dupKey',
  'restricted',
] as const satisfies readonly DocField[];

/** What registration sets on a pending document, besides the metadata. */
export const REGISTRATION_FIELDS = ['status', 'registerId', 'arrivalNumber', 'registeredAt', 'registeredBy', 'late'] as const satisfies readonly DocField[];

/** The leading columns of every new row: its state, its register and number, and the arrival times. */
const ROW_HEAD_FIELDS = [
  'direction',
  'status',
  'source',
  'registerId',
  'year',
  'arrivalNumber',
  'receivedAt',
  'arrivalAt',
  'registrationDueAt',
  'registeredAt',
  'registeredBy',
  'late',
] as const satisfies readonly DocField[];

/** A document row as intake, registration and refusal create it. */
export const INSERT_FIELDS = [
  ...ROW_HEAD_FIELDS,
  ...METADATA_FIELDS,
  'handlingStatus',
  'recipient',
  'transferDate',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const satisfies readonly DocField[];

/** A row of an old register (imports/incoming-legacy.ts); positional, in this order. */
export const IMPORT_FIELDS = [
  ...ROW_HEAD_FIELDS,
  'issuerName',
  'issuerSearch',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'docTypeId',
  'typeName',
  'subject',
  'urgency',
  'pageCount',
  'receivedVia',
  'handlingStatus',
  'notes',
  'recipient',
  'transferDate',
  'dupKey',
  'createdBy',
  'createdAt',
  'updatedAt',
  'oldArrivalNumber',
] as const satisfies readonly DocField[];

/** The columns of a list item, search hit and export row (never bodies, never file text). */
export const LIST_FIELDS = [
  'id',
  'status',
  'registerId',
  'year',
  'arrivalNumber',
  'arrivalAt',
  'receivedAt',
  'registrationDueAt',
  'registeredAt',
  'late',
  'issuerName',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'typeName',
  'subject',
  'urgency',
  'handlingStatus',
  'handlingDueDate',
  'receivedVia',
  'restricted',
] as const satisfies readonly DocField[];

/** The detail's columns beyond the list item's. */
export const DETAIL_FIELDS = [
  'issuerAgencyId',
  'issuerCode',
  'docTypeId',
  'signerPosition',
  'signerName',
  'urgentDeadlineAt',
  'pageCount',
  'copies',
  'notes',
  'recipient',
  'transferDate',
  'fileCode',
  'edxmlDocumentId',
  'oldArrivalNumber',
  'voidReason',
  'voidedAt',
  'refusalReason',
  'refusalText',
  'refusedAt',
] as const satisfies readonly DocField[];

/** The metadata the full-text index holds (query.ts metaText). */
export const INDEXED_FIELDS = [
  'subject',
  'typeName',
  'codeNumber',
  'codeNotation',
  'issuerName',
  'issuerCode',
  'signerPosition',
  'signerName',
  'notes',
  'recipient',
  'arrivalNumber',
  'oldArrivalNumber',
] as const satisfies readonly DocField[];

/** The edited fields an edit's audit row lists with their old and new values. */
export const AUDITED_EDIT_FIELDS = [
  'issuerName',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'typeName',
  'subject',
  'signerPosition',
  'signerName',
  'urgency',
  'pageCount',
  'copies',
  'receivedVia',
  'handlingDueDate',
  'notes',
] as const satisfies readonly DocField[];

/** What the duplicate warning shows of a candidate. */
export const DUPLICATE_FIELDS = [
  'id',
  'status',
  'arrivalNumber',
  'arrivalAt',
  'issuerName',
  'issuerCode',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'subject',
  'receivedVia',
] as const satisfies readonly DocField[];
