// Handlers for the agency directory: type-ahead, list, edit, import from the directory file (all or nothing).

import type { agenciesApi } from '../../src-shared/api/agencies';
import { AppError } from '../../src-shared/errors';
import type { HandlerMap } from '../api/context';

type Methods = Extract<keyof typeof agenciesApi, `agencies.${string}`>;

export const agenciesHandlers: HandlerMap<Methods> = {
  'agencies.search': (ctx, input) => ctx.s.agencies.search(input.query, input.limit),

  'agencies.list': (ctx, input) => ctx.s.agencies.list(input.query, input.limit, input.offset),

  'agencies.save': (ctx, input) => {
    const id = ctx.write(
      () => ctx.s.agencies.save(input),
      (newId) => ({ targetType: 'agency', targetId: newId, details: input }),
    );
    return ctx.s.agencies.dto(id);
  },

  'agencies.import': async (ctx, input) => {
    const bytes = await ctx.s.blobs.read(input.hash);
    const { readTableFile } = await import('../imports/table-file');
    const { AGENCY_FIELDS, parseAgencyFile } = await import('../imports/agency-directory');
    const file = await readTableFile(bytes, input.fileName, { headerFields: [AGENCY_FIELDS] });
    const { records, errors } = parseAgencyFile(file);
    if (errors.length) {
      const rows = new Set(errors.map((e) => e.row)).size;
      throw new AppError('import_rejected', `Tệp danh mục có ${rows} dòng không hợp lệ (${errors.length} lỗi); chưa nhập dòng nào.`, { details: { errors } });
    }
    const r = ctx.write(
      () => ctx.s.agencies.importRecords(records),
      (res) => ({ action: 'agencies.import', details: { fileName: input.fileName, hash: input.hash, ...res } }),
    );
    return { ...r, total: records.length };
  },
};
