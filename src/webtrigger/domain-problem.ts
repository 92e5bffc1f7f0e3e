import { ForgeKvsAPIError } from '@forge/kvs';
import { DomainError, ERROR_CODE_OF_KIND } from '../shared/domain-errors';
import { HttpProblem } from './http-problem';

const STATUS_OF_KIND: Record<DomainError['kind'], number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  forbidden: 403,
  closed: 409,
};

const RETRY_AFTER_SECONDS = '5';

/** The one place errors become HTTP: known ones by kind; storage trouble as 503; the rest null. */
export function toHttpProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    return new HttpProblem(STATUS_OF_KIND[error.kind], ERROR_CODE_OF_KIND[error.kind], error.message, { errors: error.fields });
  }
  if (error instanceof ForgeKvsAPIError && (error.responseDetails.status >= 500 || error.responseDetails.status === 429)) {
    return new HttpProblem(503, 'storage_unavailable', 'Storage is unavailable right now; retry shortly.', {
      headers: { 'retry-after': [RETRY_AFTER_SECONDS] },
    });
  }
  return null;
}
