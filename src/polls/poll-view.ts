import type { PollRecord } from '../platform/poll-store';
import type { Poll } from '../shared/polls';

/** The poll as answered, from its stored record. */
export function toPoll(record: PollRecord): Poll {
  return {
    id: record.id,
    title: record.title,
    description: record.description,
    options: record.options,
    settings: record.settings,
    product: record.product,
    workspace: record.workspace,
    content: record.content,
    container: record.container,
    status: statusOf(record),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
  };
}

/**
 * A poll set to close on its end date is closed from then on, whether or not the maintenance
 * job has marked it yet: voting never depends on that job having run.
 */
export function statusOf(record: Pick<PollRecord, 'status' | 'settings'>, now: number = Date.now()): Poll['status'] {
  if (record.status === 'closed') return 'closed';
  const { closePollOnEndDate, endDate } = record.settings;
  return closePollOnEndDate && endDate !== '' && Date.parse(endDate) <= now ? 'closed' : 'open';
}
