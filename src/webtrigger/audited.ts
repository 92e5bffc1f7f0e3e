import { auditRowFor } from '../audit/audit-log';
import { ledgerOf } from '../audit/usage-ledger';
import type { TransactionRow } from '../platform/transaction-rows';
import type { Poll } from '../shared/polls';
import type { Operation } from '../shared/tokens';
import { refuseOutOfScope, type Caller, type Workspace } from './authenticate-request';
import { toHttpProblem } from './domain-problem';
import type { RequestScope, WebTriggerRequest } from './request';
import type { WebTriggerResponse } from './responses';

export type Use = {
  caller: Caller;
  request: WebTriggerRequest;
  scope: RequestScope;
  operation: Operation;
  /** Null until known: for a poll addressed by id, the poll's own workspace once it is read. */
  workspace: Workspace | null;
  pollId?: string;
  /** Set when a poll turned out to be outside the token's scope (answered as if absent). */
  outOfScope?: boolean;
};

/** `replayed`: a create answered with the poll an earlier request with the same key created. */
export type Done = { response: WebTriggerResponse; replayed?: boolean };

/** Builds the audit event of a change, for the service to write in the change's own transaction. */
export type AuditRows = (poll: Poll) => TransactionRow[];

/**
 * Runs an authorised operation and records it: a change as one audit event, written in the same
 * transaction as the change (all or nothing, no extra request); a read, a replayed create or an
 * operation that failed as a count, per token, minute and workspace, written at most once a
 * minute (DESIGN §5). A failure is recorded as `failed` with its status and code — never `ok`.
 */
export async function audited(use: Use, run: (auditRows: AuditRows) => Promise<Done>): Promise<WebTriggerResponse> {
  const { caller, request, scope, operation } = use;
  const tokenId = caller.principal.tokenId;
  const ledger = ledgerOf(scope.installation);
  const auditRows: AuditRows = (poll) => [
    auditRowFor(
      { outcome: 'ok', tokenId, method: request.method, operation, workspace: poll.workspace, pollId: poll.id },
      caller.settings.policy.auditRetentionDays,
      scope.now,
    ),
  ];
  try {
    const done = await run(auditRows);
    if (operation === 'read' || done.replayed) {
      const reason = done.replayed ? 'idempotent replay' : null;
      ledger.countForToken(tokenId, { outcome: 'read', operation, workspace: use.workspace?.id ?? null, reason }, scope.now.getTime());
    }
    return done.response;
  } catch (error) {
    if (use.outOfScope && use.workspace) {
      await refuseOutOfScope(request, scope, caller, operation, use.workspace, use.pollId ?? '');
      throw error;
    }
    const problem = toHttpProblem(error);
    const reason = problem ? `${problem.status} ${problem.code}` : '500 internal_error';
    ledger.countForToken(tokenId, { outcome: 'failed', operation, workspace: use.workspace?.id ?? null, reason }, scope.now.getTime());
    throw error;
  }
}
