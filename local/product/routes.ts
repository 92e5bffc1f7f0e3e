import * as v from 'valibot';
import { FixtureSite } from './fixture-site';
import { CONFLUENCE_OPERATIONS, type Actor, type ConfluenceSpace, type JiraIssue, type JiraProject } from './site';

export type ProductRequest = { method: string; url: URL; body: string | undefined; actor: Actor };
export type ProductResponse = { status: number; body: unknown };
type Handler = (request: ProductRequest, params: string[]) => ProductResponse;
type Route = { method: string; pattern: RegExp; handle: Handler };

export type ProductRouteOptions = { site: FixtureSite; webTriggerUrl: (triggerKey: string) => string };

const JIRA_PERMISSION_NAMES: Record<string, string> = {
  ADMINISTER: 'Administer Jira',
  SYSTEM_ADMIN: 'Administer Jira system',
  BROWSE_PROJECTS: 'Browse Projects',
  EDIT_ISSUES: 'Edit Issues',
  CREATE_ISSUES: 'Create Issues',
  DELETE_ISSUES: 'Delete Issues',
  ADMINISTER_PROJECTS: 'Administer Projects',
};
/**
 * Jira's global permissions: "Global permissions are unaffected by context" (Jira REST, Get my
 * permissions). The two admin ones follow the user's `jiraAdmin` flag; the others are granted to
 * every user of a site by default. Every other key is a project permission (apps and Jira
 * Software add keys of their own, so no list of them is closed).
 */
const JIRA_GLOBAL_PERMISSIONS: Record<string, (actor: Actor) => boolean> = {
  ADMINISTER: (actor) => actor.kind === 'user' && actor.user.jiraAdmin,
  SYSTEM_ADMIN: (actor) => actor.kind === 'user' && actor.user.jiraAdmin,
  USER_PICKER: (actor) => actor.kind === 'user',
  CREATE_SHARED_OBJECTS: (actor) => actor.kind === 'user',
  MANAGE_GROUP_FILTER_SUBSCRIPTIONS: (actor) => actor.kind === 'user',
  BULK_CHANGE: (actor) => actor.kind === 'user',
};
const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

const BulkPermissionsBody = v.object({
  accountId: v.optional(v.string()),
  globalPermissions: v.optional(v.array(v.string())),
  projectPermissions: v.optional(
    v.array(
      v.object({
        permissions: v.array(v.string()),
        projects: v.optional(v.array(v.union([v.number(), v.string()]))),
        issues: v.optional(v.array(v.union([v.number(), v.string()]))),
      }),
    ),
  ),
});

const ContentPermissionBody = v.object({
  subject: v.object({ type: v.picklist(['user', 'group']), identifier: v.pipe(v.string(), v.minLength(1)) }),
  operation: v.picklist(CONFLUENCE_OPERATIONS),
});

/**
 * The product REST endpoints the fixture site answers, in the shapes Atlassian documents, as the
 * acting user: what a user cannot see answers 404 as Jira and Confluence do, while the app sees
 * everything. Only what apps commonly call for identity, permissions and existence checks;
 * anything else is a 501 so that a missing emulation is loud rather than a silent 404.
 */
export function productRoutes({ site, webTriggerUrl }: ProductRouteOptions): Record<'jira' | 'confluence' | 'stargate', Route[]> {
  const data = site.data;
  const canBrowse = (actor: Actor, project: JiraProject): boolean =>
    site.hasProjectPermission(actor, project, 'BROWSE_PROJECTS') || site.hasProjectPermission(actor, project, 'ADMINISTER_PROJECTS');
  const projectView = (p: JiraProject): object => ({
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: p.projectTypeKey,
    self: `${data.siteUrl}/rest/api/3/project/${p.id}`,
  });
  const issueView = (issue: JiraIssue, project: JiraProject): object => {
    const type = site.issueType(issue);
    return {
      id: issue.id,
      key: issue.key,
      self: `${data.siteUrl}/rest/api/3/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        issuetype: { self: `${data.siteUrl}/rest/api/3/issuetype/${type.id}`, id: type.id, name: type.name, subtask: false },
        project: projectView(project),
      },
    };
  };
  const userView = (actor: Actor): object =>
    actor.kind === 'user'
      ? {
          accountId: actor.user.accountId,
          accountType: 'atlassian',
          displayName: actor.user.displayName,
          emailAddress: actor.user.email,
          active: true,
        }
      : { accountId: 'app', accountType: 'app', displayName: 'Quorum (app)', active: true };

  const jira: Route[] = [
    { method: 'GET', pattern: /^\/rest\/api\/3\/myself$/, handle: ({ actor }) => ok(userView(actor)) },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/mypermissions$/,
      // Jira REST, Get my permissions: a project permission is reported "in the global context,
      // if the user has the project permission in any project", for a project or an issue if the
      // user has it in that project. "issueKey: Ignored if issueId is provided", "projectKey:
      // Ignored if projectId is provided"; a project or issue that is not found or not visible
      // answers 404.
      handle: ({ url, actor }) => {
        const query = url.searchParams;
        const requested = (query.get('permissions') ?? '').split(',').filter(Boolean);
        if (requested.length === 0) return jiraError(400, 'The permissions query parameter is required.');
        if (query.has('commentId')) return notEmulated('mypermissions with commentId');
        let project: JiraProject | undefined;
        const issueArgument = query.get('issueId') ?? query.get('issueKey');
        const projectArgument = query.get('projectId') ?? query.get('projectKey');
        if (issueArgument !== null) {
          const found = site.findIssue(issueArgument);
          if (!found || !canBrowse(actor, found.project)) return jiraError(404, ISSUE_NOT_FOUND);
          project = found.project;
        } else if (projectArgument !== null) {
          project = site.findProject(projectArgument);
          if (!project || !canBrowse(actor, project)) return jiraError(404, `No project could be found with key '${projectArgument}'.`);
        }
        const permissions: Record<string, object> = {};
        for (const key of requested) {
          const global = JIRA_GLOBAL_PERMISSIONS[key];
          const havePermission = global
            ? global(actor)
            : project
              ? site.hasProjectPermission(actor, project, key)
              : data.jira.projects.some((p) => site.hasProjectPermission(actor, p, key));
          permissions[key] = { id: key, key, name: JIRA_PERMISSION_NAMES[key] ?? key, type: global ? 'GLOBAL' : 'PROJECT', havePermission };
        }
        return ok({ permissions });
      },
    },
    {
      method: 'POST',
      pattern: /^\/rest\/api\/3\/permissions\/check$/,
      // Jira REST, Get bulk permissions (what authorize() from @forge/api calls): "Invalid project
      // and issue IDs are ignored"; "Administer Jira global permission to check the permissions for
      // other users". The answer lists ids as numbers, as Jira's example does.
      handle: ({ body, actor }) => {
        const parsed = v.safeParse(BulkPermissionsBody, safeJson(body));
        if (!parsed.success) return jiraError(400, 'The request body is not a bulk permissions request.');
        const request = parsed.output;
        let subject: Actor = actor;
        if (request.accountId !== undefined && !(actor.kind === 'user' && actor.user.accountId === request.accountId)) {
          if (actor.kind === 'user' && !actor.user.jiraAdmin) {
            return jiraError(403, 'You need the Administer Jira global permission to check the permissions of other users.');
          }
          const user = site.findUser(request.accountId);
          // GUESS (not documented): the error for an unknown account.
          if (!user) return jiraError(400, `The user with account ID '${request.accountId}' does not exist.`);
          subject = { kind: 'user', user };
        }
        const globalPermissions = (request.globalPermissions ?? []).filter((key) => JIRA_GLOBAL_PERMISSIONS[key]?.(subject) ?? false);
        const byPermission = new Map<string, { projects: Set<number>; issues: Set<number> }>();
        for (const entry of request.projectPermissions ?? []) {
          for (const permission of entry.permissions) {
            const granted = byPermission.get(permission) ?? { projects: new Set(), issues: new Set() };
            byPermission.set(permission, granted);
            for (const id of entry.projects ?? []) {
              const project = site.findProject(String(id));
              if (project && project.id === String(id) && site.hasProjectPermission(subject, project, permission))
                granted.projects.add(Number(id));
            }
            for (const id of entry.issues ?? []) {
              const found = site.findIssue(String(id));
              if (found && found.issue.id === String(id) && site.hasProjectPermission(subject, found.project, permission))
                granted.issues.add(Number(id));
            }
          }
        }
        const projectPermissions = [...byPermission].map(([permission, granted]) => ({
          permission,
          projects: [...granted.projects],
          issues: [...granted.issues],
        }));
        return ok({ globalPermissions, projectPermissions });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/project\/search$/,
      // "Projects are returned only where the user has Browse Projects or Administer projects
      // project permission for the project" (Jira REST, Get projects paginated).
      handle: ({ url, actor }) => {
        const startAt = boundedInt(url.searchParams.get('startAt'), 0, 0, Number.MAX_SAFE_INTEGER);
        const maxResults = boundedInt(url.searchParams.get('maxResults'), 50, 1, 100);
        const keys = url.searchParams.getAll('keys').flatMap((k) => k.split(','));
        const all = data.jira.projects.filter((p) => (keys.length === 0 || keys.includes(p.key)) && canBrowse(actor, p));
        const values = all.slice(startAt, startAt + maxResults).map(projectView);
        return ok({ startAt, maxResults, total: all.length, isLast: startAt + maxResults >= all.length, values });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/project\/([^/]+)$/,
      handle: ({ actor }, [idOrKey = '']) => {
        const project = site.findProject(idOrKey);
        return project && canBrowse(actor, project)
          ? ok(projectView(project))
          : jiraError(404, `No project could be found with key '${idOrKey}'.`);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
      // Jira REST, Get issue: a moved issue is found by its old key (the answer has the new one);
      // an issue in a project the user cannot browse answers 404, as one that does not exist.
      handle: ({ actor }, [idOrKey = '']) => {
        const found = site.findIssue(idOrKey);
        if (!found || !canBrowse(actor, found.project)) return jiraError(404, ISSUE_NOT_FOUND);
        return ok(issueView(found.issue, found.project));
      },
    },
  ];

  const canRead = (actor: Actor, space: ConfluenceSpace): boolean => site.canInSpace(actor, space, 'read');
  const spaceView = (s: ConfluenceSpace): object => ({
    id: s.id,
    key: s.key,
    name: s.name,
    type: 'global',
    status: 'current',
  });
  const confluence: Route[] = [
    {
      method: 'GET',
      pattern: /^\/wiki\/rest\/api\/user\/current$/,
      handle: ({ url, actor }) => {
        if (actor.kind !== 'user') return ok({ type: 'anonymous', displayName: 'Anonymous' });
        const expand = (url.searchParams.get('expand') ?? '').split(',');
        const operations = [{ operation: 'use', targetType: 'application' }];
        if (actor.user.confluenceAdmin) operations.push({ operation: 'administer', targetType: 'application' });
        return ok({
          type: 'known',
          accountId: actor.user.accountId,
          accountType: 'atlassian',
          email: actor.user.email,
          publicName: actor.user.displayName,
          displayName: actor.user.displayName,
          ...(expand.includes('operations') ? { operations } : {}),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/wiki\/api\/v2\/spaces$/,
      handle: ({ url, actor }) => {
        const ids = url.searchParams.getAll('ids').flatMap((value) => value.split(','));
        const keys = url.searchParams.getAll('keys').flatMap((value) => value.split(','));
        const limit = boundedInt(url.searchParams.get('limit'), 25, 1, 250);
        const offset = decodeCursor(url.searchParams.get('cursor'));
        const all = data.confluence.spaces.filter(
          (s) => (ids.length === 0 || ids.includes(s.id)) && (keys.length === 0 || keys.includes(s.key)) && canRead(actor, s),
        );
        const results = all.slice(offset, offset + limit).map(spaceView);
        const next = offset + limit < all.length ? `/wiki/api/v2/spaces?limit=${limit}&cursor=${encodeCursor(offset + limit)}` : undefined;
        return ok({ results, _links: next ? { next } : {} });
      },
    },
    {
      method: 'GET',
      pattern: /^\/wiki\/api\/v2\/spaces\/([^/]+)$/,
      handle: ({ actor }, [id = '']) => {
        const space = data.confluence.spaces.find((s) => s.id === id);
        return space && canRead(actor, space) ? ok(spaceView(space)) : confluenceError(404, 'Space not found');
      },
    },
    {
      method: 'GET',
      pattern: /^\/wiki\/api\/v2\/pages\/([^/]+)$/,
      // Confluence REST v2, Get page by id: "Permission to view the page and its corresponding
      // space"; one the user cannot view answers 404, as one that does not exist. A trashed page is
      // found only when `status` asks for it (GUESS: the runtime's reading of the `status` filter).
      handle: ({ url, actor }, [id = '']) => {
        const found = site.findPage(id);
        const statuses = url.searchParams.getAll('status').flatMap((s) => s.split(','));
        if (!found || !canRead(actor, found.space)) return confluenceError(404, 'Page not found');
        if (found.page.status === 'trashed' && !statuses.includes('trashed')) return confluenceError(404, 'Page not found');
        return ok({ id: found.page.id, status: found.page.status, title: found.page.title, spaceId: found.space.id });
      },
    },
    {
      method: 'POST',
      // Confluence REST v1, Check content permissions. @forge/auth (authorize()) calls it without
      // the /wiki prefix, which the platform's Confluence proxy accepts too.
      pattern: /^(?:\/wiki)?\/rest\/api\/content\/([^/]+)\/permission\/check$/,
      handle: ({ body, actor }, [id = '']) => {
        const parsed = v.safeParse(ContentPermissionBody, safeJson(body));
        if (!parsed.success) {
          const detail = parsed.issues.map((i) => `${v.getDotPath(i) || 'body'}: ${i.message}`).join('; ');
          return confluenceV1Error(
            400,
            `The body must be { "subject": { "type", "identifier" }, "operation": "read" | "update" | "delete" } (${detail}).`,
          );
        }
        const { subject, operation } = parsed.output;
        if (subject.type === 'group') return notEmulated('content permission checks for groups (the fixture site has no groups)');
        // "Permission to access the Confluence site ('Can use' global permission) if checking
        // permission for self, otherwise 'Confluence Administrator' global permission is required."
        if (actor.kind === 'user' && actor.user.accountId !== subject.identifier && !actor.user.confluenceAdmin) {
          return confluenceV1Error(403, 'Checking the permissions of another user needs the Confluence Administrator global permission.');
        }
        const found = site.findPage(id);
        if (!found) return confluenceV1Error(404, `No content found with id: ${id}`);
        const user = site.findUser(subject.identifier);
        // GUESS (not documented): the answer for an unknown account.
        if (!user) return confluenceV1Error(400, `No user found with account ID: ${subject.identifier}`);
        const hasPermission = site.canInSpace({ kind: 'user', user }, found.space, operation);
        // The documented response is { hasPermission, errors? }; the wording of a refusal's errors
        // is a GUESS, after the list of reasons Confluence gives.
        const errors = hasPermission ? [] : [{ translation: 'User does not have permission to the space', args: [] }];
        return ok({ hasPermission, errors });
      },
    },
  ];

  const stargate: Route[] = [
    {
      method: 'POST',
      pattern: /^\/graphql$/,
      handle: ({ body }) => {
        const request = safeJson(body) as { query?: unknown; variables?: { input?: { triggerKey?: unknown } } } | undefined;
        const query = typeof request?.query === 'string' ? request.query : '';
        if (query.includes('createWebTriggerUrl')) {
          const key = String(request?.variables?.input?.triggerKey ?? '');
          return ok({ data: { createWebTriggerUrl: { url: webTriggerUrl(key) } } });
        }
        return {
          status: 501,
          body: { errors: [{ message: 'The local runtime answers only the createWebTriggerUrl mutation on /graphql.' }] },
        };
      },
    },
  ];

  return { jira, confluence, stargate };
}

export function matchRoute(routes: Route[], request: ProductRequest): ProductResponse {
  for (const route of routes) {
    const match = route.pattern.exec(request.url.pathname);
    if (match && route.method === request.method) return route.handle(request, match.slice(1).map(decodeURIComponent));
  }
  return { status: 501, body: { message: `The local runtime does not emulate ${request.method} ${request.url.pathname}.` } };
}

function ok(body: unknown): ProductResponse {
  return { status: 200, body };
}

function jiraError(status: number, message: string): ProductResponse {
  return { status, body: { errorMessages: [message], errors: {} } };
}

function confluenceError(status: number, title: string): ProductResponse {
  return { status, body: { errors: [{ status, code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', title, detail: null }] } };
}

/** The error body of Confluence's v1 REST API (GUESS: its shape is not in the documentation the runtime follows). */
function confluenceV1Error(status: number, message: string): ProductResponse {
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  return {
    status,
    body: {
      statusCode: status,
      data: { authorized: status !== 403, valid: status !== 400, errors: [], successful: false },
      message,
      reason,
    },
  };
}

function notEmulated(what: string): ProductResponse {
  return { status: 501, body: { message: `The local runtime does not emulate ${what}.` } };
}

function boundedInt(raw: string | null, fallback: number, min: number, max: number): number {
  const value = raw === null ? fallback : Number.parseInt(raw, 10);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match?.[1] ? Number(match[1]) : 0;
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
