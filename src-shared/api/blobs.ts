// Contract for the blob store: upload a file, download or view it, open it with the machine's application.
// Mirrors src-main/blobs/. A document's reference to a stored file (FileRefDto) belongs to documents.ts.

import { z } from 'zod';
import { binaryIn, method, text, type BinaryOut } from './define';

// ---- shapes returned -------------------------------------------------------------------------------------------

export interface BlobInfoDto {
  hash: string;
  size: number;
  kind: string;
  mime: string;
  macro: boolean;
  /** Vietnamese notes from the type check (extension mismatch, macros …). */
  notes: string[];
  fileName: string;
}

// ---- methods ---------------------------------------------------------------------------------------------------

const hash = z.string().regex(/^[0-9a-f]{64}$/);
/** Reading a stored file: the same bytes whether viewed in the app or downloaded; the audit log tells them apart. */
const blobRead = z.object({ hash, fileName: z.string().max(255).optional() });

export const blobsApi = {
  'blobs.put': method<BlobInfoDto>()({
    input: z.object({ fileName: text(255), bytes: binaryIn }),
    access: 'session',
    permission: null,
    mutates: true,
    binary: 'input',
    summary: 'Tải tệp lên kho lưu trữ.',
  }),
  'blobs.get': method<BinaryOut>()({
    input: blobRead,
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    binary: 'output',
    summary: 'Tải tệp về.',
  }),
  'blobs.view': method<BinaryOut>()({
    input: blobRead,
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    binary: 'output',
    summary: 'Xem tệp trong ứng dụng.',
  }),
  'blobs.open': method<{ opened: boolean }>()({
    input: z.object({ hash, fileName: text(255) }),
    access: 'session',
    permission: 'documents.read',
    mutates: false,
    auditAccess: true,
    summary: 'Mở tệp bằng ứng dụng của máy (chỉ trong ứng dụng máy tính).',
  }),
} as const;
