import { DEFAULT_POLICY, type Policy } from '../shared/tokens';
import { HttpProblem } from './http-problem';
import { RateLimiter } from './rate-limit';

/**
 * Limits kept in the function's memory, so a flood costs the installation's storage nothing:
 *  - a token the instance has verified before has its own budget, checked before any read;
 *  - a well-formed token not verified here before costs one read, so such look-ups share a budget
 *    per installation — garbage (a wrong checksum) is refused before either and costs nothing.
 * Budgets exist only for tokens that passed the look-up, so made-up tokens can never push a
 * leaked token's budget out of memory. No client address is trusted for anything.
 */
const tokenBudgets = new RateLimiter();
const lookupBudgets = new RateLimiter(1_000);
const knownRefusals = new RateLimiter();
const verified = new Map<string, string>();
const MAX_VERIFIED = 10_000;
/** A refused known token is audited one event at a time up to this many a minute; the rest are counted. */
const REFUSALS_AUDITED_PER_MINUTE = 5;

// The limits come from the policy, but reading it first would cost the very storage request the
// limiter exists to save: the policy that the installation's last authentication read is used.
const knownPolicies = new Map<string, Policy>();
const MAX_INSTALLATIONS = 1_000;

export function rememberPolicy(installation: string, policy: Policy): void {
  if (!knownPolicies.has(installation) && knownPolicies.size >= MAX_INSTALLATIONS) knownPolicies.clear();
  knownPolicies.set(installation, policy);
}

export function policyOf(installation: string): Policy {
  return knownPolicies.get(installation) ?? DEFAULT_POLICY;
}

/** Before the look-up: the token's own budget if it was verified here before, else the shared one. */
export function throttleLookup(installation: string, hash: string, now: Date): void {
  const tokenId = verified.get(`${installation} ${hash}`);
  const policy = policyOf(installation);
  if (tokenId !== undefined) check(tokenBudgets.take(`${installation} ${tokenId}`, policy.requestsPerMinutePerToken, now.getTime()));
  else check(lookupBudgets.take(installation, policy.unknownTokenLookupsPerMinute, now.getTime()));
}

/** After a look-up found the token (valid or refused): its later requests use its own budget. */
export function rememberVerified(installation: string, hash: string, tokenId: string): void {
  const key = `${installation} ${hash}`;
  verified.delete(key);
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
  verified.set(key, tokenId);
}

/** Whether a refusal of this known token is still audited one by one this minute. */
export function auditsRefusalOf(installation: string, tokenId: string, now: Date): boolean {
  return knownRefusals.take(`${installation} ${tokenId}`, REFUSALS_AUDITED_PER_MINUTE, now.getTime()).ok;
}

function check(result: ReturnType<RateLimiter['take']>): void {
  if (result.ok) return;
  throw new HttpProblem(429, 'rate_limited', `Too many requests; retry in ${result.retryAfterSeconds} s.`, {
    headers: { 'retry-after': [String(result.retryAfterSeconds)] },
  });
}
