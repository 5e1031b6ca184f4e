// Child process for the crash test: imports a large generated register in one transaction, announcing when the
// transaction starts so the parent can kill the process in the middle of it.

import path from 'node:path';
import { createCore } from '../../src-main/core';
import { packageRoot } from '../../src-main/env';
import { createDocGenerator } from '../bench/gen-vn-docs';
import { silentLogger } from './core';
import { importRecordOf } from './import-records';

const [dataDir, registerId, userId, countArg] = process.argv.slice(2);
const core = createCore({ dataDir, resourcesDir: path.join(packageRoot(), 'resources'), version: 'test', clock: { now: () => Date.now() }, logger: silentLogger, timers: false });
const gen = createDocGenerator(5, { total: Number(countArg) });
const records = Array.from({ length: Number(countArg) }, (_, i) => importRecordOf(gen.document(i, 2026)));
process.stdout.write('start\n');
core.services.raw.transaction(() => core.services.incoming.importRecords(Number(registerId), records, 'allocate', Number(userId), '07:30')).immediate();
process.stdout.write('done\n');
core.close();
