import * as v from 'valibot';
import { isSiteAdmin } from '../platform/site-admin';
import { fieldErrorsOf } from '../shared/field-errors';
import type { ResolverResult } from '../shared/resolver-contract';
import { strictObject } from '../shared/schemas';
import { envelope, failure } from './envelope';

export type Caller = { accountId: string };

/** The payload of resolvers that take none: `{}`, and nothing else. */
export const EMPTY_PAYLOAD = strictObject({});
type ResolverRequest = { payload: unknown; context: { accountId?: string } };

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
    return envelope(() => handler(parsed.output, { accountId }));
  };
}
