import { createHash } from 'node:crypto';
import { DEFAULT_POLICY, type Policy } from '../shared/tokens';
import { HttpProblem } from './http-problem';
import { header, type WebTriggerRequest } from './request';
import { RateLimiter } from './rate-limit';

const limiter = new RateLimiter();
// The limits come from the policy, but reading it first would cost the very storage request the
// limiter exists to save: the policy that the installation's last authentication read is used.
const knownPolicies = new Map<string, Policy>();
const MAX_INSTALLATIONS = 1_000;

export function rememberPolicy(installation: string, policy: Policy): void {
  if (!knownPolicies.has(installation) && knownPolicies.size >= MAX_INSTALLATIONS) knownPolicies.clear();
  knownPolicies.set(installation, policy);
}

/** Before anything is read: each presented token (valid or not) has its own budget. */
export function throttleToken(installation: string, token: string | undefined, now: Date): void {
  if (token === undefined) return;
  const key = `${installation} token:${createHash('sha256').update(token).digest('hex')}`;
  check(limiter.take(key, policyOf(installation).requestsPerMinutePerToken, now.getTime()));
}

/** After a refused token: the client's address has a budget of refusals, then answers 429 unaudited. */
export function throttleRefusal(installation: string, request: WebTriggerRequest, now: Date): void {
  check(limiter.take(`${installation} source:${sourceOf(request)}`, policyOf(installation).failedAuthPerMinutePerSource, now.getTime()));
}

function policyOf(installation: string): Policy {
  return knownPolicies.get(installation) ?? DEFAULT_POLICY;
}

function check(result: ReturnType<RateLimiter['take']>): void {
  if (result.ok) return;
  throw new HttpProblem(429, 'rate_limited', `Too many requests; retry in ${result.retryAfterSeconds} s.`, {
    headers: { 'retry-after': [String(result.retryAfterSeconds)] },
  });
}

function sourceOf(request: WebTriggerRequest): string {
  return header(request, 'x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
