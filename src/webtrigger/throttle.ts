import { createHash } from 'node:crypto';
import { DEFAULT_POLICY, type Policy } from '../shared/tokens';
import { HttpProblem } from './http-problem';
import { header, type WebTriggerRequest } from './request';
import { RateLimiter } from './rate-limit';

const limiter = new RateLimiter();
// The limits come from the policy, but reading it first would cost the very storage request the
// limiter exists to save: the policy that the last authentication read is used instead.
let knownPolicy: Policy = DEFAULT_POLICY;

export function rememberPolicy(policy: Policy): void {
  knownPolicy = policy;
}

/** Before anything is read: each presented token (valid or not) has its own budget. */
export function throttleToken(token: string | undefined, now: Date): void {
  if (token === undefined) return;
  const key = `token:${createHash('sha256').update(token).digest('hex')}`;
  check(limiter.take(key, knownPolicy.requestsPerMinutePerToken, now.getTime()));
}

/** After a refused token: the client's address has a budget of refusals, then answers 429 unaudited. */
export function throttleRefusal(request: WebTriggerRequest, now: Date): void {
  check(limiter.take(`source:${sourceOf(request)}`, knownPolicy.failedAuthPerMinutePerSource, now.getTime()));
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
