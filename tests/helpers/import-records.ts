// A generated document as a row of an old register handed to the bulk import (incoming.importRecords): one mapping
// for the bench, the crash test's worker and the search tests.

import type { ImportRecord } from '../../src-main/incoming/service';
import { vnParts } from '../../src-shared/calendar/vn-time';
import type { GeneratedDoc } from '../bench/gen-vn-docs';

export function importRecordOf(d: GeneratedDoc, docTypeId: number | null = null): ImportRecord {
  return {
    arrivalDate: vnParts(d.arrivalAt).date,
    arrivalNumber: null,
    issuerName: d.issuerName,
    codeNumber: d.codeNumber,
    codeNotation: d.codeNotation,
    issuedDate: d.issuedDate,
    docTypeId,
    typeName: d.typeName,
    subject: d.subject,
    recipient: null,
    transferDate: null,
    notes: d.notes,
    urgency: d.urgency,
    pageCount: d.pageCount,
  };
}
