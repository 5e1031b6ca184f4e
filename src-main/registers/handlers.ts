// Handlers for register configuration and the printed register book (đóng sổ, NĐ 30 Đ16.2b, Đ22.3b).

import type { registersApi } from '../../src-shared/api/registers';
import { addDays, vnInstant, vnParts } from '../../src-shared/calendar/vn-time';
import { AppError } from '../../src-shared/errors';
import { formatCode, typeAndSubject } from '../../src-shared/documents';
import type { HandlerMap } from '../api/context';
import { accessSql, RESTRICTED_SUBJECT } from '../documents/access';
import { selectFields, type RowOf } from '../documents/columns';
import type { IncomingRegisterBookInput } from '../reports/incoming-register-book';

type Methods = Extract<keyof typeof registersApi, `registers.${string}`>;

/** The columns of the printed incoming register (NĐ 30 Phụ lục IV). */
const BOOK_FIELDS = [
  'receivedAt',
  'arrivalAt',
  'arrivalNumber',
  'issuerName',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'typeName',
  'subject',
  'recipient',
  'transferDate',
  'notes',
  'status',
  'voidReason',
] as const;

export const registersHandlers: HandlerMap<Methods> = {
  'registers.list': (ctx, input) => ctx.s.registers.list(input.direction, input.year),

  'registers.create': (ctx, input) => {
    const id = ctx.write(
      () => ctx.s.registers.create(input),
      (newId) => ({ targetType: 'register', targetId: newId, details: input }),
    );
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
    // Every number of the book is printed, so that none looks skipped; of a document the reader may not see
    // (restricted, not given to them) only its number and day, as the duplicate warning shows it.
    const access = accessSql(ctx.viewer());
    const rows = ctx.s.raw
      .prepare(
        `SELECT ${selectFields(BOOK_FIELDS)}, CASE WHEN ${access.clause} THEN 1 ELSE 0 END AS visible
           FROM documents d
          WHERE register_id = @registerId AND status IN ('registered', 'voided') AND arrival_at >= @from AND arrival_at < @to
          ORDER BY arrival_number`,
      )
      .all({ ...access.params, registerId: input.registerId, from: vnInstant(from, '00:00'), to: vnInstant(addDays(to, 1), '00:00') }) as Array<
      RowOf<typeof BOOK_FIELDS> & { visible: number }
    >;
    const org = ctx.s.settings.org();
    // Drawn in a worker thread: a year's book is thousands of rows, seconds the other requests must not wait for.
    const book: IncomingRegisterBookInput = {
      org: { name: org?.name ?? '', parentName: org?.parentName ?? null },
      register: { name: reg.name, year: reg.year },
      period: { from, to },
      printedAt: ctx.now(),
      printedBy: me.fullName,
      rows: rows.map((r) => ({
        // Ngày đến is the real day; when counting started later (arrived outside working hours) the notes say so.
        arrivalDate: vnParts(r.receivedAt).date,
        countingFrom: vnParts(r.arrivalAt).date,
        arrivalNumber: r.arrivalNumber as number,
        ...(r.visible
          ? {
              issuer: r.issuerName,
              codeNotation: formatCode(r.codeNumber, r.codeNotation) || null,
              documentDate: r.issuedDate,
              subject: typeAndSubject(r.typeName, r.subject),
              recipient: r.recipient,
              transferDate: r.transferDate,
              notes: r.notes,
            }
          : { issuer: '', codeNotation: null, documentDate: null, subject: RESTRICTED_SUBJECT, recipient: null, transferDate: null, notes: null }),
        typeName: null,
        voided: r.status === 'voided',
        voidReason: r.voidReason,
      })),
    };
    const { bytes } = await ctx.s.workers.run('render.registerBook', { book, resourcesDir: ctx.s.env.resourcesDir }, { urgent: true });
    ctx.write(() => undefined, { action: 'registers.printBook', targetType: 'register', targetId: reg.id, details: { from, to, rows: rows.length } });
    return { fileName: `so-van-ban-den-${reg.year}-${from}-${to}.pdf`, mime: 'application/pdf', bytes };
  },
};
