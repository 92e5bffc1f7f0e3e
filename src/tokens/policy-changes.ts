import type { Policy } from '../shared/tokens';

type Value = string | number | boolean | readonly string[] | { readonly [field: string]: Value };

/**
 * What changed between two policies, field by field: "auditRetentionDays 90 → 30;
 * automationActions.jiraProjects none → PLAT, OPS; …", or '' for nothing.
 */
export function describePolicyChanges(before: Policy, after: Policy): string {
  return changes(before as unknown as Record<string, Value>, after as unknown as Record<string, Value>, '').join('; ');
}

function changes(before: Record<string, Value>, after: Record<string, Value>, prefix: string): string[] {
  return Object.keys(after).flatMap((field) => {
    const [old, next] = [before[field], after[field]];
    const name = `${prefix}${field}`;
    if (isRecord(next)) return changes(isRecord(old) ? old : {}, next, `${name}.`);
    return text(old) === text(next) ? [] : [`${name} ${text(old)} → ${text(next)}`];
  });
}

function isRecord(value: Value | undefined): value is { readonly [field: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: Value | undefined): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : 'none';
  return String(value);
}
