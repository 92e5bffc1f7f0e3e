import { readFileSync } from 'node:fs';
import { z } from 'zod';

const SiteSchema = z.object({
  cloudId: z.string().min(1),
  siteUrl: z.string().url(),
  users: z
    .array(
      z.object({
        accountId: z.string().min(1),
        displayName: z.string(),
        email: z.string(),
        jiraAdmin: z.boolean(),
        confluenceAdmin: z.boolean(),
      }),
    )
    .min(1),
  jira: z.object({
    projects: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        issues: z.array(z.object({ id: z.string(), key: z.string(), summary: z.string() })),
      }),
    ),
  }),
  confluence: z.object({
    spaces: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        pages: z.array(z.object({ id: z.string(), title: z.string() })),
      }),
    ),
  }),
});

export type Site = z.infer<typeof SiteSchema>;
export type SiteUser = Site['users'][number];

export function loadSite(file: string): Site {
  const parsed = SiteSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`fixture site ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The user a product call acts as: an account of the site, or the app itself. */
export type Actor = { kind: 'app' } | { kind: 'user'; user: SiteUser };
