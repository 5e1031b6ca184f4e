// The hub's error value: a protocol error code (src-shared/hub/protocol.ts), its HTTP status and a Vietnamese message.
// Services throw HubError; only the HTTP layer turns it into a HubErrorBody. Never put secrets or packet bodies in it.
import type { HubErrorBody, HubErrorCode } from '../src-shared/hub/protocol';

export const STATUS: Record<HubErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_packet: 422,
  unknown_recipient: 422,
  conflict: 409,
  blob_incomplete: 409,
  blob_mismatch: 422,
  bad_offset: 409,
  too_large: 413,
  resync: 410,
  not_found: 404,
  invalid_input: 400,
  unavailable: 503,
  internal: 500,
};

export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HubError';
  }
  get status(): number {
    return STATUS[this.code];
  }
  body(): HubErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) } };
  }
}
