import type { AuditEvent, AuditOutcome } from '../../../../src/shared/tokens';
import { listAudit } from '../api';
import { usePaged, type PagedList } from '../use-paged';

export type ServerFilter = { tokenId: string | null; outcome: AuditOutcome | null };
export type AuditLog = PagedList<AuditEvent>;

const PAGE_SIZE = 50;

/**
 * The audit log newest first, filtered by token and outcome on the server, a page at a time.
 * Changing the filter or `refreshKey` starts again from the newest event.
 */
export function useAuditLog(filter: ServerFilter, refreshKey: number): { log: AuditLog; loadMore: () => void; reload: () => void } {
  const { tokenId, outcome } = filter;
  const { list, loadMore, reload } = usePaged(
    async (cursor) => {
      const result = await listAudit({
        limit: PAGE_SIZE,
        ...(tokenId ? { tokenId } : {}),
        ...(outcome ? { outcome } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return result.ok ? { ok: true, data: { items: result.data.events, nextCursor: result.data.nextCursor } } : result;
    },
    JSON.stringify([tokenId, outcome]),
    refreshKey,
  );
  return { log: list, loadMore, reload };
}
