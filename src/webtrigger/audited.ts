import { recordAudit } from '../audit/audit-log';
import type { Operation } from '../shared/tokens';
import type { Caller, Workspace } from './authenticate-request';
import { toHttpProblem } from './domain-problem';
import type { WebTriggerRequest } from './request';
import type { WebTriggerResponse } from './responses';

export type Use = {
  caller: Caller;
  request: WebTriggerRequest;
  now: Date;
  operation: Operation;
  /** Null until known: for a poll addressed by id, the poll's own workspace once it is read. */
  workspace: Workspace | null;
  pollId?: string;
  /** Set when a poll turned out to be outside the token's scope (answered as if absent). */
  refusedAs?: 'insufficient_scope';
};
export type Done = { response: WebTriggerResponse; pollId?: string };

/**
 * Runs an authorised operation and records the use in the audit log afterwards — with the poll
 * id, which a create only knows at the end, and with the refusal if the operation failed.
 */
export async function audited(use: Use, run: () => Promise<Done>): Promise<WebTriggerResponse> {
  const settled = await run().then(
    (done) => ({ ok: true as const, done }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const problem = settled.ok ? null : toHttpProblem(settled.error);
  try {
    await recordAudit(
      {
        outcome: use.refusedAs ?? 'ok',
        tokenId: use.caller.principal.tokenId,
        method: use.request.method,
        operation: use.operation,
        workspace: use.workspace?.id ?? null,
        pollId: (settled.ok ? settled.done.pollId : undefined) ?? use.pollId ?? null,
        reason: settled.ok ? null : problem ? `${problem.status} ${problem.code}` : '500 internal_error',
      },
      use.caller.policy,
      use.now,
    );
  } catch (error) {
    // A done operation stands even if its audit record could not be written; the operator sees it.
    if (!settled.ok) throw settled.error;
    console.error('Audit write failed', error);
  }
  if (!settled.ok) throw settled.error;
  return settled.done.response;
}
