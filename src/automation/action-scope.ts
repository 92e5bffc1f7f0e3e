import type { FieldError } from '../shared/resolver-contract';
import { OPERATIONS, type AutomationPolicy, type Workspaces } from '../shared/tokens';
import { authorize } from '../tokens/scope';

export type ActionWorkspace = { product: 'jira' | 'confluence'; id: string };

/**
 * Whether the policy lets the native actions work in a project or space: the limit a token's
 * scope sets, with every operation granted (the user the action runs as still needs the
 * product's permission for each one).
 */
export function actionsAllowedIn(policy: AutomationPolicy, workspace: ActionWorkspace): boolean {
  return authorize({ ...policy, operations: [...OPERATIONS] }, 'read', workspace) === 'allowed';
}

/**
 * Problems with a new automation policy that only the site can reveal: turned on for no project
 * or space, or naming one the site does not have. Entries the policy held already are not
 * checked again, so a project deleted since does not block saving the other settings.
 */
export function automationPolicyProblems(next: AutomationPolicy, before: AutomationPolicy, site: Workspaces): FieldError[] {
  const field = 'policy.automationActions';
  const problems: FieldError[] = [];
  // Every project and space: any list given is dropped (normalizeAutomationPolicy).
  if (next.anyWorkspace) return problems;
  if (next.enabled && next.jiraProjects.length === 0 && next.confluenceSpaces.length === 0) {
    problems.push({
      field: `${field}.jiraProjects`,
      message: 'choose at least one Jira project or Confluence space, or allow all of them',
    });
  }
  const projects = new Set(site.jiraProjects.map((p) => p.key));
  next.jiraProjects.forEach((key, i) => {
    if (!before.jiraProjects.includes(key) && !projects.has(key)) {
      problems.push({ field: `${field}.jiraProjects.${i}`, message: `no Jira project ${key} on this site` });
    }
  });
  const spaces = new Set(site.confluenceSpaces.map((s) => s.id));
  next.confluenceSpaces.forEach((id, i) => {
    if (!before.confluenceSpaces.includes(id) && !spaces.has(id)) {
      problems.push({ field: `${field}.confluenceSpaces.${i}`, message: `no Confluence space ${id} on this site` });
    }
  });
  return problems;
}

/** Sorted and without duplicates, so equal policies look equal (and describe no change). */
export function normalizeAutomationPolicy(policy: AutomationPolicy): AutomationPolicy {
  if (policy.anyWorkspace) return { ...policy, jiraProjects: [], confluenceSpaces: [] };
  return {
    ...policy,
    jiraProjects: [...new Set(policy.jiraProjects)].sort(),
    confluenceSpaces: [...new Set(policy.confluenceSpaces)].sort(),
  };
}
