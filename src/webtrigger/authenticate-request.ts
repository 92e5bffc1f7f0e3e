import { recordAudit } from '../audit/audit-log';
import { ledgerOf, type Tally } from '../audit/usage-ledger';
import type { Settings } from '../platform/policy-store';
import type { InvalidTokenReason, Operation } from '../shared/tokens';
import { authenticate, checkPresented, type Principal } from '../tokens/authenticate';
import { authorize } from '../tokens/scope';
import { HttpProblem } from './http-problem';
import { presentedToken, type RequestScope, type WebTriggerRequest } from './request';
import { auditsRefusalOf, rememberPolicy, rememberVerified, throttleLookup } from './throttle';

export type Caller = { principal: Principal; settings: Settings };
export type Workspace = { product: 'jira' | 'confluence'; id: string };

const REALM = 'realm="quorum"';

/**
 * One answer for every invalid token — missing, malformed, wrong checksum, unknown, expired,
 * revoked, blocked by the policy — so a caller learns nothing about which; the audit log keeps
 * the real reason.
 */
export function invalidToken(): HttpProblem {
  return new HttpProblem(401, 'invalid_token', 'A valid access token is required: send it as "Authorization: Bearer <token>" or ?token=.', {
    headers: { 'www-authenticate': [`Bearer ${REALM}, error="invalid_token"`] },
  });
}

/**
 * Authenticates the request's token, or throws the uniform 401. A request that presents no
 * valid token writes nothing of its own: garbage and unknown tokens are counted in memory and
 * written as per-minute counts by reason; a refused known token is audited one event at a time,
 * a few a minute, and counted beyond that.
 */
export async function authenticateRequest(request: WebTriggerRequest, scope: RequestScope): Promise<Caller> {
  const { now, installation } = scope;
  const presented = checkPresented(presentedToken(request));
  if (!presented.ok) {
    countRefusal(scope, presented.reason, request);
    throw invalidToken();
  }
  throttleLookup(installation, presented.hash, now);
  const result = await authenticate(presented, now);
  if (result.settings) rememberPolicy(installation, result.settings.policy);
  if (result.ok) {
    rememberVerified(installation, presented.hash, result.principal.tokenId);
    const caller = { principal: result.principal, settings: result.settings };
    scope.caller = caller;
    return caller;
  }
  if (result.tokenId !== null) rememberVerified(installation, presented.hash, result.tokenId);
  if (result.tokenId === null) countRefusal(scope, result.reason, request);
  else await refuseKnownToken(scope, result.tokenId, result.settings, { outcome: 'invalid_token', reason: result.reason }, request);
  throw invalidToken();
}

/** Least privilege at the door: the operation and the workspace must both be in the token's scope. */
export async function requireScope(
  request: WebTriggerRequest,
  scope: RequestScope,
  caller: Caller,
  operation: Operation,
  workspace: Workspace,
): Promise<void> {
  await refuseUnless(request, scope, caller, operation, workspace, authorize(caller.principal.record.scope, operation, workspace));
}

/** The operation alone, for requests whose workspace is only known once the poll is read. */
export async function requireOperation(
  request: WebTriggerRequest,
  scope: RequestScope,
  caller: Caller,
  operation: Operation,
): Promise<void> {
  const decision = caller.principal.record.scope.operations.includes(operation) ? 'allowed' : 'operation_not_granted';
  await refuseUnless(request, scope, caller, operation, null, decision);
}

/** A poll outside the token's workspaces, answered as if absent: audited as a refusal of scope. */
export async function refuseOutOfScope(
  request: WebTriggerRequest,
  scope: RequestScope,
  caller: Caller,
  operation: Operation,
  workspace: Workspace,
  pollId: string,
): Promise<void> {
  await refuseKnownToken(
    scope,
    caller.principal.tokenId,
    caller.settings,
    { outcome: 'insufficient_scope', reason: 'poll_outside_scope', operation, workspace: workspace.id },
    request,
    pollId,
  );
}

async function refuseUnless(
  request: WebTriggerRequest,
  scope: RequestScope,
  caller: Caller,
  operation: Operation,
  workspace: Workspace | null,
  decision: ReturnType<typeof authorize>,
): Promise<void> {
  if (decision === 'allowed') return;
  await refuseKnownToken(
    scope,
    caller.principal.tokenId,
    caller.settings,
    { outcome: 'insufficient_scope', reason: decision, operation, workspace: workspace?.id ?? null },
    request,
  );
  throw new HttpProblem(
    403,
    'insufficient_scope',
    decision === 'operation_not_granted'
      ? `This token may not ${operation} polls.`
      : `This token may not act in ${workspace?.product === 'confluence' ? 'Confluence space' : 'Jira project'} ${workspace?.id ?? ''}.`,
    { headers: { 'www-authenticate': [`Bearer ${REALM}, error="insufficient_scope"`] } },
  );
}

function countRefusal(scope: RequestScope, reason: InvalidTokenReason, request: WebTriggerRequest): void {
  ledgerOf(scope.installation).countRefusal(
    null,
    { outcome: 'invalid_token', reason, operation: operationOf(request) },
    scope.now.getTime(),
  );
}

/** One event each for the first few refusals of a known token in a minute; counted beyond that. */
async function refuseKnownToken(
  scope: RequestScope,
  tokenId: string,
  settings: Settings | null,
  tally: Tally,
  request: WebTriggerRequest,
  pollId?: string,
): Promise<void> {
  if (!auditsRefusalOf(scope.installation, tokenId, scope.now)) {
    ledgerOf(scope.installation).countRefusal(tokenId, tally, scope.now.getTime());
    return;
  }
  try {
    await recordAudit(
      { ...tally, tokenId, method: request.method, ...(pollId ? { pollId } : {}) },
      settings?.policy.auditRetentionDays ?? scope.retentionDays(),
      scope.now,
    );
  } catch (error) {
    // The refusal stands whether or not it could be recorded; the operator sees the failure.
    console.error('Audit write failed', error instanceof Error ? error.message : error);
  }
}

function operationOf(request: WebTriggerRequest): Operation | null {
  return ({ GET: 'read', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' } as const)[request.method as 'GET'] ?? null;
}
