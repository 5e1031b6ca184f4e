// What the bundled cold-start benchmark loads: the core and its Env builder, nothing else.
export { createCore } from '../../src-main/core';
export { nodeEnv, consoleLogger } from '../../src-main/env';
