import { readFileSync } from 'node:fs';
import * as v from 'valibot';

/** What a user may do in a Confluence space: the operations of the content permission check. */
export const CONFLUENCE_OPERATIONS = ['read', 'update', 'delete'] as const;
export type ConfluenceOperation = (typeof CONFLUENCE_OPERATIONS)[number];

/** `*` in a grant: every project or space, or every permission. */
export const ALL = '*';

const Key = v.pipe(v.string(), v.minLength(1));
/** Jira permission keys as Jira names them (`BROWSE_PROJECTS`, `EDIT_ISSUES`, …), or `*` for all. */
const JiraPermissionKey = v.pipe(
  v.string(),
  v.regex(/^(\*|[A-Z][A-Z0-9_]*)$/, 'must be a Jira permission key such as BROWSE_PROJECTS, or *'),
);

const UserSchema = v.object({
  accountId: Key,
  displayName: v.string(),
  email: v.string(),
  /** The Administer Jira global permission (mypermissions' ADMINISTER). */
  jiraAdmin: v.boolean(),
  /** Confluence administration (the `administer` operation of user/current). */
  confluenceAdmin: v.boolean(),
  /** Project permissions by project key (`*`: every project). */
  projects: v.optional(v.record(Key, v.array(JiraPermissionKey)), {}),
  /** Space permissions by space key (`*`: every space). */
  spaces: v.optional(v.record(Key, v.array(v.picklist(CONFLUENCE_OPERATIONS))), {}),
});

/** Many users alike, e.g. `{ "prefix": "voter-", "count": 100, "like": "local-viewer", "displayName": "Voter" }`. */
const UserSeriesSchema = v.object({
  prefix: Key,
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
  like: Key,
  displayName: Key,
});

const SiteSchema = v.object({
  cloudId: v.pipe(v.string(), v.minLength(1)),
  siteUrl: v.pipe(v.string(), v.url()),
  users: v.pipe(v.array(UserSchema), v.minLength(1)),
  userSeries: v.optional(v.array(UserSeriesSchema), []),
  jira: v.object({
    issueTypes: v.optional(v.pipe(v.array(v.object({ id: Key, name: Key })), v.minLength(1)), [{ id: '10001', name: 'Task' }]),
    projects: v.array(
      v.object({
        id: Key,
        key: v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key')),
        name: v.string(),
        projectTypeKey: v.optional(v.string(), 'software'),
        issues: v.array(v.object({ id: Key, key: Key, summary: v.string(), issueTypeId: v.optional(v.string()) })),
      }),
    ),
  }),
  confluence: v.object({
    spaces: v.array(
      v.object({
        id: Key,
        key: Key,
        name: v.string(),
        pages: v.array(v.object({ id: Key, title: v.string(), status: v.optional(v.picklist(['current', 'trashed']), 'current') })),
      }),
    ),
  }),
});

export type Site = v.InferOutput<typeof SiteSchema>;
export type SiteUser = Site['users'][number];
export type JiraProject = Site['jira']['projects'][number];
export type JiraIssue = JiraProject['issues'][number];
export type ConfluenceSpace = Site['confluence']['spaces'][number];
export type ConfluencePage = ConfluenceSpace['pages'][number];

/**
 * Reads a fixture site: the users (with every `userSeries` expanded into users of its own), their
 * admin flags and project and space permissions, and the Jira and Confluence content. Names that
 * point nowhere (a grant on an unknown project, an issue key of another project) are refused, so a
 * typo fails at start rather than as a puzzling 404.
 */
export function loadSite(file: string): Site {
  const parsed = v.safeParse(SiteSchema, JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`fixture site ${file} is invalid: ${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ')}`);
  }
  const site = parsed.output;
  const problems: string[] = [];
  const explicit = [...site.users];
  for (const series of site.userSeries) {
    const like = explicit.find((u) => u.accountId === series.like);
    if (!like) {
      problems.push(`userSeries '${series.prefix}': no user '${series.like}' to be like`);
      continue;
    }
    const width = Math.max(3, String(series.count).length);
    const domain = like.email.includes('@') ? like.email.slice(like.email.indexOf('@')) : '@local';
    for (let n = 1; n <= series.count; n++) {
      const number = String(n).padStart(width, '0');
      site.users.push({
        ...like,
        accountId: `${series.prefix}${number}`,
        displayName: `${series.displayName} ${number}`,
        email: `${series.prefix}${number}${domain}`,
      });
    }
  }
  const seen = new Set<string>();
  for (const user of site.users) {
    if (seen.has(user.accountId)) problems.push(`user '${user.accountId}' is listed twice`);
    seen.add(user.accountId);
    for (const key of Object.keys(user.projects)) {
      if (key !== ALL && !site.jira.projects.some((p) => p.key === key))
        problems.push(`user '${user.accountId}': no Jira project '${key}'`);
    }
    for (const key of Object.keys(user.spaces)) {
      if (key !== ALL && !site.confluence.spaces.some((s) => s.key === key))
        problems.push(`user '${user.accountId}': no Confluence space '${key}'`);
    }
  }
  for (const project of site.jira.projects) {
    for (const issue of project.issues) {
      if (!new RegExp(`^${project.key}-[1-9][0-9]*$`).test(issue.key))
        problems.push(`issue '${issue.key}' is not a key of project ${project.key}`);
      if (issue.issueTypeId !== undefined && !site.jira.issueTypes.some((t) => t.id === issue.issueTypeId)) {
        problems.push(`issue '${issue.key}': no issue type '${issue.issueTypeId}'`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`fixture site ${file} is invalid: ${problems.join('; ')}`);
  return site;
}

/** The user a product call acts as: an account of the site, or the app itself. */
export type Actor = { kind: 'app' } | { kind: 'user'; user: SiteUser };
