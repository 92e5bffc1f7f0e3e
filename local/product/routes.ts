import type { Actor, Site } from './site';

export type ProductRequest = { method: string; url: URL; body: string | undefined; actor: Actor };
export type ProductResponse = { status: number; body: unknown };
type Handler = (request: ProductRequest, params: string[]) => ProductResponse;
type Route = { method: string; pattern: RegExp; handle: Handler };

export type ProductRouteOptions = { site: Site; webTriggerUrl: (triggerKey: string) => string };

const JIRA_PERMISSION_NAMES: Record<string, string> = { ADMINISTER: 'Administer Jira', BROWSE_PROJECTS: 'Browse Projects' };

/**
 * The product REST endpoints the fixture site answers, in the shapes Atlassian documents. Only
 * what apps commonly call for identity, permissions and existence checks; anything else is a 501
 * so that a missing emulation is loud rather than a silent 404.
 */
export function productRoutes({ site, webTriggerUrl }: ProductRouteOptions): Record<'jira' | 'confluence' | 'stargate', Route[]> {
  const findProject = (idOrKey: string): Site['jira']['projects'][number] | undefined =>
    site.jira.projects.find((p) => p.key === idOrKey.toUpperCase() || p.id === idOrKey);
  const projectView = (p: Site['jira']['projects'][number]): object => ({
    id: p.id,
    key: p.key,
    name: p.name,
    self: `${site.siteUrl}/rest/api/3/project/${p.id}`,
  });
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
      handle: ({ url, actor }) => {
        const requested = (url.searchParams.get('permissions') ?? '').split(',').filter(Boolean);
        if (requested.length === 0) return jiraError(400, 'The permissions query parameter is required.');
        const permissions: Record<string, object> = {};
        for (const key of requested) {
          const havePermission = key === 'ADMINISTER' ? actor.kind === 'user' && actor.user.jiraAdmin : actor.kind === 'user';
          permissions[key] = {
            id: key,
            key,
            name: JIRA_PERMISSION_NAMES[key] ?? key,
            type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT',
            havePermission,
          };
        }
        return ok({ permissions });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/project\/search$/,
      handle: ({ url }) => {
        const startAt = boundedInt(url.searchParams.get('startAt'), 0, 0, Number.MAX_SAFE_INTEGER);
        const maxResults = boundedInt(url.searchParams.get('maxResults'), 50, 1, 100);
        const keys = url.searchParams.getAll('keys').flatMap((k) => k.split(','));
        const all = site.jira.projects.filter((p) => keys.length === 0 || keys.includes(p.key));
        const values = all.slice(startAt, startAt + maxResults).map(projectView);
        return ok({ startAt, maxResults, total: all.length, isLast: startAt + maxResults >= all.length, values });
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/project\/([^/]+)$/,
      handle: (_request, [idOrKey = '']) => {
        const project = findProject(idOrKey);
        return project ? ok(projectView(project)) : jiraError(404, `No project could be found with key '${idOrKey}'.`);
      },
    },
    {
      method: 'GET',
      pattern: /^\/rest\/api\/3\/issue\/([^/]+)$/,
      handle: (_request, [idOrKey = '']) => {
        for (const project of site.jira.projects) {
          const issue = project.issues.find((i) => i.key === idOrKey.toUpperCase() || i.id === idOrKey);
          if (issue) {
            return ok({
              id: issue.id,
              key: issue.key,
              self: `${site.siteUrl}/rest/api/3/issue/${issue.id}`,
              fields: { summary: issue.summary, project: projectView(project) },
            });
          }
        }
        return jiraError(404, 'Issue does not exist or you do not have permission to see it.');
      },
    },
  ];

  const spaceView = (s: Site['confluence']['spaces'][number]): object => ({
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
      handle: ({ url }) => {
        const ids = url.searchParams.getAll('ids').flatMap((v) => v.split(','));
        const keys = url.searchParams.getAll('keys').flatMap((v) => v.split(','));
        const limit = boundedInt(url.searchParams.get('limit'), 25, 1, 250);
        const offset = decodeCursor(url.searchParams.get('cursor'));
        const all = site.confluence.spaces.filter(
          (s) => (ids.length === 0 || ids.includes(s.id)) && (keys.length === 0 || keys.includes(s.key)),
        );
        const results = all.slice(offset, offset + limit).map(spaceView);
        const next = offset + limit < all.length ? `/wiki/api/v2/spaces?limit=${limit}&cursor=${encodeCursor(offset + limit)}` : undefined;
        return ok({ results, _links: next ? { next } : {} });
      },
    },
    {
      method: 'GET',
      pattern: /^\/wiki\/api\/v2\/spaces\/([^/]+)$/,
      handle: (_request, [id = '']) => {
        const space = site.confluence.spaces.find((s) => s.id === id);
        return space ? ok(spaceView(space)) : confluenceError(404, 'Space not found');
      },
    },
    {
      method: 'GET',
      pattern: /^\/wiki\/api\/v2\/pages\/([^/]+)$/,
      handle: (_request, [id = '']) => {
        for (const space of site.confluence.spaces) {
          const page = space.pages.find((p) => p.id === id);
          if (page) return ok({ id: page.id, status: 'current', title: page.title, spaceId: space.id });
        }
        return confluenceError(404, 'Page not found');
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
