// Handlers of the sync.* methods (liên thông). PLACEHOLDER while src-main/sync is being built: every method answers
// `internal`. Replaced by the real handlers before this lands.

import type { syncApi } from '../../src-shared/api/sync';
import { AppError } from '../../src-shared/errors';
import type { HandlerMap } from '../api/context';

type Methods = keyof typeof syncApi;

const notYet = () => {
  throw new AppError('internal', 'Chức năng liên thông đang được xây dựng.');
};

export const syncHandlers: HandlerMap<Methods> = {
  'sync.status': notYet,
  'sync.settings': notYet,
  'sync.saveSettings': notYet,
  'sync.testConnection': notYet,
  'sync.now': notYet,
  'sync.outbox': notYet,
  'sync.retry': notYet,
  'sync.diagnostics': notYet,
  'sync.deliveries': notYet,
  'sync.document': notYet,
  'sync.answerRecall': notYet,
  'sync.reportCompletion': notYet,
};
