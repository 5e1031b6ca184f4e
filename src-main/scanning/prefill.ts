// The detector's fields as the registration form takes them: one mapping for the scanning service (which finds the
// agency and document type ids in the office's tables) and the `vanthu scan prefill` command (which has no tables).

import type { PrefillDto } from '../../src-shared/api/scanning';
import { detectDocumentFields } from '../../src-shared/vn/doc-fields';

export interface PrefillIds {
  agencyId(name: string, code: string | null): number | null;
  docTypeId(name: string, abbr: string | null): number | null;
}

const NO_IDS: PrefillIds = { agencyId: () => null, docTypeId: () => null };

/** Fields read from page 1's text (all null for no text), with today (YYYY-MM-DD) for year-less deadlines. */
export function toPrefill(text: string, pageCount: number | null, today: string, ids: PrefillIds = NO_IDS): PrefillDto {
  const d = detectDocumentFields(text, { today });
  return {
    ...d,
    issuer: d.issuer ? { ...d.issuer, value: { ...d.issuer.value, agencyId: ids.agencyId(d.issuer.value.name, d.issuer.value.code) } } : null,
    docType: d.docType ? { ...d.docType, value: { ...d.docType.value, docTypeId: ids.docTypeId(d.docType.value.name, d.docType.value.abbr) } } : null,
    pageCount,
  };
}
