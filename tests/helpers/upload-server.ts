// Child process for the large-upload test: a real core and HTTP host on their own data folder, with the upload
// limit raised, so the parent can measure this process's memory (not the test runner's) during an upload.

import { createHttpHost } from '../../src-main/http/server';
import { makeCore, setupOffice } from './core';

const [dir, limitMb] = process.argv.slice(2);
const t = makeCore({ dir });
const { adminToken } = await setupOffice(t);
const s = await t.core.dispatch('settings.update', { uploadLimitMb: Number(limitMb) }, { token: adminToken, origin: 'test' });
if (!s.ok) throw new Error(JSON.stringify(s));
const host = createHttpHost(t.core, { host: '127.0.0.1', port: 0, staticDir: null });
const { url } = await host.listen();
process.send?.({ url, token: adminToken, pid: process.pid });
process.on('message', async (m) => {
  if (m === 'stop') {
    await host.close();
    t.close();
    process.exit(0);
  }
});
// The test runner died or stopped early: do not outlive it.
process.on('disconnect', () => process.exit(0));
