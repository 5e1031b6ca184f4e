// Worker-thread entry: runs the tasks of src-main/jobs/tasks.ts one message at a time and answers with the result or
// the error. Loaded by the pool as out/main/jobs-worker.js (electron-vite build) or through worker-dev.mjs (tsx).

import { parentPort } from 'node:worker_threads';
import { AppError } from '../../src-shared/errors';
import { taskImpls, transferablesOf, type TaskName, type WireTaskError } from './tasks';

interface Request {
  id: number;
  task: TaskName;
  input: never;
}

function wireError(e: unknown): WireTaskError {
  if (e instanceof AppError) return { app: true, code: e.code, message: e.message, fields: e.fields, details: e.details };
  if (e instanceof Error) return { app: false, message: e.message, stack: e.stack };
  return { app: false, message: String(e) };
}

const port = parentPort;
if (!port) throw new Error('jobs worker must run in a worker thread');
port.on('message', (req: Request) => {
  void (async () => {
    try {
      const value = await taskImpls[req.task](req.input);
      port.postMessage({ id: req.id, ok: true, value }, transferablesOf(value));
    } catch (e) {
      port.postMessage({ id: req.id, ok: false, error: wireError(e) });
    }
  })();
});
