// Child process for the crash test: imports a large generated register in one transaction, announcing when the
// transaction starts so the parent can kill the process in the middle of it.

import path from 'node:path';
import { createCore } from '../../src-main/core';
import { packageRoot } from '../../src-main/env';
import { vnParts } from '../../src-shared/calendar/vn-time';
import { createDocGenerator } from '../bench/gen-vn-docs';
import { silentLogger } from './core';

const [dataDir, registerId, userId, countArg] = process.argv.slice(2);
const core = createCore({ dataDir, resourcesDir: path.join(packageRoot(), 'resources'), version: 'test', clock: { now: () => Date.now() }, logger: silentLogger, timers: false });
const gen = createDocGenerator(5, { total: Number(countArg) });
const records = Array.from({ length: Number(countArg) }, (_, i) => {
  const d = gen.document(i, 2026);
  return {
    arrivalDate: vnParts(d.arrivalAt).date,
    arrivalNumber: null,
    issuerName: d.issuerName,
    codeNumber: d.codeNumber,
    codeNotation: d.codeNotation,
    issuedDate: d.issuedDate,
    docTypeId: null,
    typeName: d.typeName,
    subject: d.subject,
    recipient: null,
    transferDate: null,
    notes: d.notes,
    urgency: d.urgency,
    pageCount: d.pageCount,
  };
});
process.stdout.write('start\n');
core.services.raw.transaction(() => core.services.incoming.importRecords(Number(registerId), records, 'allocate', Number(userId), '07:30')).immediate();
process.stdout.write('done\n');
core.close();
