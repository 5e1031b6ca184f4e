// Placeholder until the workflow service lands (replaced in the same branch).
import { AppError } from '../../src-shared/errors';
import type { HandlerMap } from '../api/context';
import { workflowApi } from '../../src-shared/api/workflow';

const todo = () => {
  throw new AppError('internal', 'Chưa có.');
};
export const workflowHandlers = Object.fromEntries(Object.keys(workflowApi).map((k) => [k, todo])) as unknown as HandlerMap<keyof typeof workflowApi>;
