// Handlers for the audit screen: list with filters, verify the chain, export to CSV (the export itself is audited).

import { vnParts } from '../../src-shared/calendar/vn-time';
import type { HandlerMap } from '../api/context';

export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify' | 'audit.export'> = {
  'audit.list': (ctx, input) => ctx.s.audit.list(input),

  'audit.verify': (ctx) => ctx.s.audit.verify(),

  'audit.export': (ctx, input) => {
    const csv = ctx.s.audit.exportCsv(input.from, input.to);
    const bytes = new TextEncoder().encode(csv);
    ctx.write(() => undefined, { action: 'audit.export', details: { from: input.from ?? null, to: input.to ?? null, size: bytes.byteLength } });
    return { fileName: `nhat-ky-${vnParts(ctx.now()).date}.csv`, mime: 'text/csv; charset=utf-8', bytes };
  },
};
