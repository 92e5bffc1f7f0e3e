import { matchesGroup } from './conditions';
import { encodeCursor } from './cursor';
import { parseEntityQuery } from './entity-query-request';
import { scanIndex, type IndexCandidate } from './index-scan';
import { describeItem, type ItemBody } from './metadata';
import { momentOf, type ServiceContext } from './service-context';
import type { KvsResponse } from './service-types';

/**
 * `/api/v1/entity/query`. As in the DynamoDB-backed Forge service, `limit` caps the entities
 * read, and filters apply to those: a page can hold fewer results than the limit, even none,
 * while a cursor says more may follow.
 */
export function handleEntityQuery(context: ServiceContext, rawBody: unknown): KvsResponse {
  const plan = parseEntityQuery(context.catalog, rawBody);
  const moment = momentOf(context);
  return context.backend.read((reader) => {
    const data: ItemBody[] = [];
    let evaluated = 0;
    let last: IndexCandidate | undefined;
    let more = false;
    for (const candidate of scanIndex(reader, plan, moment)) {
      if (evaluated === plan.limit) {
        more = true;
        break;
      }
      evaluated += 1;
      last = candidate;
      if (plan.filters === undefined || matchesGroup(plan.filters, candidate.value)) {
        data.push(describeItem(candidate.key, candidate.record, plan.fields));
      }
    }
    if (!more || last === undefined) return { status: 200, body: { data } };
    return { status: 200, body: { data, cursor: encodeCursor({ scope: plan.scope, range: last.range, key: last.key }) } };
  });
}
