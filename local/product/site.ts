import { readFileSync } from 'node:fs';
import * as v from 'valibot';

const SiteSchema = v.object({
  cloudId: v.pipe(v.string(), v.minLength(1)),
  siteUrl: v.pipe(v.string(), v.url()),
  users: v.pipe(
    v.array(
      v.object({
        accountId: v.pipe(v.string(), v.minLength(1)),
        displayName: v.string(),
        email: v.string(),
        jiraAdmin: v.boolean(),
        confluenceAdmin: v.boolean(),
      }),
    ),
    v.minLength(1),
  ),
  jira: v.object({
    projects: v.array(
      v.object({
        id: v.string(),
        key: v.string(),
        name: v.string(),
        issues: v.array(v.object({ id: v.string(), key: v.string(), summary: v.string() })),
      }),
    ),
  }),
  confluence: v.object({
    spaces: v.array(
      v.object({
        id: v.string(),
        key: v.string(),
        name: v.string(),
        pages: v.array(v.object({ id: v.string(), title: v.string() })),
      }),
    ),
  }),
});

export type Site = v.InferOutput<typeof SiteSchema>;
export type SiteUser = Site['users'][number];

export function loadSite(file: string): Site {
  const parsed = v.safeParse(SiteSchema, JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`fixture site ${file} is invalid: ${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ')}`);
  }
  return parsed.output;
}

/** The user a product call acts as: an account of the site, or the app itself. */
export type Actor = { kind: 'app' } | { kind: 'user'; user: SiteUser };
