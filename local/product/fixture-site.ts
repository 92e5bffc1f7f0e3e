import {
  ALL,
  type Actor,
  type ConfluenceOperation,
  type ConfluencePage,
  type ConfluenceSpace,
  type JiraIssue,
  type JiraProject,
  type Site,
  type SiteUser,
} from './site';

export type FoundIssue = { issue: JiraIssue; project: JiraProject };
export type FoundPage = { page: ConfluencePage; space: ConfluenceSpace };

export class FixtureError extends Error {
  override name = 'FixtureError';
}

/**
 * The fixture site in memory: lookups the product endpoints share, the permissions of its users,
 * and the changes tests make (moves and deletions), which are never written back to the file.
 */
export class FixtureSite {
  /** Keys an issue had before it moved (upper case) → the issue's id: Jira still finds it by them. */
  private readonly movedKeys = new Map<string, string>();
  /** The highest issue number a project ever handed out: Jira does not reuse keys. */
  private readonly lastNumber = new Map<string, number>();

  constructor(readonly data: Site) {
    for (const project of data.jira.projects) {
      this.lastNumber.set(project.id, Math.max(0, ...project.issues.map((issue) => issueNumber(issue.key))));
    }
  }

  findUser(accountId: string): SiteUser | undefined {
    return this.data.users.find((u) => u.accountId === accountId);
  }

  findProject(idOrKey: string): JiraProject | undefined {
    return this.data.jira.projects.find((p) => p.key === idOrKey.toUpperCase() || p.id === idOrKey);
  }

  /**
   * An issue by id or key, case-insensitively, and by a key it had before it moved: "If the
   * identifier doesn't match an issue, a case-insensitive search and check for moved issues is
   * performed" (Jira REST, Get issue).
   */
  findIssue(idOrKey: string): FoundIssue | undefined {
    const key = idOrKey.toUpperCase();
    const find = (match: (issue: JiraIssue) => boolean): FoundIssue | undefined => {
      for (const project of this.data.jira.projects) {
        const issue = project.issues.find(match);
        if (issue) return { issue, project };
      }
      return undefined;
    };
    const direct = find((i) => i.id === idOrKey || i.key === key);
    if (direct) return direct;
    const movedId = this.movedKeys.get(key);
    return movedId === undefined ? undefined : find((i) => i.id === movedId);
  }

  issueType(issue: JiraIssue): { id: string; name: string } {
    const types = this.data.jira.issueTypes;
    return types.find((t) => t.id === issue.issueTypeId) ?? types[0]!;
  }

  findSpace(idOrKey: string): ConfluenceSpace | undefined {
    return this.data.confluence.spaces.find((s) => s.id === idOrKey || s.key === idOrKey);
  }

  findPage(id: string): FoundPage | undefined {
    for (const space of this.data.confluence.spaces) {
      const page = space.pages.find((p) => p.id === id);
      if (page) return { page, space };
    }
    return undefined;
  }

  /**
   * Whether the actor has a project permission in a project. The app has every project permission:
   * with `asApp()` "the app will have access to all data it has permissions for, regardless of
   * restrictions" (events-reference/product_events).
   */
  hasProjectPermission(actor: Actor, project: JiraProject, permission: string): boolean {
    if (actor.kind === 'app') return true;
    const grants = [...(actor.user.projects[project.key] ?? []), ...(actor.user.projects[ALL] ?? [])];
    return grants.includes(permission) || grants.includes(ALL);
  }

  /** Whether a user can do an operation on content of a space (the app can read and change all). */
  canInSpace(actor: Actor, space: ConfluenceSpace, operation: ConfluenceOperation): boolean {
    if (actor.kind === 'app') return true;
    return [...(actor.user.spaces[space.key] ?? []), ...(actor.user.spaces[ALL] ?? [])].includes(operation);
  }

  /**
   * Moves an issue to another project: it keeps its id and gets the next free key there; its old
   * keys still find it.
   */
  moveIssue(idOrKey: string, toProjectKey: string): FoundIssue & { from: JiraProject; previousKey: string } {
    const found = this.requireIssue(idOrKey);
    const to = this.findProject(toProjectKey);
    if (!to) throw new FixtureError(`No Jira project '${toProjectKey}' on the fixture site.`);
    if (to.id === found.project.id) throw new FixtureError(`Issue ${found.issue.key} is already in project ${to.key}.`);
    const number = (this.lastNumber.get(to.id) ?? 0) + 1;
    this.lastNumber.set(to.id, number);
    const previousKey = found.issue.key;
    found.project.issues.splice(found.project.issues.indexOf(found.issue), 1);
    found.issue.key = `${to.key}-${number}`;
    to.issues.push(found.issue);
    this.movedKeys.set(previousKey, found.issue.id);
    return { issue: found.issue, project: to, from: found.project, previousKey };
  }

  /** Deletes an issue; neither its key nor its old keys find it any more. */
  deleteIssue(idOrKey: string): FoundIssue {
    const found = this.requireIssue(idOrKey);
    found.project.issues.splice(found.project.issues.indexOf(found.issue), 1);
    for (const [key, id] of this.movedKeys) if (id === found.issue.id) this.movedKeys.delete(key);
    return found;
  }

  /** Moves a page to the trash: its status becomes `trashed`. */
  trashPage(id: string): FoundPage {
    const found = this.requirePage(id);
    if (found.page.status === 'trashed') throw new FixtureError(`Page ${id} is already in the trash.`);
    found.page.status = 'trashed';
    return found;
  }

  /** Deletes a page for good (from the space or from the trash). */
  deletePage(id: string): FoundPage {
    const found = this.requirePage(id);
    found.space.pages.splice(found.space.pages.indexOf(found.page), 1);
    return found;
  }

  private requireIssue(idOrKey: string): FoundIssue {
    const found = this.findIssue(idOrKey);
    if (!found) throw new FixtureError(`No Jira issue '${idOrKey}' on the fixture site.`);
    return found;
  }

  private requirePage(id: string): FoundPage {
    const found = this.findPage(id);
    if (!found) throw new FixtureError(`No Confluence page '${id}' on the fixture site.`);
    return found;
  }
}

function issueNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}
