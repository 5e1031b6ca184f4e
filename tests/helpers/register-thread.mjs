// Worker thread for the one-process numbering test: loads the TypeScript helper through tsx (as the bench does),
// waits until every thread has signed in, then registers with random short pauses and posts the numbers back.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { registerMany } = await import('./register-many.ts');
const { start, threads, ...args } = workerData;
const gate = new Int32Array(start);
const numbers = await registerMany({
  ...args,
  ready() {
    // A barrier: the last thread to sign in opens it, so all of them start registering together.
    if (Atomics.add(gate, 0, 1) + 1 === threads) Atomics.notify(gate, 0);
    else while (Atomics.load(gate, 0) < threads) Atomics.wait(gate, 0, Atomics.load(gate, 0), 50);
  },
  beforeEach() {
    // Half the time a pause of up to 2 ms, so each run interleaves the writers differently.
    if (Math.random() < 0.5) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.random() * 2);
  },
});
parentPort.postMessage(numbers);
