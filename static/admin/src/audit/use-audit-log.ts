import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResolverError } from '../../../../src/shared/resolver-contract';
import type { AuditEvent, AuditOutcome } from '../../../../src/shared/tokens';
import { listAudit } from '../api';
import { failureMessage, settle, useForbidden } from '../use-resolver';

export type ServerFilter = { tokenId: string | null; outcome: AuditOutcome | null };

export type AuditLog =
  | { kind: 'loading' }
  | { kind: 'refused'; error: ResolverError }
  | { kind: 'unreachable' }
  | { kind: 'loaded'; events: AuditEvent[]; nextCursor: string | null; loadingMore: boolean; moreError: string | null };

const PAGE_SIZE = 50;

function query(filter: ServerFilter, cursor: string | null): Parameters<typeof listAudit>[0] {
  return {
    limit: PAGE_SIZE,
    ...(filter.tokenId ? { tokenId: filter.tokenId } : {}),
    ...(filter.outcome ? { outcome: filter.outcome } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * The audit log newest first, filtered by token and outcome on the server, a page at a time.
 * Changing the filter or `refreshKey` starts again from the newest event.
 */
export function useAuditLog(filter: ServerFilter, refreshKey: number): { log: AuditLog; loadMore: () => void; reload: () => void } {
  const onForbidden = useForbidden();
  const [log, setLog] = useState<AuditLog>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // Every fetch gets a number; an answer for anything but the latest is dropped.
  const generation = useRef(0);
  const { tokenId, outcome } = filter;

  useEffect(() => {
    const mine = ++generation.current;
    setLog({ kind: 'loading' });
    void settle(listAudit(query({ tokenId, outcome }, null)), onForbidden).then((result) => {
      if (mine !== generation.current) return;
      if (result.ok) setLog({ kind: 'loaded', ...result.data, loadingMore: false, moreError: null });
      else setLog(result.error ? { kind: 'refused', error: result.error } : { kind: 'unreachable' });
    });
  }, [tokenId, outcome, refreshKey, attempt, onForbidden]);

  const loadMore = useCallback(() => {
    if (log.kind !== 'loaded' || log.nextCursor === null || log.loadingMore) return;
    const mine = generation.current;
    setLog({ ...log, loadingMore: true, moreError: null });
    void settle(listAudit(query({ tokenId, outcome }, log.nextCursor)), onForbidden).then((result) => {
      if (mine !== generation.current) return;
      setLog((prev) => {
        if (prev.kind !== 'loaded') return prev;
        if (!result.ok) return { ...prev, loadingMore: false, moreError: failureMessage(result.error) };
        return {
          kind: 'loaded',
          events: [...prev.events, ...result.data.events],
          nextCursor: result.data.nextCursor,
          loadingMore: false,
          moreError: null,
        };
      });
    });
  }, [log, tokenId, outcome, onForbidden]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { log, loadMore, reload };
}
