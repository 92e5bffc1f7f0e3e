// The product event trigger's function (manifest.yml: content-events-fn).
import * as v from 'valibot';
import { contentDeleted, contentMoved } from '../polls/lifecycle';

/**
 * Issue and page events (events-reference/jira, events-reference/confluence). Jira has no
 * "moved" event: a move is an `avi:jira:updated:issue` whose `jiraEventTypeName` is
 * `issue_moved`; the payload's issue carries its new key and project. Events may arrive up to
 * minutes late and more than once (manifest-reference/modules/trigger): both handlers are
 * idempotent — moving to where a poll is already, or deleting what is gone, changes nothing.
 */
const JiraIssueEvent = v.looseObject({
  eventType: v.string(),
  jiraEventTypeName: v.optional(v.string()),
  issue: v.looseObject({
    id: v.pipe(v.union([v.string(), v.number()]), v.transform(String)),
    key: v.string(),
    fields: v.optional(v.looseObject({ project: v.optional(v.looseObject({ key: v.string() })) })),
  }),
});
const ConfluencePageEvent = v.looseObject({
  eventType: v.string(),
  content: v.looseObject({ id: v.pipe(v.union([v.string(), v.number()]), v.transform(String)) }),
});

export async function handler(event: unknown): Promise<void> {
  const jira = v.safeParse(JiraIssueEvent, event);
  if (jira.success) {
    const { eventType, jiraEventTypeName, issue } = jira.output;
    if (eventType === 'avi:jira:deleted:issue') {
      await contentDeleted('jira', issue.id);
    } else if (eventType === 'avi:jira:updated:issue' && jiraEventTypeName === 'issue_moved' && issue.fields?.project) {
      await contentMoved('jira', issue.id, { workspace: issue.fields.project.key, content: issue.key });
    }
    return;
  }
  const page = v.safeParse(ConfluencePageEvent, event);
  // Only a deletion: a page in the trash can be restored, with its polls.
  if (page.success && page.output.eventType === 'avi:confluence:deleted:page') await contentDeleted('confluence', page.output.content.id);
}
