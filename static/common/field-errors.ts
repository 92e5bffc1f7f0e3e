import type { FieldError } from '../../src/shared/resolver-contract';

/**
 * Sorts resolver field errors (`name`, `scope.jiraProjects.0`, `policy.maxLifetimeDays`) onto the
 * form's fields. `route` names the form field for a resolver path, or undefined if none shows it;
 * those errors are kept apart so the form can show them above its fields instead of losing them.
 */
export function sortFieldErrors<F extends string>(
  errors: readonly FieldError[],
  route: (path: string) => F | undefined,
): { byField: Partial<Record<F, string>>; unplaced: string[] } {
  const byField: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const { field, message } of errors) {
    const target = route(field);
    if (target === undefined) unplaced.push(`${field}: ${message}`);
    else byField[target] = byField[target] ? `${byField[target]}; ${message}` : message;
  }
  return { byField, unplaced };
}

/** "must be in the future" → "Must be in the future." */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
