// Child process for the multi-process numbering test: opens its own core on a shared data folder and registers
// documents as fast as it can, printing the numbers it was given.

import { registerMany } from './register-many';

const [dataDir, username, password, registerId, countArg, tag, nowArg] = process.argv.slice(2);
const numbers = await registerMany({ dataDir, username, password, registerId: Number(registerId), count: Number(countArg), tag, now: Number(nowArg) });
process.stdout.write(JSON.stringify(numbers));
