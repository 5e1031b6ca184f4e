// Handlers for reading and changing the office settings. Partial updates: only the groups sent are replaced.

import type { HandlerMap } from '../api/context';

export const settingsHandlers: HandlerMap<'settings.get' | 'settings.update'> = {
  'settings.get': (ctx) => ctx.s.settings.all(),

  'settings.update': (ctx, input) => {
    const { settings } = ctx.s;
    ctx.write(
      () => {
        if (input.org) settings.set('org', input.org);
        if (input.workingHours) settings.set('workingHours', input.workingHours);
        if (input.security) settings.set('security', input.security);
        if (input.lanAccess !== undefined) settings.set('lanAccess', input.lanAccess);
        if (input.allowedHosts !== undefined) settings.set('allowedHosts', input.allowedHosts);
        if (input.uploadLimitMb !== undefined) settings.set('uploadLimitMb', input.uploadLimitMb);
      },
      { targetType: 'settings', targetId: Object.keys(input).join(','), details: input },
    );
    ctx.emit('settings.changed', {});
    return settings.all();
  },
};
