import type { Policy } from '../shared/tokens';

/** What changed between two policies, field by field: "auditRetentionDays 90 → 30; …", or '' for nothing. */
export function describePolicyChanges(before: Policy, after: Policy): string {
  return (Object.keys(after) as Array<keyof Policy>)
    .filter((field) => before[field] !== after[field])
    .map((field) => `${field} ${String(before[field])} → ${String(after[field])}`)
    .join('; ');
}
