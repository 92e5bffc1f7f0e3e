import { randomInt } from 'node:crypto';
import type { FixtureSite, FoundIssue, FoundPage } from './fixture-site';

/** A product event as a trigger receives it: the event's name and its payload. */
export type ProductEvent = { name: string; payload: Record<string, unknown> };

/**
 * The root fields every event of a product carries, filled in where a payload leaves them out:
 * Jira's `timestamp` ("in epoch milliseconds", a string) and Confluence's `eventCreatedDate` and
 * `suppressNotifications` (events-reference/jira, events-reference/confluence); `selfGenerated`
 * ("Whether the event was triggered by the app receiving it") for both.
 */
export function eventDefaults(eventName: string, now = new Date()): Record<string, unknown> {
  if (eventName.startsWith('avi:jira:') || eventName.startsWith('avi:jira-software:')) {
    return { selfGenerated: false, timestamp: String(now.getTime()) };
  }
  if (eventName.startsWith('avi:confluence:')) {
    return { selfGenerated: false, eventCreatedDate: now.toISOString(), suppressNotifications: false };
  }
  return {};
}

/**
 * The `Issue` of a Jira event: `id`, `key` and `fields` with `summary`, `issuetype` and `project`,
 * as in the documented example of `avi:jira:created:issue` (events-reference/jira; the type
 * reference names the field `issueType`, the example and Jira's REST API `issuetype`).
 */
export function jiraEventIssue(site: FixtureSite, { issue, project }: FoundIssue): Record<string, unknown> {
  const siteUrl = site.data.siteUrl;
  const type = site.issueType(issue);
  return {
    id: issue.id,
    key: issue.key,
    fields: {
      summary: issue.summary,
      issuetype: { self: `${siteUrl}/rest/api/2/issuetype/${type.id}`, id: type.id, name: type.name, subtask: false },
      project: {
        self: `${siteUrl}/rest/api/2/project/${project.id}`,
        id: project.id,
        key: project.key,
        name: project.name,
        projectTypeKey: project.projectTypeKey,
        simplified: false,
      },
    },
  };
}

type EventOptions = { accountId: string; selfGenerated: boolean; now?: Date };

/** An event the fixture site raises for a user's change: the product's root fields, then its own. */
function userEvent(name: string, options: EventOptions, fields: Record<string, unknown>): ProductEvent {
  return {
    name,
    payload: {
      eventType: name,
      ...eventDefaults(name, options.now),
      selfGenerated: options.selfGenerated,
      atlassianId: options.accountId,
      ...fields,
    },
  };
}

/**
 * `avi:jira:updated:issue` with `jiraEventTypeName: 'issue_moved'`, the only trace of a move the
 * documentation has (events-reference/jira lists no event of its own for it). The snapshot lacks
 * the `Changelog` type: the changelog here is a GUESS after Jira's webhooks, an `items` list of
 * `{ field, fieldtype, fieldId?, from, fromString, to, toString }` with a `project` change (ids and
 * names) and a `Key` change (old and new key); `issue` holds the issue as it is after the move.
 */
export function issueMovedEvent(
  site: FixtureSite,
  moved: FoundIssue & { from: FoundIssue['project']; previousKey: string },
  options: EventOptions,
): ProductEvent {
  return userEvent('avi:jira:updated:issue', options, {
    jiraEventTypeName: 'issue_moved',
    issue: jiraEventIssue(site, moved),
    changelog: {
      id: String(randomInt(10_000, 1_000_000)),
      items: [
        {
          field: 'project',
          fieldtype: 'jira',
          fieldId: 'project',
          from: moved.from.id,
          fromString: moved.from.name,
          to: moved.project.id,
          toString: moved.project.name,
        },
        { field: 'Key', fieldtype: 'jira', from: null, fromString: moved.previousKey, to: null, toString: moved.issue.key },
      ],
    },
  });
}

/** `avi:jira:deleted:issue`: `eventType`, `selfGenerated`, `issue`, `atlassianId?` (events-reference/jira). */
export function issueDeletedEvent(site: FixtureSite, deleted: FoundIssue, options: EventOptions): ProductEvent {
  return userEvent('avi:jira:deleted:issue', options, { issue: jiraEventIssue(site, deleted) });
}

/**
 * `avi:confluence:trashed:page` or `avi:confluence:deleted:page`, in the shared format of page
 * events (events-reference/confluence: "Trashed and deleted events share this format"). The fixture
 * has no authors or versions: `history` and `version` name the acting user, with PII fields
 * "populated with the accountId" as the type reference says, and a fixed creation date — a GUESS,
 * as is `content.status` (`trashed` once the page was in the trash, else `current`).
 */
export function pageEvent(kind: 'trashed' | 'deleted', found: FoundPage, wasTrashed: boolean, options: EventOptions): ProductEvent {
  const user = confluenceEventUser(options.accountId);
  return userEvent(`avi:confluence:${kind}:page`, options, {
    content: {
      id: found.page.id,
      type: 'page',
      status: kind === 'trashed' || wasTrashed ? 'trashed' : 'current',
      title: found.page.title,
      space: {
        id: Number(found.space.id),
        key: found.space.key,
        alias: found.space.key,
        name: found.space.name,
        icon: { path: '/images/logo/default-space-logo-256.png', width: 48, height: 48, isDefault: true },
        type: 'global',
        status: 'current',
      },
      history: { latest: true, createdBy: user, ownedBy: user, createdDate: FIXTURE_CREATED },
      version: { by: user, when: FIXTURE_CREATED, number: 1 },
    },
  });
}

const FIXTURE_CREATED = '2024-01-01T00:00:00.000Z';

function confluenceEventUser(accountId: string): Record<string, unknown> {
  return {
    type: 'known',
    username: accountId,
    accountId,
    accountType: 'atlassian',
    email: accountId,
    publicName: accountId,
    profilePicture: { path: `/wiki/aa-avatar/${accountId}`, width: 48, height: 48, isDefault: false },
    displayName: accountId,
    isExternalCollaborator: false,
  };
}
