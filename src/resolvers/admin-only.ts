import * as v from 'valibot';
import { isSiteAdmin } from '../platform/site-admin';
import { DomainError } from '../shared/domain-errors';
import { fieldErrorsOf } from '../shared/field-errors';
import type { FieldError, ResolverErrorCode, ResolverResult } from '../shared/resolver-contract';
import { strictObject } from '../shared/schemas';

export type Caller = { accountId: string };

/** The payload of resolvers that take none: `{}`, and nothing else. */
export const EMPTY_PAYLOAD = strictObject({});
type ResolverRequest = { payload: unknown; context: { accountId?: string } };

const CODE_BY_KIND: Record<DomainError['kind'], ResolverErrorCode> = {
  validation: 'VALIDATION',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  precondition_failed: 'CONFLICT',
  forbidden: 'FORBIDDEN',
};

/**
 * Wraps a resolver so that it checks, itself and first, that the caller is a site admin — any
 * module can invoke any resolver, so the page being an admin page protects nothing — then
 * validates the payload and turns the outcome into the `{ ok, data | error }` envelope.
 * Only `accountId` from the trusted context is used; browser-supplied fields are ignored.
 */
export function adminOnly<S extends v.GenericSchema, D>(
  schema: S,
  handler: (payload: v.InferOutput<S>, caller: Caller) => Promise<D>,
): (request: ResolverRequest) => Promise<ResolverResult<D>> {
  return async ({ payload, context }) => {
    const accountId = context.accountId;
    if (!accountId || !(await isSiteAdmin())) {
      return failure('FORBIDDEN', 'Only Jira or Confluence site admins can manage Quorum.');
    }
    const parsed = v.safeParse(schema, payload);
    if (!parsed.success) {
      return failure('VALIDATION', 'The request is invalid.', fieldErrorsOf(parsed.issues));
    }
    try {
      return { ok: true, data: await handler(parsed.output, { accountId }) };
    } catch (error) {
      if (error instanceof DomainError) {
        return failure(CODE_BY_KIND[error.kind], error.message, error.fields.length > 0 ? error.fields : undefined);
      }
      // The message of a surprise may carry internals; the admin sees a generic one, the log the rest.
      console.error('Resolver failed unexpectedly', error);
      return failure('UNEXPECTED', 'Something went wrong. Try again; if it keeps failing, check the app logs.');
    }
  };
}

function failure(code: ResolverErrorCode, message: string, fields?: FieldError[]): ResolverResult<never> {
  return { ok: false, error: fields ? { code, message, fields } : { code, message } };
}
