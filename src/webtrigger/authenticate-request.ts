import { recordAudit } from '../audit/audit-log';
import { DEFAULT_POLICY, type Operation, type Policy } from '../shared/tokens';
import { authenticate, type Principal } from '../tokens/authenticate';
import { authorize } from '../tokens/scope';
import { HttpProblem } from './http-problem';
import { presentedToken, type WebTriggerRequest } from './request';
import { rememberPolicy, throttleRefusal, throttleToken } from './throttle';

export type Caller = { principal: Principal; policy: Policy };
export type Workspace = { product: 'jira' | 'confluence'; id: string };

const REALM = 'realm="quorum"';

/**
 * One answer for every invalid token — missing, malformed, wrong checksum, unknown, expired,
 * revoked — so a caller learns nothing about which; the audit log keeps the real reason.
 */
export function invalidToken(): HttpProblem {
  return new HttpProblem(401, 'invalid_token', 'A valid access token is required: send it as "Authorization: Bearer <token>" or ?token=.', {
    headers: { 'www-authenticate': [`Bearer ${REALM}, error="invalid_token"`] },
  });
}

export async function authenticateRequest(request: WebTriggerRequest, now: Date, installation: string): Promise<Caller> {
  const presented = presentedToken(request);
  throttleToken(installation, presented?.value, now);
  const result = await authenticate(presented, now);
  if (result.policy) rememberPolicy(installation, result.policy);
  if (result.ok) return { principal: result.principal, policy: result.policy };
  throttleRefusal(installation, request, now);
  // A garbage token was never looked up, so the stored policy is unknown: its events keep the
  // default retention rather than cost a read.
  await recordAudit(
    { outcome: 'invalid_token', tokenId: result.tokenId, reason: result.reason, method: request.method },
    result.policy ?? DEFAULT_POLICY,
    now,
  );
  throw invalidToken();
}

/** Least privilege at the door: the operation and the workspace must both be in the token's scope. */
export async function requireScope(
  request: WebTriggerRequest,
  caller: Caller,
  operation: Operation,
  workspace: Workspace,
  now: Date,
): Promise<void> {
  await refuseUnless(request, caller, operation, workspace, authorize(caller.principal.record.scope, operation, workspace), now);
}

/** The operation alone, for requests whose workspace is only known once the poll is read. */
export async function requireOperation(request: WebTriggerRequest, caller: Caller, operation: Operation, now: Date): Promise<void> {
  const decision = caller.principal.record.scope.operations.includes(operation) ? 'allowed' : 'operation_not_granted';
  await refuseUnless(request, caller, operation, null, decision, now);
}

async function refuseUnless(
  request: WebTriggerRequest,
  caller: Caller,
  operation: Operation,
  workspace: Workspace | null,
  decision: ReturnType<typeof authorize>,
  now: Date,
): Promise<void> {
  if (decision === 'allowed') return;
  await recordAudit(
    {
      outcome: 'insufficient_scope',
      tokenId: caller.principal.tokenId,
      reason: decision,
      method: request.method,
      operation,
      workspace: workspace?.id ?? null,
    },
    caller.policy,
    now,
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
