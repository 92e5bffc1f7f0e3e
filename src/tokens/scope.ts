import type { FieldError } from '../shared/resolver-contract';
import { OPERATIONS, type Operation, type Policy, type TokenScope, type Workspaces } from '../shared/tokens';

/** Sorted and without duplicates, so equal scopes look equal. */
export function normalizeScope(scope: TokenScope): TokenScope {
  return {
    jiraProjects: [...new Set(scope.jiraProjects)].sort(),
    confluenceSpaces: [...new Set(scope.confluenceSpaces)].sort(),
    anyWorkspace: scope.anyWorkspace,
    operations: OPERATIONS.filter((op) => scope.operations.includes(op)),
  };
}

/** Problems with a scope that only the policy and the site can reveal; empty if none. */
export function scopeProblems(scope: TokenScope, policy: Policy, site: Workspaces): FieldError[] {
  const problems: FieldError[] = [];
  if (scope.anyWorkspace) {
    if (!policy.allowAnyWorkspace)
      problems.push({ field: 'scope.anyWorkspace', message: 'the policy does not allow tokens for any workspace' });
    if (scope.jiraProjects.length > 0 || scope.confluenceSpaces.length > 0) {
      problems.push({ field: 'scope.anyWorkspace', message: 'a token for any workspace takes no project or space list' });
    }
    return problems;
  }
  if (scope.jiraProjects.length === 0 && scope.confluenceSpaces.length === 0) {
    problems.push({ field: 'scope', message: 'choose at least one Jira project or Confluence space' });
  }
  const projectKeys = new Set(site.jiraProjects.map((p) => p.key));
  scope.jiraProjects.forEach((key, i) => {
    if (!projectKeys.has(key)) problems.push({ field: `scope.jiraProjects.${i}`, message: `no Jira project ${key} on this site` });
  });
  const spaceIds = new Set(site.confluenceSpaces.map((s) => s.id));
  scope.confluenceSpaces.forEach((id, i) => {
    if (!spaceIds.has(id)) problems.push({ field: `scope.confluenceSpaces.${i}`, message: `no Confluence space ${id} on this site` });
  });
  return problems;
}

export type ScopeDecision = 'allowed' | 'operation_not_granted' | 'workspace_not_granted';

/** Least privilege: the operation and the workspace must both be granted. */
export function authorize(
  scope: TokenScope,
  operation: Operation,
  workspace: { product: 'jira' | 'confluence'; id: string },
): ScopeDecision {
  if (!scope.operations.includes(operation)) return 'operation_not_granted';
  if (scope.anyWorkspace) return 'allowed';
  const granted = workspace.product === 'jira' ? scope.jiraProjects : scope.confluenceSpaces;
  return granted.includes(workspace.id) ? 'allowed' : 'workspace_not_granted';
}
