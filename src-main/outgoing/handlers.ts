// Placeholder until the outgoing service lands (replaced in the same branch).
import { AppError } from '../../src-shared/errors';
import type { HandlerMap } from '../api/context';
import { outgoingApi } from '../../src-shared/api/outgoing';

const todo = () => {
  throw new AppError('internal', 'Chưa có.');
};
export const outgoingHandlers = Object.fromEntries(Object.keys(outgoingApi).map((k) => [k, todo])) as unknown as HandlerMap<keyof typeof outgoingApi>;
