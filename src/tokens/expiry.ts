import type { FieldError } from '../shared/resolver-contract';
import type { Policy } from '../shared/tokens';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An expiry must be in the future and within the policy's maximum lifetime; never only if allowed. */
export function expiryProblems(expiresAt: string | null, policy: Policy, now: Date): FieldError[] {
  if (expiresAt === null) {
    return policy.allowNeverExpires ? [] : [{ field: 'expiresAt', message: 'the policy requires an expiry date' }];
  }
  const at = Date.parse(expiresAt);
  if (at <= now.getTime()) return [{ field: 'expiresAt', message: 'must be in the future' }];
  if (at > now.getTime() + policy.maxLifetimeDays * DAY_MS) {
    return [{ field: 'expiresAt', message: `must be at most ${policy.maxLifetimeDays} days from now` }];
  }
  return [];
}
