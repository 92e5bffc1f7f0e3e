import { ForgeKvsAPIError } from '@forge/kvs';
import { DomainError } from '../shared/domain-errors';
import { HttpProblem } from './http-problem';

const BY_KIND: Record<DomainError['kind'], { status: number; code: string }> = {
  validation: { status: 400, code: 'invalid_request' },
  not_found: { status: 404, code: 'not_found' },
  conflict: { status: 409, code: 'conflict' },
  precondition_failed: { status: 412, code: 'precondition_failed' },
  forbidden: { status: 403, code: 'insufficient_scope' },
  closed: { status: 409, code: 'poll_closed' },
};

const RETRY_AFTER_SECONDS = '5';

/** The one place errors become HTTP: known ones by kind; storage trouble as 503; the rest null. */
export function toHttpProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    const { status, code } = BY_KIND[error.kind];
    return new HttpProblem(status, code, error.message, { errors: error.fields });
  }
  if (error instanceof ForgeKvsAPIError && (error.responseDetails.status >= 500 || error.responseDetails.status === 429)) {
    return new HttpProblem(503, 'storage_unavailable', 'Storage is unavailable right now; retry shortly.', {
      headers: { 'retry-after': [RETRY_AFTER_SECONDS] },
    });
  }
  return null;
}
