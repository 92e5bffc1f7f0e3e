import { DomainError } from '../shared/domain-errors';
import type { FieldError, ResolverErrorCode, ResolverResult } from '../shared/resolver-contract';

const CODE_BY_KIND: Record<DomainError['kind'], ResolverErrorCode> = {
  validation: 'VALIDATION',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  precondition_failed: 'CONFLICT',
  forbidden: 'FORBIDDEN',
  closed: 'CLOSED',
};

/**
 * Runs a resolver's work and answers the `{ ok, data | error }` envelope (DESIGN §8): domain
 * errors by their kind, anything else as UNEXPECTED with a generic message — the message of a
 * surprise may carry internals, so the caller sees none of it and the log sees all of it.
 */
export async function envelope<D>(work: () => Promise<D>): Promise<ResolverResult<D>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    if (error instanceof DomainError) {
      return failure(CODE_BY_KIND[error.kind], error.message, error.fields.length > 0 ? error.fields : undefined);
    }
    console.error('Resolver failed unexpectedly', error);
    return failure('UNEXPECTED', 'Something went wrong. Try again; if it keeps failing, check the app logs.');
  }
}

export function failure(code: ResolverErrorCode, message: string, fields?: FieldError[]): ResolverResult<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
