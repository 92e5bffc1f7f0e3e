import { contentRefOf, getPollRecord, locationKeyOf, queryPollsOfContent, updatePoll, type PollRecord } from '../platform/poll-store';
import { DomainError } from '../shared/domain-errors';
import type { PollProduct } from '../shared/polls';
import { deletePoll } from './poll-service';

/**
 * Polls follow their issue or page (DESIGN §10), told by product events (content-events.ts):
 * a poll belongs to the content's id, which a move does not change, and its workspace and key
 * are where the content is now; deleting the content deletes its polls and their votes.
 */
const PAGE = 100;
const ATTEMPTS = 5;

/** Every poll of an issue or page, whatever macro it is in; page by page. */
async function* pollsOfContent(product: PollProduct, contentId: string): AsyncGenerator<PollRecord> {
  let cursor: string | undefined;
  do {
    const page = await queryPollsOfContent(contentRefOf(product, contentId), { limit: PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.records;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** An issue moved (to another project, under a new key): its polls' workspace and content follow. */
export async function contentMoved(product: PollProduct, contentId: string, to: { workspace: string; content: string }): Promise<number> {
  let moved = 0;
  for await (const found of pollsOfContent(product, contentId)) {
    for (let attempt = 0, record: PollRecord | undefined = found; record && attempt < ATTEMPTS; attempt++) {
      if (record.workspace === to.workspace && record.content === to.content) break;
      const location = { product: record.product, workspace: to.workspace, content: to.content, container: record.container } as PollRecord;
      const next: PollRecord = {
        ...record,
        workspace: to.workspace,
        content: to.content,
        locationKey: locationKeyOf(location),
        version: record.version + 1,
        updatedAt: new Date().toISOString(),
      };
      if (await updatePoll(next, record.version)) {
        moved++;
        break;
      }
      record = await getPollRecord(record.id);
    }
  }
  return moved;
}

/** An issue or page was deleted: its polls go, with their votes. */
export async function contentDeleted(product: PollProduct, contentId: string): Promise<number> {
  let deleted = 0;
  // Deleting while paging would move the cursor under our feet: collect the ids first.
  const ids: string[] = [];
  for await (const record of pollsOfContent(product, contentId)) ids.push(record.id);
  for (const id of ids) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await deletePoll(id);
        deleted++;
        break;
      } catch (error) {
        // Already gone: nothing to do; changed meanwhile: read again and retry.
        if (error instanceof DomainError && error.kind === 'not_found') break;
        if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      }
    }
  }
  return deleted;
}
