import type { Operation, TokenScope, TokenView, Workspaces } from '../../../../src/shared/tokens';

/** What the Tokens table shows: the backend's status, with "expiring" singled out for attention. */
export type DisplayStatus = 'active' | 'expiring' | 'expired' | 'revoked' | 'blocked';

export const EXPIRING_WITHIN_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const DISPLAY_STATUS_LABEL: Record<DisplayStatus, string> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  revoked: 'Revoked',
  blocked: 'Blocked by policy',
};

export function displayStatus(token: TokenView, now: number): DisplayStatus {
  if (token.status !== 'active') return token.status;
  if (token.expiresAt !== null && Date.parse(token.expiresAt) - now <= EXPIRING_WITHIN_DAYS * DAY_MS) return 'expiring';
  return 'active';
}

export const OPERATION_LABEL: Record<Operation, string> = {
  read: 'Read',
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
};

// Written out (not imported) because the shared module's values carry valibot schemas; the Record above
// makes the compiler insist on every operation the contract knows.
export const ALL_OPERATIONS = Object.keys(OPERATION_LABEL) as Operation[];
export const READ_ONLY: readonly Operation[] = ['read'];
export const READ_WRITE: readonly Operation[] = ALL_OPERATIONS;

function sameOperations(a: readonly Operation[], b: readonly Operation[]): boolean {
  return a.length === b.length && a.every((op) => b.includes(op));
}

export function operationsSummary(operations: readonly Operation[]): string {
  if (sameOperations(operations, READ_ONLY)) return 'Read only';
  if (sameOperations(operations, READ_WRITE)) return 'Read & write';
  return ALL_OPERATIONS.filter((op) => operations.includes(op))
    .map((op) => OPERATION_LABEL[op])
    .join(', ');
}

/** "PLAT, OPS · ENG" — project keys, then space keys where the site still knows the space. */
export function scopeSummary(scope: TokenScope, workspaces: Workspaces | undefined): string {
  if (scope.anyWorkspace) return 'Any project or space';
  const spaceKeys = new Map(workspaces?.confluenceSpaces.map((s) => [s.id, s.key]));
  const spaces = scope.confluenceSpaces.map((id) => spaceKeys.get(id) ?? `space ${id}`);
  return [scope.jiraProjects.join(', '), spaces.join(', ')].filter((part) => part !== '').join(' · ');
}
