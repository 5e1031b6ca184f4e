// Handlers for register configuration and the printed register book (đóng sổ, NĐ 30 Đ16.2b, Đ22.3b).

import type { registersApi } from '../../src-shared/api/registers';
import { addDays, vnInstant, vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { formatCode, typeAndSubject } from '../../src-shared/documents';
import type { HandlerMap } from '../api/context';

type Methods = Extract<keyof typeof registersApi, `registers.${string}`>;

export const registersHandlers: HandlerMap<Methods> = {
  'registers.list': (ctx, input) => ctx.s.registers.list(input.direction, input.year),

  'registers.create': (ctx, input) => {
    const id = ctx.write(() => ctx.s.registers.create(input), (newId) => ({ targetType: 'register', targetId: newId, details: input }));
    return ctx.s.registers.dto(id);
  },

  'registers.update': (ctx, input) => {
    ctx.write(() => ctx.s.registers.update(input), { targetType: 'register', targetId: input.id, details: input });
    return ctx.s.registers.dto(input.id);
  },

  'registers.printBook': async (ctx, input) => {
    const me = ctx.user();
    const reg = ctx.s.registers.row(input.registerId);
    if (reg.direction !== 'in') throw new AppError('invalid_input', 'Chỉ in được sổ văn bản đến ở đây.');
    const from = input.from ?? `${reg.year}-01-01`;
    const to = input.to ?? `${reg.year}-12-31`;
    if (from > to) throw new AppError('invalid_input', undefined, { fields: [{ path: 'to', message: 'Ngày cuối phải sau ngày đầu.' }] });
    const rows = ctx.s.raw
      .prepare(
        `SELECT received_at, arrival_at, arrival_number, issuer_name, code_number, code_notation, issued_date, type_name, subject, recipient, transfer_date,
                notes, status, void_reason
           FROM documents
          WHERE register_id = ? AND status IN ('registered', 'voided') AND arrival_at >= ? AND arrival_at < ?
          ORDER BY arrival_number`,
      )
      .all(input.registerId, vnInstant(from, '00:00'), vnInstant(addDays(to, 1), '00:00')) as Array<Record<string, unknown>>;
    const org = ctx.s.settings.org();
    const { renderIncomingRegisterBook } = await import('../reports/incoming-register-book');
    const bytes = await renderIncomingRegisterBook(
      {
        org: { name: org?.name ?? '', parentName: org?.parentName ?? null },
        register: { name: reg.name, year: reg.year },
        period: { from, to },
        printedAt: ctx.now(),
        printedBy: me.fullName,
        rows: rows.map((r) => ({
          // Ngày đến is the real day; when counting started later (arrived outside working hours) the notes say so.
          arrivalDate: vnParts(r.received_at as number).date,
          countingFrom: vnParts(r.arrival_at as number).date,
          arrivalNumber: r.arrival_number as number,
          issuer: r.issuer_name as string,
          codeNotation: formatCode(r.code_number as string | null, r.code_notation as string | null) || null,
          documentDate: r.issued_date as string | null,
          typeName: null,
          subject: typeAndSubject(r.type_name as string | null, r.subject as string),
          recipient: r.recipient as string | null,
          transferDate: r.transfer_date as string | null,
          notes: r.notes as string | null,
          voided: r.status === 'voided',
          voidReason: r.void_reason as string | null,
        })),
      },
      { resourcesDir: ctx.s.env.resourcesDir },
    );
    ctx.write(() => undefined, { action: 'registers.printBook', targetType: 'register', targetId: reg.id, details: { from, to, rows: rows.length } });
    return { fileName: `so-van-ban-den-${reg.year}-${from}-${to}.pdf`, mime: 'application/pdf', bytes };
  },
};
