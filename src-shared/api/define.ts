// How a method of the contract is declared, plus the small zod building blocks every domain uses
// (Vietnamese text fields, calendar dates, ids) and the Vietnamese wording of validation issues.

import { z } from 'zod';
import type { Permission } from '../permissions';
import type { FieldIssue } from '../errors';
import { sanitizeText } from '../text-clean';
import { cleanText } from '../vn/text';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Phantom: carries the output type only. */
  readonly __output?: O;
  /** public: no session needed (login, setup, health). session: a logged-in user. */
  access: 'public' | 'session';
  /** null = any logged-in user. */
  permission: Permission | null;
  /** Mutating methods write an audit row in the same transaction as their change. */
  mutates: boolean;
  /** Reading a document or file is logged too (standards §3.9: access and use are logged). */
  auditAccess?: boolean;
  /** binary input: the host passes raw bytes as `input.bytes`; binary output: the value is a file (BinaryOut). */
  binary?: 'input' | 'output';
  /** Allowed while the user still must change their password (login flow only). */
  allowDuringPasswordChange?: boolean;
  /** One line in Vietnamese: shown in the API reference and in the audit screen. */
  summary: string;
}

/** `method<Output>()({...})` declares a method whose handler returns `Output`. */
export function method<O>() {
  return <I extends z.ZodType>(spec: Omit<MethodSpec<I, O>, '__output'>): MethodSpec<I, O> => spec as MethodSpec<I, O>;
}

/** A file returned by a binary-output method. */
export interface BinaryOut {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

/**
 * The bytes of a binary-input method: whole (IPC, CLI, tests) or as a stream of chunks (the HTTP host hands over
 * the request body unread, so a large upload goes to disk while it arrives and never sits in memory). Only the
 * hosts can produce a stream: neither JSON nor structured clone carries an async iterator.
 */
export type BinaryIn = Uint8Array | AsyncIterable<Uint8Array>;

export function isBinaryIn(v: unknown): v is BinaryIn {
  return v instanceof Uint8Array || (v != null && typeof (v as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function');
}

export const binaryIn = z.custom<BinaryIn>(isBinaryIn, { message: 'Thiếu nội dung tệp.' });

/** Empty input. */
export const none = z.object({}).optional().default({});

// ---- building blocks -------------------------------------------------------------------------------------------

export const id = z.number().int().positive();

/** Single-line Vietnamese text: NFC, trimmed, inner whitespace collapsed. */
export function text(max: number, min = 1) {
  return z
    .string()
    .transform((s) => cleanText(s))
    .pipe(
      z
        .string()
        .min(min, min === 1 ? 'Bắt buộc nhập.' : `Tối thiểu ${min} ký tự.`)
        .max(max, `Tối đa ${max} ký tự.`),
    );
}

/** Optional single-line text: empty becomes null. */
export function optText(max: number) {
  return z
    .string()
    .nullish()
    .transform((s) => (s == null ? null : cleanText(s) || null))
    .pipe(z.string().max(max, `Tối đa ${max} ký tự.`).nullable());
}

/** Multi-line text (notes): NFC, trimmed, line breaks kept (as LF), controls dropped. */
export function longText(max: number) {
  return z
    .string()
    .nullish()
    .transform((s) => (s == null ? null : sanitizeText(s).trim() || null))
    .pipe(z.string().max(max, `Tối đa ${max} ký tự.`).nullable());
}

function isValidDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD`. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.')
  .refine(isValidDate, 'Ngày không tồn tại.');

/** The keys of a label table as a tuple for z.enum (RECEIVED_VIA, DOC_STATUS …). */
export const keysOf = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...Array<keyof T & string>];

/** An instant: epoch milliseconds. */
export const instant = z.number().int().nonnegative();

/** Clock time `HH:MM`. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM.');

// ---- Vietnamese wording of zod issues ----------------------------------------------------------------------------

type AnyIssue = z.core.$ZodIssue;

export function issueMessage(issue: AnyIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Bắt buộc nhập.';
      return `Sai kiểu dữ liệu (cần ${typeName(String(issue.expected))}).`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Bắt buộc nhập.' : `Tối thiểu ${issue.minimum} ký tự.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Cần ít nhất ${issue.minimum} mục.`;
      return `Giá trị phải ${issue.inclusive ? '≥' : '>'} ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') return `Tối đa ${issue.maximum} ký tự.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Tối đa ${issue.maximum} mục.`;
      return `Giá trị phải ${issue.inclusive ? '≤' : '<'} ${issue.maximum}.`;
    case 'invalid_format':
      if (issue.format === 'email') return 'Địa chỉ thư điện tử không hợp lệ.';
      return 'Sai định dạng.';
    case 'invalid_value':
      return 'Giá trị không nằm trong danh sách cho phép.';
    case 'unrecognized_keys':
      return `Trường không được hỗ trợ: ${issue.keys.join(', ')}.`;
    case 'invalid_union':
      return 'Giá trị không hợp lệ.';
    default:
      return 'Giá trị không hợp lệ.';
  }
}

function typeName(t: string): string {
  switch (t) {
    case 'string':
      return 'chuỗi ký tự';
    case 'number':
    case 'int':
      return 'số';
    case 'boolean':
      return 'đúng/sai';
    case 'array':
      return 'danh sách';
    case 'object':
      return 'đối tượng';
    default:
      return t;
  }
}

/** Parses `input` against `schema`; returns the value or Vietnamese field issues. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): { ok: true; value: z.output<S> } | { ok: false; fields: FieldIssue[] } {
  const r = schema.safeParse(input, { error: (iss) => issueMessage(iss as AnyIssue) });
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    fields: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(dữ liệu)', message: i.message })),
  };
}
